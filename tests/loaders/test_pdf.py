"""The PDF loader on real files: reportlab fixtures, the CUAD exhibits and pypdf's bad inputs.

Fixtures are built by tests/fixtures/pdf/make_fixtures.py; `layout.json` beside them records
where each line was drawn.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from rfp_assist.errors import CorruptDocument, EncryptedDocument, NeedsOCR
from rfp_assist.loaders import load
from rfp_assist.loaders.pdf import load_pdf
from rfp_assist.loaders.pdf_furniture import looks_like_page_number
from rfp_assist.model import Document, LineBox

ROOT = Path(__file__).resolve().parents[2]
PDF_FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
CUAD_PDFS = sorted((SHARED_EVAL / "cuad" / "pdf").glob("*.pdf"))
BAD_INPUTS = SHARED_EVAL / "bad-inputs"


@cache
def fixture_module() -> ModuleType:
    """make_fixtures.py, for the texts it draws."""
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", PDF_FIXTURES / "make_fixtures.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def fixture(name: str) -> Document:
    return load(PDF_FIXTURES / name)


@cache
def cuad(path: Path) -> Document:
    return load(path)


def line_texts(doc: Document) -> list[str]:
    return [doc.text[line.start : line.end] for block in doc.blocks for line in block.lines]


def block_texts(doc: Document) -> list[str]:
    return [doc.text[block.start : block.end] for block in doc.blocks]


# --- reading order -------------------------------------------------------------------------


def test_two_columns_read_left_column_before_right() -> None:
    make = fixture_module()
    doc = fixture("two_columns.pdf")
    title = doc.text.index("MASTER SERVICES AGREEMENT")
    left = doc.text.index(make.LEFT_COLUMN)  # whole column, in order, one space per break
    right = doc.text.index(make.RIGHT_COLUMN)
    closing = doc.text.index("Signed by the authorised representatives")
    assert title < left < right < closing
    assert doc.blocks[0].kind == "heading"
    assert doc.blocks[0].bold


def test_columns_are_not_found_in_single_column_text() -> None:
    doc = fixture("furniture.pdf")
    assert "together with its schedules, as amended" in doc.text


# --- hyphenation ---------------------------------------------------------------------------


def test_words_broken_at_line_ends_are_joined() -> None:
    doc = fixture("hyphenation.pdf")
    assert doc.text == (
        "The Supplier is responsible for the manufacturing of each batch in accordance with "
        "the specifications agreed with the Client on a non-exclusive basis, using cell-Based "
        "workflows and the COVID-19 guidance of the competent authority. The document control "
        "system records every change — each of them with its reason."
    )


def test_line_spans_exclude_the_dropped_hyphen() -> None:
    doc = fixture("hyphenation.pdf")
    assert line_texts(doc)[:3] == [
        "The Supplier is responsible for the manufac",
        "turing of each batch in accordance with the speci",
        "fications agreed with the Client on a non-",
    ]


# --- furniture -----------------------------------------------------------------------------


def test_running_header_and_page_footer_are_furniture() -> None:
    doc = fixture("furniture.pdf")
    header = "ACME BIOLOGICS LTD - CONFIDENTIAL"
    assert [(item.kind, item.page, item.text) for item in doc.furniture] == [
        ("header", 1, header),
        ("page_number", 1, "Page 1 of 3"),
        ("header", 2, header),
        ("page_number", 2, "Page 2 of 3"),
        ("header", 3, header),
        ("page_number", 3, "Page 3 of 3"),
    ]
    assert header not in doc.text
    assert "Page 2 of 3" not in doc.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", True),
        ("- 7 -", True),
        ("(12)", True),
        ("Page 7", True),
        ("Page 7 of 12", True),
        ("page 3/9", True),
        ("7 of 12", True),
        ("7 | Acme Biologics", True),
        ("Acme Biologics | 7", True),
        ("iv", True),
        ("E - 4", True),
        ("A-1", True),
        ("12.5", False),
        ("2019-2023", False),
        ("Section 7", False),
        ("7. Term", False),
        ("$1,000", False),
    ],
)
def test_page_number_shapes(text: str, expected: bool) -> None:
    assert looks_like_page_number(text) is expected


def test_paragraph_runs_on_over_a_page_break() -> None:
    doc = fixture("furniture.pdf")
    (block,) = [b for b in doc.blocks if "batch records" in doc.text[b.start : b.end]]
    assert doc.text[block.start : block.end].endswith(
        "and shall make them available to the Client on request within ten business days."
    )
    assert block.page == 1
    assert [line.page for line in block.lines] == [1, 1, 2]
    assert doc.pages[0].end < doc.pages[1].start < block.end


@pytest.mark.parametrize("path", CUAD_PDFS, ids=lambda path: path.name[:40])
def test_cuad_exhibit_loads_with_its_furniture_out_of_the_text(path: Path) -> None:
    doc = cuad(path)
    assert doc.media_type == "pdf"
    assert len(doc.blocks) > 0
    lines = {
        (line.page, " ".join(doc.text[line.start : line.end].split()))
        for block in doc.blocks
        for line in block.lines
    }
    leaked = [item for item in doc.furniture if (item.page, item.text) in lines]
    assert leaked == []
    assert not re.search(r"[\u00a0\r\ufb00-\ufb06\x00-\x09\x0b-\x1f]", doc.text)


@pytest.mark.parametrize(
    ("name", "kind", "text", "pages"),
    [
        ("AgapeAtp", "footer", "Source: AGAPE ATP CORP, 10-K/A, 12/2/2019", 13),
        ("CCAINDUSTRIES", "header", "CONFIDENTIAL TREATMENT REQUESTED", 15),
        ("BNLFINANCIAL", "page_number", "E - 5", 1),
        ("ELANDIA", "header", "Network Management Outsourcing Agreement", 30),
    ],
)
def test_cuad_running_headers_and_footers_are_found(
    name: str, kind: str, text: str, pages: int
) -> None:
    (path,) = [path for path in CUAD_PDFS if path.name.startswith(name)]
    doc = cuad(path)
    found = [item for item in doc.furniture if item.kind == kind and item.text == text]
    assert len(found) >= pages


# --- blocks --------------------------------------------------------------------------------


def test_block_kinds_and_styles() -> None:
    doc = fixture("furniture.pdf")
    kinds = [(block.kind, doc.text[block.start : block.end][:24]) for block in doc.blocks]
    assert kinds == [
        ("heading", "MASTER SUPPLY AGREEMENT"),
        ("heading", "ARTICLE 1 DEFINITIONS"),
        ("paragraph", "1.1 “Agreement” means th"),
        ("paragraph", "1.2 “Batch” means the qua"[:24]),
        ("paragraph", "The Supplier shall keep "),
        ("heading", "Payment Terms"),
        ("paragraph", "(a) the Client shall pay"),
        ("paragraph", "(b) disputed amounts sha"),
        ("list_item", "• Invoices are issued in"),
        ("heading", "ARTICLE 2 TERM"),
        ("paragraph", "2.1 This Agreement start"),
        ("paragraph", "IN WITNESS WHEREOF the p"),
    ]
    title = doc.blocks[0]
    assert title.bold
    assert title.font_size == 16
    assert not doc.blocks[2].bold
    assert doc.blocks[2].font_size == 11


def test_blocks_are_separated_by_newlines_and_lines_by_spaces() -> None:
    doc = fixture("furniture.pdf")
    assert (
        "1.1 “Agreement” means this master supply agreement together with its schedules, as "
        in doc.text
    )
    assert doc.text.count("\n") == len(doc.blocks) - 1
    for block in doc.blocks:
        assert "\n" not in doc.text[block.start : block.end]


# --- hidden text ---------------------------------------------------------------------------


def test_hidden_text_is_reported_where_it_stands() -> None:
    make = fixture_module()
    doc = fixture("hidden_text.pdf")
    found = {(doc.text[span.start : span.end], span.reason, span.page) for span in doc.hidden}
    assert found == {
        (make.HIDDEN["white"], "white text", 1),
        (make.HIDDEN["tiny"], "tiny text (1.0pt)", 1),
        (make.HIDDEN["invisible"], "invisible render mode", 1),
        (make.HIDDEN["outside"], "outside the page", 1),
        (make.HIDDEN["overprinted"], "white text", 1),
    }
    # White on a dark band is visible; text drawn over text is not interleaved with it.
    assert "Item Scope Price (USD)" in doc.text
    assert f"5.3 Claims must be made in writing. {make.HIDDEN['overprinted']}" in doc.text
    # The visible clauses around it are untouched, and the hidden text stays in the text.
    assert "5.1 The Supplier warrants that each batch meets its specification." in doc.text
    assert doc.text.index(make.HIDDEN["white"]) < doc.text.index("5.2 The warranty")


def test_hidden_text_is_never_taken_for_furniture() -> None:
    doc = fixture("hidden_text.pdf")
    assert doc.furniture == ()


# --- geometry ------------------------------------------------------------------------------


def line_holding(boxes: dict[tuple[int, str], LineBox], page: int, drawn: str) -> tuple[int, str]:
    """The line written for a drawn string: the same text, without a hyphen that broke a
    word, or a longer line when other text was drawn over it."""
    for candidate in (drawn, drawn.rstrip("-\u00ad")):
        if (page, candidate) in boxes:
            return (page, candidate)
    return next(key for key in boxes if key[0] == page and drawn in key[1])


@pytest.mark.parametrize(
    "name", ["two_columns.pdf", "hyphenation.pdf", "furniture.pdf", "hidden_text.pdf"]
)
def test_line_boxes_stand_where_reportlab_drew_the_text(name: str) -> None:
    doc = fixture(name)
    drawn = json.loads((PDF_FIXTURES / "layout.json").read_text())[name]
    furniture = {(item.page, item.text) for item in doc.furniture}
    boxes = {
        (line.page, doc.text[line.start : line.end]): line
        for block in doc.blocks
        for line in block.lines
    }
    checked = 0
    for item in drawn:
        if (item["page"], item["text"]) in furniture:
            continue
        text = item["text"]
        key = line_holding(boxes, item["page"], text)
        box = boxes[key]
        assert box.x0 == pytest.approx(item["x"], abs=1.0)
        if "width" in item and text.startswith(key[1]):
            assert box.x1 == pytest.approx(item["x"] + item["width"], abs=1.5)
        assert box.y0 < item["baseline"] < box.y1
        assert 0.9 * item["size"] < box.y1 - box.y0 < 1.5 * item["size"]
        checked += 1
    assert checked >= 4


def test_rotated_page_boxes_are_in_pdf_user_space() -> None:
    doc = fixture("rotated.pdf")
    assert (doc.pages[0].width, doc.pages[0].height) == (612, 792)  # as displayed
    first, second = doc.blocks[0].lines
    assert doc.text[first.start : first.end] == "Rotated first line of the schedule."
    assert doc.text[second.start : second.end] == "Rotated second line of the schedule."
    # Drawn up the stored page from (100, 72): the glyphs stand left of x = 100.
    assert first.x0 < 100 < first.x1
    assert first.y0 == pytest.approx(72, abs=1)
    assert first.y1 - first.y0 > 150
    assert first.x1 - first.x0 < 20
    assert second.x0 > first.x0 + 15


def test_words_are_spaced_from_gaps_when_the_pdf_has_no_spaces() -> None:
    doc = fixture("positioned.pdf")
    assert line_texts(doc) == ["Each word stands alone.", "Letters set one by one."]


def test_ligatures_become_letters() -> None:
    doc = fixture("ligatures.pdf")
    assert doc.text == "The final flow of funds is fixed."


def test_pages_cover_their_text() -> None:
    doc = fixture("furniture.pdf")
    assert [page.number for page in doc.pages] == [1, 2, 3]
    assert all((page.width, page.height) == (612, 792) for page in doc.pages)
    assert doc.pages[0].start == 0
    assert doc.pages[-1].end == len(doc.text)
    for page in doc.pages:
        assert doc.page_at(page.start) == page.number


# --- scans, damage and limits ----------------------------------------------------------------


def test_pdf_without_a_text_layer_needs_ocr() -> None:
    path = PDF_FIXTURES / "scanned.pdf"
    with pytest.raises(NeedsOCR) as err:
        load(path)
    assert str(err.value).startswith(f"{path}: the PDF has no text layer")


def test_pages_without_text_are_named_in_a_warning() -> None:
    doc = fixture("partly_scanned.pdf")
    assert doc.text == "Page 1 has a text layer.\nPage 3 has a text layer."
    assert doc.warnings == ("page 2 has no text layer (scanned?); run OCR to read them",)
    assert (doc.pages[1].start, doc.pages[1].end) == (doc.pages[0].end, doc.pages[0].end)


def test_blank_page_with_rules_needs_no_ocr() -> None:
    doc = fixture("blank_page.pdf")
    assert doc.text == "Only the first page has text."
    assert doc.warnings == ()


def test_truncated_file_recovers_its_pages_with_a_warning() -> None:
    doc = fixture("truncated.pdf")
    assert "MASTER SUPPLY AGREEMENT" in doc.text
    assert any("truncated" in warning for warning in doc.warnings)


def test_bytes_that_are_no_pdf_are_corrupt() -> None:
    path = PDF_FIXTURES / "garbage.pdf"
    with pytest.raises(CorruptDocument) as err:
        load(path)
    assert str(err.value).startswith(f"{path}: the file is corrupt or truncated")


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.6, 0.9, 0.99])
@pytest.mark.parametrize("name", ["furniture.pdf", "two_columns.pdf", "cuad-linearized"])
def test_cut_files_give_pages_with_a_warning_or_a_clear_error(name: str, fraction: float) -> None:
    source = CUAD_PDFS[0] if name == "cuad-linearized" else PDF_FIXTURES / name
    data = source.read_bytes()
    cut = data[: int(len(data) * fraction)]
    # Either pages come back with a warning, or one specific error in one line.
    try:
        warnings = load_pdf(cut, "cut.pdf").warnings
    except (CorruptDocument, NeedsOCR) as exc:
        warnings = (str(exc),)
    assert len(warnings) >= 1
    assert all("\n" not in warning for warning in warnings)


def test_page_limit_reads_the_first_pages_with_a_warning() -> None:
    data = (PDF_FIXTURES / "furniture.pdf").read_bytes()
    doc = load_pdf(data, "furniture.pdf", max_pages=2)
    assert [page.number for page in doc.pages] == [1, 2]
    assert doc.warnings == ("only the first 2 of 3 pages were read",)


# --- pypdf's bad inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["encrypted-file.pdf", "r4-aes-user-password.pdf", "r6-user-password.pdf"]
)
def test_pdf_with_a_user_password_is_encrypted(name: str) -> None:
    path = BAD_INPUTS / name
    with pytest.raises(EncryptedDocument) as err:
        load(path)
    assert str(err.value) == (
        f"{path}: the PDF is encrypted with a password; remove the password and load it again"
    )


def test_pdf_with_an_empty_user_password_just_loads() -> None:
    doc = load(BAD_INPUTS / "r6-empty-password.pdf")
    assert doc.text == "pdf encryption test password: asdfzxcv"
    assert doc.warnings == ()


def test_pdf_with_broken_outline_destinations_loads() -> None:
    doc = load(BAD_INPUTS / "outlines-with-invalid-destinations.pdf")
    assert len(doc.pages) == 4
    assert doc.text.startswith("Contents\n")
    assert "Hello, here is some text without a meaning." in doc.text


# --- the document as a whole -----------------------------------------------------------------


def test_document_identity_and_metadata() -> None:
    path = PDF_FIXTURES / "two_columns.pdf"
    doc = load(path)
    assert doc.id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.path == str(path)
    assert doc.title == "Two columns"


@pytest.mark.parametrize(
    "name",
    [
        "two_columns.pdf",
        "hyphenation.pdf",
        "furniture.pdf",
        "hidden_text.pdf",
        "partly_scanned.pdf",
    ],
)
def test_offsets_are_consistent(name: str) -> None:
    doc = fixture(name)
    previous_end = -1
    for block in doc.blocks:
        assert previous_end < block.start <= block.end <= len(doc.text)
        assert block.lines[0].start == block.start
        assert block.lines[-1].end == block.end
        for line in block.lines:
            assert block.start <= line.start < line.end <= block.end
        previous_end = block.end
    for span in doc.hidden:
        assert 0 <= span.start < span.end <= len(doc.text)
