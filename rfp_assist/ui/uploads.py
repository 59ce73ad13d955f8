"""Uploaded files: checked from their bytes, kept in the workspace, then ingested (no Streamlit).

The browser's file name and MIME type are only labels: the format is read from the bytes
(`loaders.sniff`), the size is checked against the limit, and parsing runs in the isolated
worker that `ingest_paths` uses, so a hostile file costs one error line and the rest go on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rfp_assist.errors import EmptyFile, RfpAssistError, TooLarge, UnsupportedFormat
from rfp_assist.loaders import DEFAULT_MAX_BYTES, document_id, sniff
from rfp_assist.retrieval.ingest import IngestResult, ingest_paths
from rfp_assist.retrieval.store import Workspace

if TYPE_CHECKING:  # the Reader (and the model behind it) is made only when a file is read
    from rfp_assist.understand import Reader

#: What the app accepts: PDF and Word. Plain text is a format of the CLI, not of uploads.
ACCEPTED = frozenset({"pdf", "docx"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_name(name: str) -> str:
    """A file name that is safe on disk: no folders, no odd characters, never empty or hidden."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:120]
    return cleaned or "upload"


def check_upload(name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The format read from the bytes ("pdf" or "docx"); raise a LoadError naming `name`."""
    if not data:
        raise EmptyFile(name)
    if len(data) > max_bytes:
        raise TooLarge(name, f"{len(data) / 2**20:.1f} MB, limit {max_bytes / 2**20:.0f} MB")
    kind = sniff(data, name)
    if kind not in ACCEPTED:
        raise UnsupportedFormat(name, "the content is plain text; upload a PDF or a Word file")
    return kind


def store_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write the bytes under `folder/<sha256 prefix>/<safe name>` and return the path."""
    target = folder / document_id(data)[:16] / safe_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        temporary = target.with_name(target.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(target)
    return target


@dataclass(frozen=True)
class UploadResult:
    """What became of one uploaded file, named as the user named it."""

    name: str
    status: str  # added, unchanged or failed
    document: str | None
    clauses: int
    error: str | None


def ingest_upload(
    workspace: Workspace,
    folder: Path,
    name: str,
    data: bytes,
    reader: Callable[[], Reader],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> UploadResult:
    """Check, keep and ingest one uploaded file; a bad file gives a failed result, not an error."""
    try:
        check_upload(name, data, max_bytes)
        path = store_upload(folder, name, data)
    except RfpAssistError as exc:
        return UploadResult(name, "failed", None, 0, str(exc))
    except OSError as exc:
        return UploadResult(name, "failed", None, 0, f"{name}: cannot keep it ({exc.strerror})")
    results: list[IngestResult] = ingest_paths(
        workspace, [path], reader=reader, max_bytes=max_bytes
    )
    result = results[0]
    # Errors name the file as the user knows it, not the path it was kept under.
    error = result.error.replace(str(path), name) if result.error else None
    if result.status == "failed":
        path.unlink(missing_ok=True)
    return UploadResult(name, result.status, result.document, result.clauses, error)


def kept_copies(folder: Path, document: str) -> list[Path]:
    """The kept copies of an uploaded document (found by its sha256, so moves do not matter)."""
    home = folder / document[:16]
    if not home.is_dir():
        return []
    return sorted(
        p for p in home.iterdir() if p.is_file() and document_id(p.read_bytes()) == document
    )


def forget_upload(folder: Path, document: str) -> None:
    """Remove the kept copies of a deleted document (files outside `folder` are left alone)."""
    for path in kept_copies(folder, document):
        path.unlink(missing_ok=True)
    home = folder / document[:16]
    if home.is_dir() and not any(home.iterdir()):
        home.rmdir()


def original_path(path: str, document: str, folder: Path) -> Path | None:
    """The file holding exactly the document's bytes: where it was ingested from, else the
    app's kept copy (a file changed since ingest would put highlights in the wrong places)."""
    for candidate in (Path(path), folder / document[:16] / Path(path).name):
        try:
            data = candidate.read_bytes()
        except OSError:
            continue
        if document_id(data) == document:
            return candidate
    return None
