"""Ingest files into a workspace: hash, load (isolated), analyse, embed in batches, read, store.

A file whose bytes are already stored is reported `unchanged` after hashing alone: it is not
parsed and the embedding model is not loaded for it. A file that fails gets one error and the
batch goes on. New files are parsed in a worker, a few files ahead; their clauses are gathered
into groups of about BATCH_CLAUSES and embedded in one length-sorted model call per group (one
call per document pads every short document's last batch and sorts by length within a document
only), in the background while the group before it is read and stored; the model itself loads
there as soon as the first new file is parsed (it takes seconds). Each document is read
(topics, terms, risk: its vectors come from the embedding cache) and stored in one SQLite
transaction of its own, so an interrupted ingest loses at most the documents not yet
committed. Stored documents that another reader version read are then
read again (`reread.py`). The FAISS index is brought up to date and saved once, at the end (an
interrupted batch is caught up on the next open, from SQLite).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rfp_assist.errors import RfpAssistError, TooLarge
from rfp_assist.loaders import DEFAULT_MAX_BYTES, document_id
from rfp_assist.loaders.isolate import DEFAULT_TIMEOUT, load_isolated
from rfp_assist.model import Document
from rfp_assist.pipeline import Analysis, analyse
from rfp_assist.retrieval.reader_version import playbook_bytes, reader_version
from rfp_assist.retrieval.reread import RereadResult, reread_stale
from rfp_assist.retrieval.rows import record_from_reading
from rfp_assist.retrieval.store import Workspace

__all__ = [
    "IngestResult",
    "RereadResult",
    "expand_paths",
    "ingest_embedder",
    "ingest_paths",
    "record_from_reading",
    "reread_workspace",
]

if TYPE_CHECKING:
    from rfp_assist.retrieval.embed import Embedder
    from rfp_assist.understand import FlaggedTexts, Reader

#: File types picked up when a folder is ingested (a file named explicitly is always tried).
SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".text"})

Status = Literal["added", "unchanged", "failed"]

#: Clauses embedded in one model call: enough for full, evenly padded length-sorted batches;
#: small enough that reading one group overlaps embedding the next several times in a run
#: and that a large ingest holds the parsed documents of two groups only.
BATCH_CLAUSES = 512
#: Word pieces per model call when embedding a group: short clauses share bigger batches
#: (fewer, fuller calls; measured by bench/ingest.py).
BATCH_TOKENS = 8192
#: At most this many batches embedded at once, one per CPU, each on one thread (embed.py).
EMBED_WORKERS = 4
#: New files parsed ahead (one forked child at a time) while earlier ones are analysed.
LOAD_AHEAD = 4


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


def _hash(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(str(path), f"{size / 2**20:.1f} MB, limit {max_bytes / 2**20:.0f} MB")
    return document_id(path.read_bytes())


def embed_ahead(reader: Reader, texts: Sequence[str]) -> int:
    """Embed clause `texts` (masked: `flagged_texts`) in one call, into the reader's cache.

    Returns how many texts were embedded. `Reader.read` then finds every clause vector in the
    cache. Without a cache there is nowhere to keep them, and each document is embedded when it
    is read.
    """
    if reader.cache is None:
        return 0
    if texts:
        reader.embed(texts)
    return len(texts)


@dataclass(frozen=True)
class _Parsed:
    """A new file, loaded and analysed, waiting for its group to be embedded."""

    path: Path
    analysis: Analysis
    flagged: FlaggedTexts  # found once: embedded ahead, then read

    @property
    def texts(self) -> list[str]:
        """The clause texts the reader embeds (flagged text masked)."""
        return self.flagged[2]


def ingest_paths(
    workspace: Workspace,
    paths: Iterable[str | os.PathLike[str]],
    *,
    reader: Callable[[], Reader] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    on_result: Callable[[IngestResult], None] | None = None,
    batch_clauses: int = BATCH_CLAUSES,
    playbook: str | Path | None = None,
    on_reread: Callable[[RereadResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest every file of `paths` into `workspace`; one result per file, in order.

    `reader` makes the Reader (model, topic model, playbook) and is called at most once, on
    the first file that needs reading; `playbook` is the one it reads with (default: the
    shipped one), part of the reader version stored with each document. New files' clauses
    are embedded in groups of about `batch_clauses`; each document is still stored in its own
    transaction. Stored documents read by another reader version are read again.
    """
    files = expand_paths(paths)
    version = reader_version(playbook_bytes(playbook), model=workspace.model)
    get_reader = _reader_once(workspace, reader, playbook)

    results: list[IngestResult] = []

    def finish(result: IngestResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    group: list[IngestResult | _Parsed] = []
    size = 0
    # One group is embedded in the background while the one before it is read and stored and
    # the next one parsed: the model's batches and our own Python work overlap.
    with _one_blas_thread(), ThreadPoolExecutor(max_workers=1) as background:
        waiting: _Group | None = None
        warming = False
        for path, loaded in _prefetch(files, workspace, max_bytes, timeout):
            item = _analysed(workspace, path, loaded)
            if isinstance(item, _Parsed) and not warming:
                # The model loads (seconds) while the first groups are parsed, not after.
                background.submit(_warm_up, get_reader, item.texts)
                warming = True
            if isinstance(item, IngestResult) and not group and waiting is None:
                finish(item)  # nothing waits before it: report it now
                continue
            group.append(item)
            size += len(item.analysis.clauses) if isinstance(item, _Parsed) else 0
            if size >= batch_clauses:
                started = _embed_later(background, group, get_reader)
                _store_group(workspace, waiting, get_reader, finish, version)
                waiting, group, size = started, [], 0
        started = _embed_later(background, group, get_reader)
        _store_group(workspace, waiting, get_reader, finish, version)
        _store_group(workspace, started, get_reader, finish, version)
    reread = reread_stale(workspace, get_reader, version, on_reread)
    if any(r.status == "added" for r in results) or reread:
        workspace.index()
    return results


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """numpy's matrix products on the calling thread only, while parse workers are forked.

    A worker is forked from the prefetch thread while this thread classifies (numpy products).
    OpenBLAS stops its own threads at every fork: a product they were running never returns,
    and the ingest spins at 100% CPU for ever (seen in bench/ingest.py). With one BLAS thread
    a product runs where it was called. Torch's own BLAS (the embeddings) is not affected.
    """
    from threadpoolctl import threadpool_limits

    limits: contextlib.AbstractContextManager[object] = threadpool_limits(1, user_api="blas")
    return limits


def reread_workspace(
    workspace: Workspace,
    *,
    reader: Callable[[], Reader] | None = None,
    playbook: str | Path | None = None,
    on_reread: Callable[[RereadResult], None] | None = None,
) -> list[RereadResult]:
    """Re-read the stored documents that another reader version read (what `ingest` does last)."""
    version = reader_version(playbook_bytes(playbook), model=workspace.model)
    results = reread_stale(workspace, _reader_once(workspace, reader, playbook), version, on_reread)
    if results:
        workspace.index()
    return results


def ingest_embedder() -> Embedder:
    """The embedder ingest reads with: token-sized batches, one worker per CPU (up to 4)."""
    from rfp_assist.retrieval.embed import Embedder, cpu_count

    return Embedder(batch_tokens=BATCH_TOKENS, workers=min(cpu_count(), EMBED_WORKERS))


def _reader_once(
    workspace: Workspace, reader: Callable[[], Reader] | None, playbook: str | Path | None
) -> Callable[[], Reader]:
    """A function making the Reader on its first call and returning the same one after."""
    made: list[Reader] = []
    lock = threading.Lock()  # called from the background thread too

    def get_reader() -> Reader:
        with lock:
            if not made:
                if reader is not None:
                    made.append(reader())
                else:
                    from rfp_assist.understand import Reader

                    cache, embedder = workspace.cache_path, ingest_embedder()
                    made.append(Reader(cache_path=cache, embedder=embedder, playbook_path=playbook))
            return made[0]

    return get_reader


Loaded = tuple[str, Future[Document] | None] | RfpAssistError | OSError


def _preload_loaders() -> None:
    """Import the PDF and DOCX loaders here, once, not again in every forked parse worker.

    Also what they import on first use: a module that the background thread (loading the
    embedding model) is importing when a worker is forked stays locked in that worker.
    """
    import time

    import rfp_assist.loaders.docx
    import rfp_assist.loaders.pdf  # noqa: F401

    time.strptime("2026", "%Y")  # imports _strptime (document dates), as the model load does


def _prefetch(
    files: list[Path], workspace: Workspace, max_bytes: int, timeout: float
) -> Iterator[tuple[Path, Loaded]]:
    """Hash each file and parse new ones LOAD_AHEAD files ahead, in a worker, while we read."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: list[tuple[Path, Loaded]] = []
        preloaded = False
        for path in files:
            try:
                digest = _hash(path, max_bytes)
                future = None
                if not workspace.has_document(digest):
                    if not preloaded:
                        _preload_loaders()
                        preloaded = True
                    future = pool.submit(load_isolated, os.path.abspath(path),
                                         max_bytes=max_bytes, timeout=timeout)  # fmt: skip
                pending.append((path, (digest, future)))
            except (RfpAssistError, OSError) as exc:
                pending.append((path, exc))
            if len(pending) > LOAD_AHEAD:
                yield pending.pop(0)
        yield from pending


def _failed(name: str, digest: str | None, exc: Exception) -> IngestResult:
    if isinstance(exc, RfpAssistError):
        return IngestResult(name, "failed", digest, error=str(exc))
    return IngestResult(name, "failed", digest, error=f"{name}: {type(exc).__name__}: {exc}")


def _analysed(workspace: Workspace, path: Path, loaded: Loaded) -> IngestResult | _Parsed:
    """The file's result when it is done (failed, unchanged), else its analysis."""
    name = str(path)
    if isinstance(loaded, OSError):
        return IngestResult(name, "failed", error=f"{name}: {loaded.strerror or loaded}")
    if isinstance(loaded, RfpAssistError):
        return IngestResult(name, "failed", error=str(loaded))
    digest, future = loaded
    try:
        if future is None or workspace.has_document(digest):
            return IngestResult(name, "unchanged", digest, _clause_count(workspace, digest))
        from rfp_assist.understand import flagged_texts

        analysis = analyse(future.result())
        return _Parsed(path, analysis, flagged_texts(analysis))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end the batch
        return _failed(name, digest, exc)


@dataclass(frozen=True)
class _Group:
    """Files in input order whose new clauses are being embedded (`embedding`, if any)."""

    items: list[IngestResult | _Parsed]
    embedding: Future[int] | None


def _embed_later(
    background: ThreadPoolExecutor,
    items: list[IngestResult | _Parsed],
    get_reader: Callable[[], Reader],
) -> _Group | None:
    """Start embedding the new clauses of `items` in the background (None for no items)."""
    if not items:
        return None
    texts = [text for item in items if isinstance(item, _Parsed) for text in item.texts]
    if not texts:
        return _Group(items, None)
    return _Group(items, background.submit(_embed_group, get_reader, texts))


def _embed_group(get_reader: Callable[[], Reader], texts: list[str]) -> int:
    """`embed_ahead` with the reader (made here, in the background, on the first group)."""
    return embed_ahead(get_reader(), texts)


def _warm_up(get_reader: Callable[[], Reader], texts: list[str]) -> None:
    """Make the reader and its topic model; load the embedding model unless `texts` are cached.

    Runs in the background as soon as the first new file is parsed, while the next ones are:
    loading the model takes seconds, and every embedding waits for it. A first document whose
    clauses are all cached (the same files into a new workspace) is taken as a sign that the
    model may never be needed.
    """
    from rfp_assist.retrieval.embed import text_key

    reader = get_reader()
    keys = sorted({text_key(t) for t in texts})
    cached = reader.cache.get_many(reader.embedder.model_id, keys) if reader.cache else {}
    if len(cached) < len(keys):
        reader.embedder.model  # noqa: B018 - a property that loads the model
    reader.topic_model  # noqa: B018 - a property that builds the topic model


def _store_group(
    workspace: Workspace,
    group: _Group | None,
    get_reader: Callable[[], Reader],
    finish: Callable[[IngestResult], None],
    version: str,
) -> None:
    """Wait for the group's embedding, then read and store each document in turn."""
    if group is None:
        return
    if group.embedding is not None:
        # A failure here (the model would not load, say) is reported by each document's read.
        with contextlib.suppress(Exception):
            group.embedding.result()
    for item in group.items:
        if isinstance(item, IngestResult):
            finish(item)
        else:
            finish(_store(workspace, item, get_reader, version))


def _store(
    workspace: Workspace, parsed: _Parsed, get_reader: Callable[[], Reader], version: str
) -> IngestResult:
    """Read one analysed document and store it in one transaction."""
    name, document = str(parsed.path), parsed.analysis.document
    try:
        reading = get_reader().read(parsed.analysis, flagged=parsed.flagged)
        added = workspace.add(record_from_reading(reading, version))
        status: Status = "added" if added else "unchanged"
        return IngestResult(name, status, document.id, len(reading.clauses))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end the batch
        return _failed(name, document.id, exc)


def _clause_count(workspace: Workspace, document: str) -> int:
    with workspace.snapshot() as db:
        row = db.execute("SELECT count(*) FROM clauses WHERE document = ?", (document,))
        return int(row.fetchone()[0])
