"""Load a PDF with pdfium: body text in reading order, blocks, furniture and hidden text.

The layout work lives in the `pdf_*` modules beside this one: `pdf_chars` reads characters into
styled runs, `pdf_layout` builds lines and columns, `pdf_furniture` finds running headers,
footers and page numbers, `pdf_blocks` makes paragraphs and writes the text with its offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from rfp_assist.errors import CorruptDocument, EncryptedDocument, NeedsOCR
from rfp_assist.loaders import document_id
from rfp_assist.loaders.pdf_blocks import assemble
from rfp_assist.loaders.pdf_chars import Run, read_runs, reveal_on_dark_fills, to_user_space
from rfp_assist.loaders.pdf_furniture import PageFrame, find_furniture
from rfp_assist.loaders.pdf_layout import Line, page_lines
from rfp_assist.model import Document

#: Pages read at most; a longer file loads its first pages with a warning.
MAX_PAGES = 2000
#: Characters read at most per page: a crafted page with millions of glyphs stays bounded.
MAX_CHARS_PER_PAGE = 200_000
_OBJECT_HEAD = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\b")


@dataclass(frozen=True, slots=True)
class _PageGeometry:
    box: tuple[float, float, float, float]
    rotation: int


def load_pdf(data: bytes, path: str, *, max_pages: int = MAX_PAGES) -> Document:
    """Load a PDF's text, layout, furniture and hidden text; raise a LoadError if it cannot."""
    warnings: list[str] = []
    document = _open(data, path, warnings)
    try:
        return _read(document, data, path, max_pages, warnings)
    finally:
        document.close()


def _open(data: bytes, path: str, warnings: list[str]) -> pdfium.PdfDocument:
    """Open the bytes, trying the empty password; repair a missing trailer if needed."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument(path) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument(path, "unsupported security handler") from None
        repaired = _with_trailer(data)
        if repaired is not None:
            try:
                document = pdfium.PdfDocument(repaired)
            except pdfium.PdfiumError:
                pass
            else:
                warnings.append(
                    "the file is damaged or truncated (no trailer); pages were recovered "
                    "from what remains and some text may be missing"
                )
                return document
        reason = re.search(r"PDFium: ([^)]+)", str(exc))
        raise CorruptDocument(
            path, f"pdfium: {(reason[1] if reason else str(exc)).lower()}"
        ) from None
    if b"%%EOF" not in data[-8192:]:
        warnings.append("the file looks truncated (no %%EOF at its end); some text may be missing")
    return document


def _with_trailer(data: bytes) -> bytes | None:
    """The bytes with a trailer pointing at the catalog appended, for truncated files.

    pdfium rebuilds a lost cross-reference table by scanning the objects, but it still needs
    a trailer naming the catalog, which truncation cuts off.
    """
    position = data.rfind(b"/Catalog")
    while position != -1:
        window = data[max(0, position - 4096) : position]
        heads = list(_OBJECT_HEAD.finditer(window))
        if heads:
            number, generation = heads[-1].group(1), heads[-1].group(2)
            return (
                data
                + b"\nendstream\nendobj\ntrailer\n<< /Root "
                + number
                + b" "
                + generation
                + b" R >>\nstartxref\n0\n%%EOF\n"
            )
        position = data.rfind(b"/Catalog", 0, position)
    return None


def _read(
    document: pdfium.PdfDocument, data: bytes, path: str, max_pages: int, warnings: list[str]
) -> Document:
    total_pages = len(document)
    if total_pages == 0:
        raise CorruptDocument(path, "the PDF has no pages")
    if total_pages > max_pages:
        warnings.append(f"only the first {max_pages:,} of {total_pages:,} pages were read")
    frames: list[PageFrame] = []
    sizes: list[tuple[int, float, float]] = []
    geometry: dict[int, _PageGeometry] = {}
    needs_ocr: list[int] = []
    unreadable: list[int] = []
    failed: list[int] = []
    has_text = False
    for index in range(min(total_pages, max_pages)):
        number = index + 1
        read = _read_page(document, index)
        if read is None:
            failed.append(number)
            sizes.append((number, 0.0, 0.0))
            continue
        runs, box, rotation, cut = read.runs, read.box, read.rotation, read.cut
        if read.scanned:
            needs_ocr.append(number)
        if cut:
            warnings.append(
                f"page {number} has over {MAX_CHARS_PER_PAGE:,} characters; "
                "the rest of the page was not read"
            )
        unmapped = sum(len(run.text) for run in runs if run.style.unmapped)
        if runs and unmapped * 2 > sum(len(run.text) for run in runs):
            unreadable.append(number)
        has_text = has_text or bool(runs)
        width, height = box[2] - box[0], box[3] - box[1]
        if rotation in (90, 270):
            width, height = height, width
        bottom, top = (box[1], box[3]) if rotation == 0 else (0.0, height)
        geometry[number] = _PageGeometry(box, rotation)
        sizes.append((number, round(width, 2), round(height, 2)))
        frames.append(PageFrame(number, bottom, top, page_lines(runs, number)))
    if not has_text:
        raise NeedsOCR(path)
    if failed:
        warnings.append(f"{_pages(failed)} could not be read and {_were(failed)} skipped")
    if needs_ocr:
        warnings.append(
            f"{_pages(needs_ocr)} {_have(needs_ocr)} no text layer (scanned?); run OCR to read them"
        )
    if unreadable:
        warnings.append(
            f"{_pages(unreadable)} {_have(unreadable)} fonts without a Unicode "
            "mapping; their text may be garbled (OCR would help)"
        )
    furniture, removed = find_furniture(frames)
    body: list[Line] = [
        line
        for frame in frames
        for line in frame.lines
        if id(line) not in removed and line.text.strip()
    ]

    def to_user(line: Line) -> tuple[float, float, float, float]:
        place = geometry[line.page]
        x0, y0, x1, y1 = to_user_space(
            (line.x0, line.y0, line.x1, line.y1), place.box, place.rotation
        )
        return round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)

    assembled = assemble(body, sizes, to_user)
    metadata = _metadata(document)
    return Document(
        id=document_id(data),
        path=path,
        media_type="pdf",
        text=assembled.text,
        pages=tuple(assembled.pages),
        blocks=tuple(assembled.blocks),
        furniture=tuple(furniture),
        hidden=tuple(assembled.hidden),
        warnings=tuple(warnings),
        title=metadata.get("Title") or None,
        metadata=metadata,
    )


@dataclass(frozen=True, slots=True)
class _PageRead:
    runs: list[Run]
    box: tuple[float, float, float, float]
    rotation: int
    cut: bool
    scanned: bool


def _read_page(document: pdfium.PdfDocument, index: int) -> _PageRead | None:
    """One page's runs and geometry, or None when pdfium cannot load the page."""
    try:
        page = document[index]
    except pdfium.PdfiumError:
        return None
    try:
        # The crop box clipped to the media box, inherited from the page tree if need be.
        box = page.get_bbox()
        rotation = page.get_rotation() % 360
        rotation = rotation if rotation in (90, 180, 270) else 0
        textpage = page.get_textpage()
        try:
            runs, cut = read_runs(textpage, box, rotation, MAX_CHARS_PER_PAGE)
        finally:
            textpage.close()
        reveal_on_dark_fills(page, runs, box, rotation)
        return _PageRead(runs, box, rotation, cut, not runs and _looks_scanned(page))
    except pdfium.PdfiumError:
        return None
    finally:
        page.close()


def _looks_scanned(page: pdfium.PdfPage) -> bool:
    """A page without text that shows an image, or text drawn as many outlines.

    A few rules or boxes alone make a blank or decorative page, which needs no OCR.
    """
    paths = 0
    for obj in page.get_objects(max_depth=3):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= 50:
                return True
    return False


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    try:
        items = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
    return {str(key): " ".join(str(value).split()) for key, value in items.items()}


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:20])
    more = f" and {len(numbers) - 20} more" if len(numbers) > 20 else ""
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}{more}"


def _have(numbers: list[int]) -> str:
    return "has" if len(numbers) == 1 else "have"


def _were(numbers: list[int]) -> str:
    return "was" if len(numbers) == 1 else "were"
