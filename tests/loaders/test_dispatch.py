"""The dispatcher: format from content, one clear error per bad input, isolation from crashes."""

from __future__ import annotations

import pytest

from rfp_assist.errors import (
    CorruptDocument,
    EmptyFile,
    LoadError,
    TooLarge,
    UnsupportedFormat,
)
from rfp_assist.loaders import document_id, load, load_bytes, sniff
from rfp_assist.loaders.isolate import load_isolated

ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4
PE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4


def test_empty_file(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("empty.pdf", b"")
    with pytest.raises(EmptyFile) as err:
        load(path)
    assert str(err.value) == f"{path}: the file is empty"


@pytest.mark.parametrize(("data", "what"), [(ELF, "Linux executable"), (PE, "Windows executable")])
def test_executable_renamed_pdf(write_file, data: bytes, what: str) -> None:  # type: ignore[no-untyped-def]
    path = write_file("proposal.pdf", data)
    with pytest.raises(UnsupportedFormat) as err:
        load(path)
    assert str(path) in str(err.value)
    assert what in str(err.value)
    assert "\n" not in str(err.value)


def test_zip_that_is_not_docx(write_file) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        load(write_file("x.docx", buffer.getvalue()))


def test_size_limit_is_checked_before_reading(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("big.txt", b"a" * 2048)
    with pytest.raises(TooLarge, match="2,048 bytes > limit 1,024"):
        load(path, max_bytes=1024)
    assert load(path, max_bytes=4096).text == "a" * 2048


def test_content_wins_over_extension(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("notes.pdf", b"1. Scope\nThe Vendor shall manufacture.\n")
    doc = load(path)
    assert doc.media_type == "text"
    assert sniff(b"%PDF-1.7\n", "x.txt") == "pdf"


def test_document_id_is_sha256_of_bytes() -> None:
    doc = load_bytes(b"1. Scope\n", "a.txt")
    assert doc.id == document_id(b"1. Scope\n")
    assert doc.id == "c50c76f63a294333c8416da3c290ef4acc38602af6ab967e08436847c06e0ef5"


def test_text_offsets_are_the_files_own(write_file) -> None:  # type: ignore[no-untyped-def]
    raw = "Intro line\r\n\r\n1. Café clause — “quoted”\r\n"
    doc = load(write_file("crlf.txt", raw.encode("utf-8")))
    assert doc.text == raw
    block = doc.blocks[1]
    assert doc.text[block.start : block.end] == "1. Café clause — “quoted”"


def test_cp1252_fallback() -> None:
    doc = load_bytes("Price: 5 € per vial".encode("cp1252"), "legacy.txt")
    assert doc.text == "Price: 5 € per vial"


def test_errors_survive_the_worker_process(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("empty.docx", b"")
    with pytest.raises(EmptyFile) as err:
        load_isolated(path)
    assert err.value.path == str(path)
    assert isinstance(err.value, LoadError)


def test_worker_returns_the_document(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("a.txt", b"1. Scope\nThe Vendor shall manufacture.\n")
    assert load_isolated(path) == load(path)


def test_worker_memory_limit(write_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A file whose parsing needs more memory than allowed costs one error, not the process."""
    path = write_file("a.txt", b"x" * 1000)
    import rfp_assist.loaders.isolate as isolate

    def greedy(*_args: object, **_kwargs: object) -> None:
        bytearray(512 * 1024 * 1024)  # far over the 64 MB allowed below

    monkeypatch.setattr(isolate, "load", greedy)
    with pytest.raises(CorruptDocument, match="more memory than allowed"):
        load_isolated(path, memory=64 * 1024 * 1024)
