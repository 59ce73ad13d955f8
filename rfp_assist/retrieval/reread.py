"""Re-read stored documents whose readings another reader version made.

Re-ingesting the same bytes is a no-op, so a document keeps the topics, terms, risk and flags
it was given when it was ingested. When the reader changes (`reader_version.py`), each stale
document is rebuilt from what the workspace stores (its text, pages, clauses, the hidden spans
its loader found and its other segments), read again, and its readings rewritten in one
transaction of its own (`Workspace.replace_readings`, audit-logged as `reread`). Vectors are
kept: they depend only on the text and the model, and the stored ones go into the reader's
embedding cache first, so only a clause whose masked text changed is embedded again. An
interrupted run leaves every document either re-read or still stale, to be re-read next time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rfp_assist.model import Clause, Document, StyledSpan
from rfp_assist.pipeline import Analysis
from rfp_assist.retrieval.rows import (
    DocumentRecord,
    layout_from_json,
    record_from_reading,
    region_from_row,
)
from rfp_assist.retrieval.store import Workspace

if TYPE_CHECKING:
    from rfp_assist.understand import Reader

_CLAUSE_COLUMNS = (
    'c.id, c.number, c.heading, c.start, c."end", c.text, c.page, c.page_end, c.kind, c.depth,'
    " c.parent, c.search_text, v.vector"
)


@dataclass(frozen=True)
class Stored:
    """A stored document as a reader sees it, with the vector of each stored search text."""

    analysis: Analysis
    vectors: dict[str, np.ndarray]


@dataclass(frozen=True)
class RereadResult:
    """What became of one stale document: re-read (with clauses re-embedded) or failed."""

    document: str
    path: str
    clauses: int = 0
    embedded: int = 0
    error: str | None = None


def stored_document(workspace: Workspace, document_id: str) -> Stored | None:
    """The stored document rebuilt for reading (None if it is not stored)."""
    with workspace.snapshot() as db:
        row = db.execute(
            "SELECT path, media_type, text, layout, warnings, title, kind, party, extra"
            " FROM documents WHERE id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            return None
        path, media_type, text, layout, warnings, title, kind, party, extra = row
        rows = db.execute(
            f"SELECT {_CLAUSE_COLUMNS} FROM clauses c LEFT JOIN vectors v ON v.pk = c.pk"
            " WHERE c.document = ? ORDER BY c.seq",
            (document_id,),
        ).fetchall()
        hidden = db.execute(
            'SELECT start, "end", page, reason FROM flags WHERE document = ?'
            " AND kind = 'hidden_text' ORDER BY rowid",
            (document_id,),
        ).fetchall()
    pages, blocks = layout_from_json(layout)
    doc = Document(
        document_id,
        path,
        media_type,
        text,
        pages,
        blocks,
        hidden=tuple(StyledSpan(*span) for span in hidden),
        warnings=tuple(json.loads(warnings)),
        title=title,
    )
    clauses = tuple(Clause(r[0], document_id, *r[1:11]) for r in rows)
    regions = tuple(region_from_row(r, doc) for r in json.loads(extra).get("regions", []))
    vectors = {r[11]: np.frombuffer(r[12], dtype=np.float32) for r in rows if r[12]}
    return Stored(Analysis(doc, clauses + regions, kind, party), vectors)


def reread_document(
    workspace: Workspace, reader: Reader, document_id: str, version: str
) -> RereadResult | None:
    """Read one stored document again and rewrite its readings; None if there was nothing to do."""
    from rfp_assist.retrieval.embed import text_key

    stored = stored_document(workspace, document_id)
    if stored is None:
        return None
    if reader.cache is not None:  # keep the stored vectors: embed only what changed
        known = {text_key(text): vector for text, vector in stored.vectors.items()}
        have = reader.cache.get_many(reader.embedder.model_id, sorted(known))
        missing = {k: v for k, v in known.items() if k not in have}
        if missing:
            reader.cache.put_many(reader.embedder.model_id, missing)
    record: DocumentRecord = record_from_reading(reader.read(stored.analysis), version)
    embedded = workspace.replace_readings(record)
    if embedded is None:
        return None
    doc = stored.analysis.document
    return RereadResult(doc.id, doc.path, len(record.clauses), embedded)


def reread_stale(
    workspace: Workspace,
    get_reader: Callable[[], Reader],
    version: str,
    on_result: Callable[[RereadResult], None] | None = None,
) -> list[RereadResult]:
    """Re-read every stored document not read by `version`; one result per document re-read.

    `get_reader` is called only if some document is stale. A document that fails is reported
    and stays stale; the others go on.
    """
    results: list[RereadResult] = []
    for document_id in workspace.stale_documents(version):
        try:
            result = reread_document(workspace, get_reader(), document_id, version)
        except Exception as exc:  # noqa: BLE001 - one document's failure must not end the rest
            result = RereadResult(document_id, "", error=f"{document_id[:12]}: re-read failed: "
                                  f"{type(exc).__name__}: {exc}")  # fmt: skip
        if result is not None:
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results
