"""Plain text and Markdown: offsets refer to the file's own text, so labels made by others line up.

Each non-blank line is a block (hard-wrapped paragraphs become several blocks; segmentation
joins them). Lines that are page furniture (a lone page number, a running header repeated on
many pages) are not blocks and are recorded as Furniture; page breaks are inferred from form
feeds or from the page-number lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rfp_assist.loaders import document_id
from rfp_assist.model import Block, Document, Furniture, Page

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+\S")
_MD_LIST = re.compile(r"^([-*+]|\d{1,3}[.)])[ \t]+\S")
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM), falling back to Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank lines with surrounding whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


def _furniture_lines(text: str, spans: list[tuple[int, int]]) -> dict[int, str]:
    """Index of each line that is a page number or a running header/footer, with its kind."""
    kinds: dict[int, str] = {}
    shapes = Counter(_DIGITS.sub("#", text[s:e]).lower() for s, e in spans)
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        if _PAGE_NUMBER.match(line):
            kinds[i] = "page_number"
            continue
        shape = _DIGITS.sub("#", line).lower()
        # A short line repeated on several pages is a running header or footer; real clauses
        # never repeat verbatim three times and more.
        if shapes[shape] >= 3 and len(line) <= 80 and not line.endswith(":"):
            kinds[i] = "header"
    return kinds


def load_text(data: bytes, path: str) -> Document:
    """Load plain text or Markdown into a Document whose text is the file's own text."""
    text = decode(data)
    spans = _lines(text)
    furniture_at = _furniture_lines(text, spans)
    is_markdown = path.lower().endswith((".md", ".markdown"))

    blocks: list[Block] = []
    furniture: list[Furniture] = []
    page_starts = [0]
    page = 1
    for i, (start, end) in enumerate(spans):
        if "\f" in text[page_starts[-1] : start] and start > page_starts[-1]:
            page_starts.append(text.rindex("\f", page_starts[-1], start) + 1)
            page += 1
        kind = furniture_at.get(i)
        if kind is not None:
            furniture.append(Furniture(kind=kind, page=page, text=text[start:end]))  # type: ignore[arg-type]
            if kind == "page_number" and "\f" not in text:
                page_starts.append(end)
                page += 1
            continue
        line = text[start:end]
        block_kind = "paragraph"
        level = None
        if is_markdown:
            heading = _MD_HEADING.match(line)
            if heading:
                block_kind, level = "heading", len(heading.group(1))
            elif _MD_LIST.match(line):
                block_kind = "list_item"
        blocks.append(Block(start=start, end=end, page=page, kind=block_kind, level=level))  # type: ignore[arg-type]

    pages, blocks = _merge_empty_pages(_pages(text, page_starts), blocks)
    return Document(
        id=document_id(data),
        path=path,
        media_type="text",
        text=text,
        pages=tuple(pages),
        blocks=tuple(blocks),
        furniture=tuple(furniture),
        warnings=() if blocks else ("no text found",),
    )


def _pages(text: str, starts: list[int]) -> list[Page]:
    bounds = [*starts, len(text)]
    return [Page(number=i + 1, start=bounds[i], end=bounds[i + 1]) for i in range(len(starts))]


def _merge_empty_pages(pages: list[Page], blocks: list[Block]) -> tuple[list[Page], list[Block]]:
    """Fold pages holding no block (e.g. after a trailing page number) into their neighbour."""
    used = {b.page for b in blocks}
    kept: list[Page] = []
    for page in pages:
        if page.number in used or not kept:
            kept.append(page)
        else:
            kept[-1] = replace(kept[-1], end=page.end)
    if kept and kept[0].number not in used and len(kept) > 1:
        kept[1] = replace(kept[1], start=kept[0].start)
        kept.pop(0)
    mapping = {p.number: i + 1 for i, p in enumerate(kept)}
    pages_out = [replace(p, number=i + 1) for i, p in enumerate(kept)]
    blocks_out = [replace(b, page=mapping[b.page]) for b in blocks]
    return pages_out, blocks_out
