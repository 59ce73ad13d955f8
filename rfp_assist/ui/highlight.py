"""Highlighting for the review page: escaped HTML of the text and PDF pages drawn as images.

No Streamlit here. Every piece of document text goes through `html.escape` before it is put
inside markup, so a vendor's `<script>` or `<img onerror=…>` is shown as the characters it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rfp_assist.taxonomy import load_taxonomy
from rfp_assist.ui.records import ClauseView, DocumentView
from rfp_assist.ui.uploads import original_path

if TYPE_CHECKING:
    from PIL.Image import Image

Mode = Literal["topic", "risk"]

RISK_COLOURS: dict[str, str] = {
    "high": "#f4a6a6",
    "medium": "#f8d48a",
    "low": "#b7e4c7",
    "unknown": "#d9d9d9",
}
# Twelve light colours that stay readable under black text; topics take them in taxonomy order.
_PALETTE = (
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#dbdb8d",
    "#9edae5",
    "#fdd0a2",
    "#c7e9c0",
    "#dadaeb",
)
NO_TOPIC = "#eeeeee"


def topic_colours() -> dict[str, str]:
    """A colour per taxonomy topic (stable: taxonomy order)."""
    return {t: _PALETTE[i % len(_PALETTE)] for i, t in enumerate(load_taxonomy())}


def topic_label(topic: str) -> str:
    """The taxonomy label of a topic id ("late_delivery" → "Late delivery")."""
    spec = load_taxonomy().get(topic)
    return spec.label if spec else topic


def shown_topic(clause: ClauseView, prefer: Sequence[str] = ()) -> str | None:
    """The topic a clause is coloured by: the first of `prefer` it has, else its best one."""
    own = [t for t, _ in clause.topics]
    for topic in prefer:
        if topic in own:
            return topic
    return own[0] if own else None


def clause_colour(clause: ClauseView, mode: Mode, prefer: Sequence[str] = ()) -> str:
    """The highlight colour of a clause: its risk's, or its (preferred or best) topic's."""
    if mode == "risk":
        return RISK_COLOURS.get(clause.risk, RISK_COLOURS["unknown"])
    topic = shown_topic(clause, prefer)
    return topic_colours().get(topic, NO_TOPIC) if topic else NO_TOPIC


@dataclass(frozen=True)
class Highlight:
    """A span of the document text to mark, with its colour and what it is."""

    start: int
    end: int
    colour: str
    clause: str
    topics: tuple[str, ...]
    risk: str


def highlights(
    clauses: Sequence[ClauseView], mode: Mode, prefer: Sequence[str] = ()
) -> list[Highlight]:
    """One highlight per clause, innermost clause winning where clauses nest."""
    return [
        Highlight(
            c.start,
            c.end,
            clause_colour(c, mode, prefer),
            c.id,
            tuple(t for t, _ in c.topics),
            c.risk,
        )
        for c in sorted(clauses, key=lambda c: (c.start, -c.end))
    ]


def highlighted_html(text: str, marks: Sequence[Highlight], *, selected: str | None = None) -> str:
    """The text as escaped HTML, each highlight wrapped in a coloured <mark>.

    Nested clauses are flattened: a character is coloured by the innermost (last-starting)
    clause that covers it. Attribute values are ids and taxonomy words, escaped as well.
    """
    owner: list[int] = [-1] * len(text)
    for i, mark in enumerate(marks):
        for pos in range(max(mark.start, 0), min(mark.end, len(text))):
            owner[pos] = i
    parts: list[str] = []
    pos = 0
    while pos < len(text):
        end = pos
        while end < len(text) and owner[end] == owner[pos]:
            end += 1
        chunk = html.escape(text[pos:end])
        index = owner[pos]
        if index < 0:
            parts.append(chunk)
        else:
            mark = marks[index]
            outline = "outline:2px solid #1f4e79;" if mark.clause == selected else ""
            attrs = (
                f'data-clause="{html.escape(mark.clause)}" '
                f'data-topics="{html.escape(" ".join(mark.topics))}" '
                f'data-risk="{html.escape(mark.risk)}" '
                f'style="background:{mark.colour};{outline}padding:0"'
            )
            parts.append(f"<mark {attrs}>{chunk}</mark>")
        pos = end
    body = "".join(parts)
    return (
        '<div class="rfp-doc" style="white-space:pre-wrap;font-family:Georgia,serif;'
        "line-height:1.5;max-height:70vh;overflow-y:auto;padding:0.5rem;"
        f'border:1px solid #ddd;border-radius:4px">{body}</div>'
    )


def legend_html(colours: dict[str, str]) -> str:
    """A small escaped legend: one coloured chip per label."""
    chips = "".join(
        f'<span style="background:{c};padding:1px 6px;margin:2px;border-radius:3px;'
        f'display:inline-block">{html.escape(label)}</span>'
        for label, c in colours.items()
    )
    return f"<div>{chips}</div>"


def original_pdf(view: DocumentView, uploads: Path) -> bytes | None:
    """The original PDF's bytes (see `uploads.original_path`), or None."""
    if view.media_type != "pdf":
        return None
    path = original_path(view.path, view.id, uploads)
    return path.read_bytes() if path is not None else None


def render_page(
    pdf: bytes,
    page_number: int,
    boxes: Sequence[tuple[float, float, float, float, str]],
    *,
    scale: float = 1.5,
) -> Image:
    """Page `page_number` (from 1) as an image, with translucent rectangles drawn on it.

    `boxes` are (x0, y0, x1, y1, colour) in PDF user space (points, origin bottom left).
    """
    import pypdfium2 as pdfium
    from PIL import Image as PILImage
    from PIL import ImageDraw

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_number - 1]
        left, bottom, _, top = page.get_cropbox()
        image = page.render(scale=scale).to_pil().convert("RGBA")
        page.close()
    finally:
        document.close()
    layer = PILImage.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for x0, y0, x1, y1, colour in boxes:
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        rect = (
            (x0 - left) * scale - 1,
            (top - y1) * scale - 1,
            (x1 - left) * scale + 1,
            (top - y0) * scale + 1,
        )
        draw.rectangle(rect, fill=(*rgb, 110), outline=(*rgb, 255))
    _ = bottom  # the y axis is measured from the top of the crop box
    return PILImage.alpha_composite(image, layer).convert("RGB")


def page_boxes(
    view: DocumentView,
    clauses: Sequence[ClauseView],
    page: int,
    mode: Mode,
    prefer: Sequence[str] = (),
) -> list[tuple[float, float, float, float, str]]:
    """The line rectangles of `clauses` on `page`, each with its clause's colour."""
    out = []
    for clause in clauses:
        colour = clause_colour(clause, mode, prefer)
        for ln in view.lines_in(clause.start, clause.end, page):
            out.append((ln.x0, ln.y0, ln.x1, ln.y1, colour))
    return out
