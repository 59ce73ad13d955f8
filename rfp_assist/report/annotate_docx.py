"""DOCX → DOCX with each clause's runs highlighted by risk and a Word comment carrying its note.

The loaded `Document` knows clause spans as offsets into its text; the Word file knows runs.
They are tied paragraph by paragraph: each body paragraph's current text (tracked insertions
in, deletions out, as the loader reads it) is found in the document text after the previous
one, so a clause covers the paragraphs whose text starts inside it. Numbering that Word
computes is not in any run and needs no highlight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from rfp_assist.model import Document
from rfp_assist.report.annotate_common import AUTHOR, RISK_WORD_COLOUR, Highlight

_P, _R, _T, _TAB = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tab")
_REMOVED = frozenset({qn("w:del"), qn("w:moveFrom")})
_BODY_SCOPE = frozenset({qn("w:body"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"),
                         qn("w:sdtContent"), qn("w:customXml")})  # fmt: skip


@dataclass(frozen=True)
class PlacedParagraph:
    """A body paragraph, its runs in the current text, and its span in the document text."""

    paragraph: Paragraph
    runs: tuple[Run, ...]
    start: int


def _current_runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs that are in the current text (not deleted), in order."""
    runs = []
    for r in paragraph._p.iter(_R):
        parent, removed = r.getparent(), False
        while parent is not None and parent is not paragraph._p:
            removed = removed or parent.tag in _REMOVED
            parent = parent.getparent()
        if not removed:
            runs.append(Run(r, paragraph))
    return runs


def _run_text(run: Run) -> str:
    return "".join(
        (child.text or "") if child.tag == _T else "\t"
        for child in run._r
        if child.tag in (_T, _TAB)
    )


def _body_paragraphs(document: docx.document.Document) -> list[Paragraph]:
    """Body paragraphs in reading order, table cells included, text boxes left out."""
    body = document.element.body
    found = []
    for p in body.iter(_P):
        parent = p.getparent()
        if parent is not None and parent.tag in _BODY_SCOPE:
            found.append(Paragraph(p, document._body))
    return found


def place_paragraphs(document: docx.document.Document, doc: Document) -> list[PlacedParagraph]:
    """Body paragraphs with text, each tied to where its text starts in `doc.text`."""
    placed, cursor = [], 0
    for paragraph in _body_paragraphs(document):
        runs = _current_runs(paragraph)
        text = "".join(_run_text(r) for r in runs)
        words = text.split()[:8]
        if not words:
            continue
        # Words, not characters: the loader may space tabs and breaks differently.
        found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(doc.text, cursor)
        if found is None:
            continue  # not body text as loaded (e.g. furniture): nothing of a clause to mark
        placed.append(
            PlacedParagraph(paragraph, tuple(r for r in runs if _run_text(r)), found.start())
        )
        cursor = found.end()
    return placed


def _anchor(placed: PlacedParagraph, *, last: bool) -> Run:
    """A run to anchor a comment on: one directly in the paragraph (not in a revision) if any."""
    runs = reversed(placed.runs) if last else iter(placed.runs)
    direct = next((r for r in runs if r._r.getparent() is placed.paragraph._p), None)
    return direct or (placed.runs[-1] if last else placed.runs[0])


def annotate_docx(
    doc: Document, marks: list[Highlight], source: str | Path, out: str | Path
) -> int:
    """Copy the DOCX `source` to `out`, each mark's runs highlighted and commented; the count."""
    document = docx.Document(str(source))
    placed = place_paragraphs(document, doc)
    count = 0
    for mark in marks:
        # A paragraph belongs to the clause its text starts in (clauses open at paragraphs).
        covered = [p for p in placed if mark.start <= p.start < mark.end and p.runs]
        if not covered:
            continue
        colour = getattr(WD_COLOR_INDEX, RISK_WORD_COLOUR.get(mark.risk, "TURQUOISE"))
        runs = [run for p in covered for run in p.runs]
        for run in runs:
            run.font.highlight_color = colour
        first, final = _anchor(covered[0], last=False), _anchor(covered[-1], last=True)
        document.add_comment([first, final], text=mark.note, author=AUTHOR, initials="RA")
        count += 1
    document.save(str(out))
    return count
