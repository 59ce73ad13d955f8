"""Where compared documents come from: the workspace (no re-reading), else the files themselves.

A document already ingested is rebuilt from SQLite as the `DocumentRecord` that was stored
(clauses, topics, terms, risk, flags, vectors): no parsing, no embedding model. A file whose
bytes are not in the workspace is loaded in the isolated worker and read with a `Reader`
(made on first need, so a run served wholly from the workspace never loads the model).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml
from pydantic import ValidationError

from rfp_assist.analysis.compare import Matrix, compare
from rfp_assist.analysis.coverage import Coverage, coverage
from rfp_assist.analysis.playbook import Playbook
from rfp_assist.analysis.scorecard import (
    Criterion,
    Scorecard,
    ScorecardError,
    criteria_from_rfp,
    parse_criteria,
    scorecard,
)
from rfp_assist.errors import RfpAssistError, TooLarge
from rfp_assist.loaders import DEFAULT_MAX_BYTES, document_id
from rfp_assist.model import Clause, Document, Flag, Term
from rfp_assist.retrieval.rows import layout_from_json
from rfp_assist.retrieval.store import ClauseRecord, DocumentRecord, Workspace

if TYPE_CHECKING:
    from rfp_assist.understand import Reader

_CLAUSE_COLUMNS = (
    'pk, id, number, heading, kind, depth, parent, page, page_end, start, "end", text,'
    " search_text, risk, reasons"
)


def stored_ids(workspace: Workspace, kinds: Sequence[str] | None = None) -> list[str]:
    """Ids of the stored documents (oldest first), only of `kinds` when given."""
    return [d["id"] for d in workspace.documents() if kinds is None or d["kind"] in kinds]


def load_record(workspace: Workspace, document: str) -> DocumentRecord:
    """The stored record of one document (by id), as `ingest` wrote it."""
    with workspace.snapshot() as db:
        row = db.execute(
            "SELECT id, path, kind, party, media_type, title, text, layout, warnings"
            " FROM documents WHERE id = ?",
            (document,),
        ).fetchone()
        if row is None:
            raise KeyError(document)
        doc_id, path, kind, party, media_type, title, text, layout, warnings = row
        pages, _ = layout_from_json(layout)
        doc = Document(
            doc_id,
            path,
            media_type,
            text,
            pages,
            (),
            title=title,
            warnings=tuple(json.loads(warnings)),
        )
        rows = db.execute(
            f"SELECT {_CLAUSE_COLUMNS} FROM clauses WHERE document = ? ORDER BY seq", (doc_id,)
        ).fetchall()
        pk_list = [r[0] for r in rows]
        topics: dict[int, list[tuple[str, float]]] = {pk: [] for pk in pk_list}
        terms: dict[int, list[Term]] = {pk: [] for pk in pk_list}
        sub = "SELECT pk FROM clauses WHERE document = ?"
        for pk, topic, score in db.execute(
            f"SELECT pk, topic, score FROM clause_topics WHERE pk IN ({sub})", (doc_id,)
        ):
            topics[pk].append((topic, float(score)))
        for pk, topic, key, value, start, end in db.execute(
            f'SELECT pk, topic, key, value, start, "end" FROM terms WHERE pk IN ({sub})'
            " ORDER BY rowid",
            (doc_id,),
        ):
            terms[pk].append(Term(topic, key, json.loads(value), start, end))
        flags = tuple(
            Flag(kind, reason, start, end, page, flag_text, clause)
            for clause, kind, reason, start, end, page, flag_text in db.execute(
                'SELECT clause, kind, reason, start, "end", page, text FROM flags'
                " WHERE document = ? ORDER BY start",
                (doc_id,),
            )
        )
    clauses = []
    for (
        pk,
        cid,
        number,
        heading,
        ckind,
        depth,
        parent,
        page,
        page_end,
        start,
        end,
        ctext,
        search_text,
        risk,
        reasons,
    ) in rows:
        clause = Clause(
            cid, doc_id, number, heading, start, end, ctext, page, page_end, ckind, depth, parent
        )
        ranked = tuple(sorted(topics[pk], key=lambda pair: -pair[1]))
        clauses.append(
            ClauseRecord(
                clause, search_text, ranked, tuple(terms[pk]), risk, tuple(json.loads(reasons))
            )
        )
    keys, vectors = workspace.vectors(np.array(pk_list, dtype=np.int64))
    order = {int(k): i for i, k in enumerate(keys)}
    if len(order) == len(pk_list):
        vectors = vectors[[order[pk] for pk in pk_list]]
    else:  # vectors are derived data; a clause without one simply has no similarity
        vectors = np.zeros((len(pk_list), workspace.dimension), dtype=np.float32)
    return DocumentRecord(doc, kind, party, tuple(clauses), vectors, flags)


@dataclass(frozen=True)
class Sourced:
    """A record to compare, or the one-line error that kept a file out (and where it came from)."""

    path: str
    record: DocumentRecord | None
    source: str  # "workspace" | "file" | "failed"
    error: str | None = None


def records_for_paths(
    paths: Sequence[str | os.PathLike[str]],
    workspace: Workspace | None,
    reader: Callable[[], Reader],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_reading: Callable[[str], None] | None = None,
) -> Iterator[Sourced]:
    """One `Sourced` per path: the workspace copy when its bytes are stored, else read now.

    `on_reading(path)` is called before a file is read afresh (the slow case).
    """
    from rfp_assist.loaders.isolate import load_isolated
    from rfp_assist.pipeline import analyse
    from rfp_assist.retrieval.ingest import record_from_reading

    for raw in paths:
        name = str(raw)
        try:
            size = Path(raw).stat().st_size
            if size > max_bytes:
                raise TooLarge(name, f"{size / 2**20:.1f} MB, limit {max_bytes / 2**20:.0f} MB")
            digest = document_id(Path(raw).read_bytes())
            if workspace is not None and workspace.has_document(digest):
                record = load_record(workspace, digest)
                yield Sourced(name, record, "workspace")
                continue
            if on_reading is not None:
                on_reading(name)
            document = load_isolated(os.path.abspath(raw), max_bytes=max_bytes)
            reading = reader().read(analyse(document))
            yield Sourced(name, record_from_reading(reading), "file")
        except RfpAssistError as exc:
            yield Sourced(name, None, "failed", str(exc))
        except OSError as exc:
            yield Sourced(name, None, "failed", f"{name}: {exc.strerror or exc}")


@dataclass(frozen=True)
class Comparison:
    """Everything `compare` reports: the matrix, RFP coverage and the scorecard."""

    matrix: Matrix
    coverage: Coverage | None
    scorecard: Scorecard


DEFAULT_SCORECARD = "data/scorecard.yaml"


def load_criteria(path: str | os.PathLike[str] | None) -> tuple[list[Criterion], str]:
    """Criteria from a user's scorecard YAML (or the shipped default), and where from."""
    try:
        if path is None:
            text = resources.files("rfp_assist").joinpath(DEFAULT_SCORECARD).read_text("utf-8")
            name = "default scorecard (rfp_assist/data/scorecard.yaml)"
        else:
            text = Path(path).read_text("utf-8")
            name = f"scorecard file {path}"
        return parse_criteria(yaml.safe_load(text)), name
    except OSError as exc:
        raise ScorecardError(f"{path}: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).strip().splitlines()
        raise ScorecardError(f"{path}: not a valid scorecard: {' '.join(first[:3])}") from exc


def build_comparison(
    records: Sequence[DocumentRecord],
    playbook: Playbook,
    *,
    rfp: DocumentRecord | None = None,
    scorecard_path: str | os.PathLike[str] | None = None,
) -> Comparison:
    """Matrix, coverage (with an RFP) and scorecard; criteria: user file > RFP > default."""
    matrix = compare(records, playbook)
    cov = coverage(rfp, records) if rfp is not None else None
    stated = criteria_from_rfp(rfp) if rfp is not None and scorecard_path is None else []
    if stated:
        assert rfp is not None
        criteria, source = stated, f"weights stated in the RFP {rfp.document.name}"
    else:
        criteria, source = load_criteria(scorecard_path)
    return Comparison(matrix, cov, scorecard(criteria, source, matrix, cov))
