"""Assemble walked DOCX units into text, blocks, revisions, hidden spans and pages."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from rfp_assist.loaders.docx_tokens import Meta, Tok, Unit, separators
from rfp_assist.model import Block, Page, Revision, StyledSpan


@dataclass
class Assembled:
    """The current text of a run of units and everything that points into it."""

    text: str
    blocks: list[Block]
    pages: list[Page]
    revisions: list[Revision]
    hidden: list[StyledSpan]
    anchors: dict[str, dict[str, int]] = field(default_factory=dict)  # mark kind -> id -> offset


@dataclass(slots=True)
class _Change:
    kind: Literal["insertion", "deletion"]
    start: int
    end: int
    deleted: str  # an insertion's text is read from the final text instead
    meta: Meta | None


class _Revisions:
    """Collects changes in document order, merging neighbours by the same author and date."""

    def __init__(self) -> None:
        self.items: list[_Change] = []

    def insert(self, start: int, end: int, meta: Meta | None) -> None:
        last = self.items[-1] if self.items else None
        if last and last.kind == "insertion" and last.end == start and last.meta == meta:
            last.end = end
        else:
            self.items.append(_Change("insertion", start, end, "", meta))

    def delete(self, at: int, text: str, meta: Meta | None) -> None:
        last = self.items[-1] if self.items else None
        if last and last.kind == "deletion" and last.start == at and last.meta == meta:
            last.deleted += text
        else:
            self.items.append(_Change("deletion", at, at, text, meta))

    def build(self, text: str) -> list[Revision]:
        out = []
        for item in self.items:
            author, date = item.meta or (None, None)
            body = text[item.start : item.end] if item.kind == "insertion" else item.deleted
            out.append(Revision(item.kind, item.start, item.end, body, author, date))
        return out


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    reason: str


def _block_style(tokens: list[Tok]) -> tuple[bool, float | None]:
    """Bold when every visible non-blank run is bold; the size covering most characters."""
    visible = [t for t in tokens if t.kind == "text" and t.status != "-" and t.text.strip()]
    bold = bool(visible) and all(t.bold for t in visible)
    sizes: Counter[int] = Counter()
    for tok in visible:
        if tok.size is not None:
            sizes[tok.size] += len(tok.text)
    return bold, (sizes.most_common(1)[0][0] / 2 if sizes else None)


def _page_starts(text: str, marks: list[tuple[str, int]]) -> list[int]:
    """Where pages begin: Word's last rendered breaks when it wrote any, else explicit ones."""
    rendered = [at for kind, at in marks if kind == "rendered"]
    starts = set()
    for at in rendered or [at for kind, at in marks if kind == "explicit"]:
        if text[at : at + 1] == "\n":  # a break at the end of a block starts the next one
            at += 1
        if 0 < at < len(text):
            starts.add(at)
    return [0, *sorted(starts)]


def assemble(units: list[Unit]) -> Assembled:
    """Lay units out one per line (blocks joined by a single newline) and index everything."""
    parts: list[str] = []
    pos = 0
    revisions = _Revisions()
    spans: list[_Span] = []
    open_spans: dict[str, _Span] = {}
    marks: list[tuple[str, int]] = []
    anchors: dict[str, dict[str, int]] = {}
    laid: list[tuple[int, int, Unit]] = []

    def feed(tok: Tok) -> None:
        nonlocal pos
        if tok.kind == "mark" and tok.mark is not None:
            kind, value = tok.mark
            if kind == "page":
                marks.append((value, pos))
            else:
                anchors.setdefault(kind, {}).setdefault(value, pos)
            return
        if tok.status == "-":
            revisions.delete(pos, tok.text, tok.meta)
            return
        parts.append(tok.text)
        end = pos + len(tok.text)
        if tok.status == "+":
            revisions.insert(pos, end, tok.meta)
        for reason in tok.hidden:
            span = open_spans.get(reason)
            if span is not None and span.end == pos:  # adjacent runs hidden the same way
                span.end = end
            else:
                span = open_spans[reason] = _Span(pos, end, reason)
                spans.append(span)
        pos = end

    for unit, after in zip(units, separators(units, "\n", keep_empty=False), strict=True):
        start = pos
        for tok in unit.tokens:
            feed(tok)
        if unit.in_new:
            laid.append((start, pos, unit))
        if after is not None:
            feed(after)
    text = "".join(parts)
    page_starts = _page_starts(text, marks)
    pages = [
        Page(i + 1, begin, page_starts[i + 1] if i + 1 < len(page_starts) else len(text))
        for i, begin in enumerate(page_starts)
    ]

    def page_at(offset: int) -> int:
        return bisect_right(page_starts, offset)

    blocks = []
    for start, end, unit in laid:
        bold, size = _block_style(unit.tokens)
        blocks.append(
            Block(start, end, page_at(start), unit.kind, unit.level, unit.number, unit.style,
                  bold, size)
        )  # fmt: skip
    hidden = [
        StyledSpan(span.start, span.end, page_at(span.start), span.reason)
        for span in sorted(spans, key=lambda s: (s.start, s.reason))
        if text[span.start : span.end].strip()
    ]
    return Assembled(text, blocks, pages, revisions.build(text), hidden, anchors)
