"""Ingest files into a workspace: hash, load (isolated), analyse, read and store, file by file.

A file whose bytes are already stored is reported `unchanged` after hashing alone: it is not
parsed and the embedding model is not loaded for it. A file that fails gets one error and the
batch goes on. Each document is stored in one SQLite transaction; the FAISS index is brought up
to date and saved once, at the end of the batch (an interrupted batch is caught up on the next
open, from SQLite).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rfp_assist.errors import RfpAssistError, TooLarge
from rfp_assist.loaders import DEFAULT_MAX_BYTES, document_id
from rfp_assist.loaders.isolate import DEFAULT_TIMEOUT, load_isolated
from rfp_assist.model import Document
from rfp_assist.pipeline import analyse
from rfp_assist.retrieval.store import ClauseRecord, DocumentRecord, Workspace

if TYPE_CHECKING:
    from rfp_assist.understand import Reader, Reading

#: File types picked up when a folder is ingested (a file named explicitly is always tried).
SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".text"})

Status = Literal["added", "unchanged", "failed"]


@dataclass(frozen=True)
class IngestResult:
    """What became of one file: added, unchanged (already stored) or failed (with why)."""

    path: str
    status: Status
    document: str | None = None
    clauses: int = 0
    error: str | None = None


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and the supported files inside folders (recursively, sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and found.suffix.lower() in SUPPORTED_SUFFIXES and not hidden:
                    out.append(found)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def record_from_reading(reading: Reading) -> DocumentRecord:
    """The rows to store for a read document (search text = the text that was embedded)."""
    from rfp_assist.understand import masked

    analysis = reading.analysis
    clauses = tuple(
        ClauseRecord(
            clause=r.clause,
            search_text=masked(r.clause.text, r.clause.start, r.flags),
            topics=tuple((s.topic, s.score) for s in r.topics),
            terms=r.terms,
            risk=r.risk,
            reasons=r.reasons,
        )
        for r in reading.clauses
    )
    return DocumentRecord(
        document=analysis.document,
        kind=analysis.kind,
        party=analysis.party,
        clauses=clauses,
        vectors=reading.vectors,
        flags=reading.flags,
    )


def _hash(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(str(path), f"{size / 2**20:.1f} MB, limit {max_bytes / 2**20:.0f} MB")
    return document_id(path.read_bytes())


def ingest_paths(
    workspace: Workspace,
    paths: Iterable[str | os.PathLike[str]],
    *,
    reader: Callable[[], Reader] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    on_result: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest every file of `paths` into `workspace`; one result per file, in order.

    `reader` makes the Reader (model, topic model, playbook) and is called at most once, on
    the first file that needs reading.
    """
    files = expand_paths(paths)
    made: list[Reader] = []

    def get_reader() -> Reader:
        if not made:
            if reader is not None:
                made.append(reader())
            else:
                from rfp_assist.understand import Reader

                made.append(Reader(cache_path=workspace.cache_path))
        return made[0]

    results: list[IngestResult] = []
    for path, loaded in _prefetch(files, workspace, max_bytes, timeout):
        result = _ingest_one(workspace, path, loaded, get_reader)
        results.append(result)
        if on_result is not None:
            on_result(result)
    if any(r.status == "added" for r in results):
        workspace.index()
    return results


Loaded = tuple[str, Future[Document] | None] | RfpAssistError | OSError


def _prefetch(
    files: list[Path], workspace: Workspace, max_bytes: int, timeout: float
) -> Iterator[tuple[Path, Loaded]]:
    """Hash each file and parse new ones one file ahead, in a worker, while the last is read."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: list[tuple[Path, Loaded]] = []
        for path in files:
            try:
                digest = _hash(path, max_bytes)
                future = None
                if not workspace.has_document(digest):
                    future = pool.submit(load_isolated, os.path.abspath(path),
                                         max_bytes=max_bytes, timeout=timeout)  # fmt: skip
                pending.append((path, (digest, future)))
            except (RfpAssistError, OSError) as exc:
                pending.append((path, exc))
            if len(pending) > 1:
                yield pending.pop(0)
        yield from pending


def _ingest_one(
    workspace: Workspace, path: Path, loaded: Loaded, get_reader: Callable[[], Reader]
) -> IngestResult:
    name = str(path)
    if isinstance(loaded, OSError):
        return IngestResult(name, "failed", error=f"{name}: {loaded.strerror or loaded}")
    if isinstance(loaded, RfpAssistError):
        return IngestResult(name, "failed", error=str(loaded))
    digest, future = loaded
    try:
        if future is None or workspace.has_document(digest):
            return IngestResult(name, "unchanged", digest, _clause_count(workspace, digest))
        document = future.result()
        reading = get_reader().read(analyse(document))
        added = workspace.add(record_from_reading(reading))
        status: Status = "added" if added else "unchanged"
        return IngestResult(name, status, document.id, len(reading.clauses))
    except RfpAssistError as exc:
        return IngestResult(name, "failed", digest, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end the batch
        return IngestResult(name, "failed", digest, error=f"{name}: {type(exc).__name__}: {exc}")


def _clause_count(workspace: Workspace, document: str) -> int:
    with workspace.snapshot() as db:
        row = db.execute("SELECT count(*) FROM clauses WHERE document = ?", (document,))
        return int(row.fetchone()[0])
