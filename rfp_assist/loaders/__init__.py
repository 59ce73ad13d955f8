"""Turn files into Documents: the format is read from the bytes, never trusted from the name."""

from __future__ import annotations

import hashlib
import os
import zipfile
from io import BytesIO
from pathlib import Path

from rfp_assist.errors import EmptyFile, TooLarge, UnsupportedFormat
from rfp_assist.model import Document, MediaType

#: Default upper bound on a file's size; callers may pass their own.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def document_id(data: bytes) -> str:
    """The stable id of a document: the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes, path: str) -> MediaType:
    """Decide the format from the content; raise UnsupportedFormat for anything else."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-") or b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormat(path, f"a damaged ZIP archive: {exc}") from None
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormat(path, "a ZIP archive that is not a Word document")
    if _looks_like_text(data):
        return "text"
    raise UnsupportedFormat(path, _describe_binary(head))


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still text.
        if exc.start < len(sample) - 4:
            return _mostly_printable_cp1252(sample)
    return True


def _mostly_printable_cp1252(sample: bytes) -> bool:
    """Legacy Windows text: decodes as Windows-1252 into (almost only) printable characters."""
    text = sample.decode("cp1252", errors="replace")
    printable = sum((ch.isprintable() and ch != "\ufffd") or ch in "\r\n\t\f" for ch in text)
    return printable / max(len(text), 1) > 0.97


_MAGIC = {
    b"MZ": "a Windows executable",
    b"\x7fELF": "a Linux executable",
    b"\xcf\xfa\xed\xfe": "a macOS executable",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old binary Office file (.doc/.xls); save it as .docx or PDF",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}


def _describe_binary(head: bytes) -> str:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"the content is {what}"
    return "the content is binary data of an unknown type"


def load_bytes(data: bytes, path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load a document from its bytes; `path` names it in the result and in errors."""
    if not data:
        raise EmptyFile(path)
    if len(data) > max_bytes:
        raise TooLarge(path, f"{len(data):,} bytes > limit {max_bytes:,}")
    kind = sniff(data, path)
    if kind == "pdf":
        from rfp_assist.loaders.pdf import load_pdf

        return load_pdf(data, path)
    if kind == "docx":
        from rfp_assist.loaders.docx import load_docx

        return load_docx(data, path)
    from rfp_assist.loaders.text import load_text

    return load_text(data, path)


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load the file at `path`, checking its size before reading it whole."""
    p = Path(path)
    name = str(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise TooLarge(name, f"{size:,} bytes > limit {max_bytes:,}")
    return load_bytes(p.read_bytes(), name, max_bytes=max_bytes)
