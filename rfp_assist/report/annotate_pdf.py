"""PDF → PDF with a highlight annotation over each clause's words, carrying its note (pypdf).

The rectangles come from the line boxes the PDF loader recorded for every block: a line inside
the clause is covered whole; a line the clause shares with its neighbour (a clause opening
mid-line) is covered from the clause's first character, placed proportionally along the line.
A clause that runs over a page break gets one annotation on each of its pages.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Highlight as PdfHighlight
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from rfp_assist.model import Document
from rfp_assist.report.annotate_common import AUTHOR, RISK_RGB, Highlight

Rect = tuple[float, float, float, float]


def clause_rects(doc: Document, start: int, end: int) -> dict[int, list[Rect]]:
    """Per page number, the rectangles (x0, y0, x1, y1) over the text `doc.text[start:end]`."""
    rects: dict[int, list[Rect]] = defaultdict(list)
    for block in doc.blocks:
        if block.end <= start or block.start >= end:
            continue
        for line in block.lines:
            lo, hi = max(line.start, start), min(line.end, end)
            part = doc.text[lo:hi]
            if not part.strip():
                continue
            lo += len(part) - len(part.lstrip())
            hi -= len(part) - len(part.rstrip())
            width, count = line.x1 - line.x0, max(line.end - line.start, 1)
            x0 = line.x0 + width * (lo - line.start) / count
            x1 = line.x0 + width * (hi - line.start) / count
            rects[line.page].append((x0, line.y0, x1, line.y1))
    return dict(rects)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{round(c * 255):02x}" for c in rgb)


def _annotation(rects: list[Rect], colour: str, note: str, name: str) -> PdfHighlight:
    quad: list[float] = []
    for x0, y0, x1, y1 in rects:
        quad += [x0, y1, x1, y1, x0, y0, x1, y0]  # upper-left, upper-right, lower-left, lower-right
    box = (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )
    annotation = PdfHighlight(
        rect=box, quad_points=ArrayObject(FloatObject(v) for v in quad), highlight_color=colour
    )
    annotation[NameObject("/Contents")] = TextStringObject(note)
    annotation[NameObject("/T")] = TextStringObject(AUTHOR)
    annotation[NameObject("/NM")] = TextStringObject(name)
    return annotation


def annotate_pdf(doc: Document, marks: list[Highlight], source: str | Path, out: str | Path) -> int:
    """Copy the PDF `source` to `out` with one highlight per clause and page; return the count."""
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    count = 0
    for mark in marks:
        colour = _hex(RISK_RGB.get(mark.risk, RISK_RGB["unknown"]))
        for page, rects in sorted(clause_rects(doc, mark.start, mark.end).items()):
            if not 1 <= page <= len(writer.pages) or not rects:
                continue
            name = f"{mark.clause_id}-p{page}"
            writer.add_annotation(page - 1, _annotation(rects, colour, mark.note, name))
            count += 1
    with open(out, "wb") as handle:
        writer.write(handle)
    return count
