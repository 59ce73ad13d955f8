"""Highlighted originals: real corpora files in, files that open without repair out.

The PDF test reads the text under every highlight rectangle back with pdfium (its own glyph
boxes, not the loader's line boxes) and compares it with the clause; the DOCX test reads the
text between each comment's range markers and compares it with the clause.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import numpy as np
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from pypdf import PdfReader

from rfp_assist.cli import main
from rfp_assist.loaders import load
from rfp_assist.model import Block, Document, LineBox, Page
from rfp_assist.pipeline import analyse
from rfp_assist.report.annotate_common import (
    AUTHOR,
    RISK_RGB,
    Highlight,
    annotate_file,
    annotate_isolated,
    highlights,
)
from rfp_assist.report.annotate_pdf import clause_rects
from rfp_assist.understand import Reader, Reading
from tests.conftest import CORPORA

HELIX_PDF = CORPORA / "proposals" / "helix_viral_proposal.pdf"
KESTREL_PDF = CORPORA / "proposals" / "kestrel_bioprocess_proposal.pdf"
MSA_V2 = CORPORA / "msa" / "msa_v2.docx"
ALDERMOOR = CORPORA / "proposals" / "aldermoor_biologics_proposal.docx"


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """The real Reader (embedding model, topic model, playbook), once for this module."""
    return Reader(cache_path=tmp_path_factory.mktemp("annotate") / "embeddings.sqlite")


def _read(reader: Reader, path: Path) -> Reading:
    return reader.read(analyse(load(path)))


# -- PDF ------------------------------------------------------------------------------------
@pytest.mark.parametrize("source", [HELIX_PDF, KESTREL_PDF], ids=lambda p: p.stem)
def test_pdf_highlights_cover_exactly_each_clause(
    reader: Reader, source: Path, tmp_path: Path
) -> None:
    reading = _read(reader, source)
    doc = reading.analysis.document
    marks = highlights(reading)
    assert marks, "the proposal has clauses with topics"
    out = tmp_path / "annotated.pdf"
    count = annotate_isolated(reading, str(source), str(out))

    pdf = PdfReader(out, strict=True)  # opens without repair
    annotations = [a.get_object() for page in pdf.pages for a in page.get("/Annots") or []]
    annotations = [a for a in annotations if a.get("/T") == AUTHOR]
    expected = {(m.clause_id, page) for m in marks for page in clause_rects(doc, m.start, m.end)}
    assert count == len(annotations) == len(expected)
    assert {str(a["/NM"]) for a in annotations} == {f"{c}-p{p}" for c, p in expected}
    assert all(a["/Subtype"] == "/Highlight" and a["/T"] == AUTHOR for a in annotations)

    by_id = {m.clause_id: m for m in marks}
    glyphs = pdfium.PdfDocument(out)
    for page_index, page in enumerate(pdf.pages):
        textpage = glyphs[page_index].get_textpage()
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/T") != AUTHOR:
                continue
            mark = by_id[str(annotation["/NM"]).rsplit("-p", 1)[0]]
            quads = [float(v) for v in annotation["/QuadPoints"]]
            under = ""
            for i in range(0, len(quads), 8):
                x0, y1, x1, _, _, y0 = quads[i : i + 6]
                under += textpage.get_text_bounded(x0, y0, x1, y1)
            # The words under the rectangles on this page are the clause's words on this page.
            on_page = "".join(
                doc.text[max(line.start, mark.start) : min(line.end, mark.end)]
                for block in doc.blocks
                for line in block.lines
                if line.page == page_index + 1 and line.start < mark.end and line.end > mark.start
            )
            assert _letters(under) == _letters(on_page), mark.number
            assert str(annotation["/Contents"]) == mark.note
            colour = [round(float(c), 2) for c in annotation["/C"]]
            assert colour == [round(c, 2) for c in RISK_RGB[mark.risk]]
    # Every highlighted clause's words are covered, page by page, from first to last.
    for mark in marks:
        pages = clause_rects(doc, mark.start, mark.end)
        assert sum(len(r) for r in pages.values()) >= 1


def test_pdf_reader_paints_highlights_over_the_words_and_nowhere_else(
    reader: Reader, tmp_path: Path
) -> None:
    """pdfium renders each page with and without annotations: the difference is the highlights."""
    out = tmp_path / "annotated.pdf"
    annotate_file(_read(reader, HELIX_PDF), HELIX_PDF, out)
    pages, rendered = PdfReader(out), pdfium.PdfDocument(out)
    scale, checked = 2.0, 0
    for index, page in enumerate(pages.pages):
        boxes = []
        for ref in page.get("/Annots") or []:
            quads = [float(v) for v in ref.get_object()["/QuadPoints"]]
            boxes += [
                (quads[i], quads[i + 5], quads[i + 2], quads[i + 1])
                for i in range(0, len(quads), 8)
            ]
        if not boxes:
            continue
        plain = rendered[index].render(scale=scale, draw_annots=False).to_numpy().astype(int)
        marked = rendered[index].render(scale=scale, draw_annots=True).to_numpy().astype(int)
        changed = np.abs(plain - marked).sum(-1) > 0
        height, allowed = plain.shape[0], np.zeros_like(changed)
        for x0, y0, x1, y1 in boxes:
            top, bottom = int(height - y1 * scale), int(np.ceil(height - y0 * scale))
            left, right = int(x0 * scale), int(np.ceil(x1 * scale))
            assert changed[top:bottom, left:right].mean() > 0.8  # tinted where the words are
            allowed[max(top - 2, 0) : bottom + 2, max(left - 2, 0) : right + 2] = True
            checked += 1
        assert not (changed & ~allowed).any()  # and nowhere else
    assert checked >= len(highlights(_read(reader, HELIX_PDF)))


# -- DOCX -----------------------------------------------------------------------------------
def _anchored_text(root: object, comment_id: str) -> str:
    """The text Word shows as commented: the w:t between the comment's range markers."""
    parts, inside = [], False
    for element in root.iter():  # type: ignore[attr-defined]
        if element.tag == qn("w:commentRangeStart") and element.get(qn("w:id")) == comment_id:
            inside = True
        elif element.tag == qn("w:commentRangeEnd") and element.get(qn("w:id")) == comment_id:
            break
        elif inside and element.tag == qn("w:t"):
            parts.append(element.text or "")
    return "".join(parts)


def _clause_words(doc: Document, mark: Highlight) -> str:
    """The clause's text without the numbering Word computes (it is in no run)."""
    parts = []
    for block in doc.blocks:
        if mark.start <= block.start < mark.end:
            text = doc.text[block.start : block.end]
            if block.number and text.startswith(block.number):
                text = text[len(block.number) :]
            parts.append(text)
    return "".join(parts)


@pytest.mark.parametrize("source", [MSA_V2, ALDERMOOR], ids=lambda p: p.stem)
def test_docx_comments_and_highlights_sit_on_each_clause(
    reader: Reader, source: Path, tmp_path: Path
) -> None:
    reading = _read(reader, source)
    doc = reading.analysis.document
    marks = highlights(reading)
    out = tmp_path / "annotated.docx"
    assert annotate_file(reading, source, out) == len(marks)

    annotated = docx.Document(str(out))  # python-docx opens it
    ours = [c for c in annotated.comments if c.author == AUTHOR]
    theirs = [c for c in annotated.comments if c.author != AUTHOR]
    assert len(ours) == len(marks)
    assert len(theirs) == len(doc.comments)  # reviewers' comments kept
    body = annotated.element.body
    for mark, comment in zip(marks, ours, strict=True):
        assert comment.text == mark.note
        assert _letters(_anchored_text(body, str(comment.comment_id))) == _letters(
            _clause_words(doc, mark)
        )
    highlighted = [r for r in body.iter(qn("w:highlight"))]
    assert len(highlighted) >= len(marks)
    # The copy still reads the same: the loader gets the same text back.
    again = load(out)
    assert again.text == doc.text
    assert len(again.revisions) == len(doc.revisions)


# -- the command ----------------------------------------------------------------------------
def test_cli_annotate_writes_a_docx(tmp_path: Path) -> None:
    out = tmp_path / "bluestem_annotated.docx"
    source = CORPORA / "proposals" / "bluestem_bioprocess_proposal.docx"
    result = CliRunner().invoke(main, ["annotate", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert any(c.author == AUTHOR for c in docx.Document(str(out)).comments)


def test_cli_annotate_refuses_text_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("1. Scope. The supplier shall make batches.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(source), "--out", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == f"error: {source}: only PDF and DOCX files can be annotated; this is text"
    )


def test_cli_annotate_will_not_overwrite_its_source(tmp_path: Path) -> None:
    source = tmp_path / "msa.docx"
    source.write_bytes(MSA_V2.read_bytes())
    result = CliRunner().invoke(main, ["annotate", str(source), "--out", str(source)])
    assert result.exit_code == 2
    assert "--out is the file itself" in result.output
    assert source.read_bytes() == MSA_V2.read_bytes()


def test_a_clause_opening_mid_line_is_covered_from_its_first_character() -> None:
    text = "end of 4.1. 4.2 Late Delivery applies.\nnext line"
    line_one = LineBox(0, 38, 1, 100.0, 700.0, 480.0, 712.0)
    line_two = LineBox(39, 48, 1, 100.0, 686.0, 190.0, 698.0)
    doc = Document("x", "x.pdf", "pdf", text, (Page(1, 0, len(text), 612.0, 792.0),),
                   (Block(0, 48, 1, lines=(line_one, line_two)),))  # fmt: skip
    start = text.index("4.2")
    rects = clause_rects(doc, start, len(text))
    assert rects == {
        1: [(100.0 + 380.0 * start / 38, 700.0, 480.0, 712.0), (100.0, 686.0, 190.0, 698.0)]
    }
    assert clause_rects(doc, 0, 11) == {1: [(100.0, 700.0, 100.0 + 380.0 * 11 / 38, 712.0)]}
