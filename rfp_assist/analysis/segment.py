"""Split a Document into clauses: numbered and headed units with a hierarchy and exact spans.

Each clause runs from the block that opens it to the last block before the next opening, so
`clause.text == document.text[clause.start:clause.end]`. Title blocks, tables of contents and
signature blocks are returned as segments of their own kind, never as clauses.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from rfp_assist.analysis.markers import Marker, is_caps_heading, is_heading_text, parse_marker
from rfp_assist.model import Block, Clause, Document, SegmentKind

_TOC_HEADING = re.compile(r"^(?:table\s+of\s+contents|contents|index)\s*:?$", re.IGNORECASE)
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…+|\s{2,}|\t|\s)\s*(?:page\s+)?\d{1,3}$", re.IGNORECASE)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}")
# An inline clause opening: after a sentence end or a wide gap, a number that continues the
# document's numbering ("…such debts. 2.6 Insurance. …"), or a labelled article or exhibit.
_INLINE_OPENING = re.compile(
    r"(?:(?<=[.;:\])”\"]\s)|(?<=[.;:\])”\"]\s\s)|(?<=\s\s\s))"
    r"(?=(?:\d{1,3}(?:\.\d{1,3})+\.?\s+[A-Za-z\"“(]|\d{1,3}\.\s+[A-Z\"“(]"
    r"|(?:ARTICLE|EXHIBIT|SCHEDULE|APPENDIX|ANNEX)\s+[A-Z\d]+))"
)
_FILING_STAMP = re.compile(r"^exhibit\s+\d{1,3}\.\d{1,3}", re.IGNORECASE)
# A run-in heading opening a paragraph: "Scale. We operate 250 L …" (a short titled phrase).
_RUN_IN_HEADING = re.compile(
    r"^([A-Z][\w&/'’-]*(?:\s+(?:[A-Z][\w&/'’-]*|of|and|the|for|to|in|on|&|with)){0,5})\.\s+[A-Z“\"(]"
)
_VERB_START = re.compile(r"^(?:Yes|No|Note|See|Please|Thank|Dear|Mr|Mrs|Ms|Dr|Inc|Ltd|Co|St)\b")
_TITLE_CONTINUATION = re.compile(
    r"^(?:by\s+and\s+)?(?:between|among|and|dated|prepared\s+(?:for|by)|submitted\s+(?:to|by)|for|to)\b",
    re.IGNORECASE,
)
_PREAMBLE_HEADING = re.compile(
    r"^(?:recitals?|background|preamble|witnesseth|whereas|introduction|parties)\b[:.]?",
    re.IGNORECASE,
)
_SIGNATURE_START = re.compile(
    r"^(?:in\s+witness\s+where(?:of|for)|(?:signed|submitted|issued|executed)?\s*(?:for\s+and\s+)?"
    r"on\s+behalf\s+of\b|accepted\s+and\s+agreed|agreed\s+and\s+accepted|executed\s+by\s+the"
    r"\s+parties|signatures?\s*:?$|respectfully\s+submitted|yours\s+(?:sincerely|faithfully|truly)"
    r"|sincerely,?$|kind\s+regards,?$"
    # "Marburg, 11 April 2025 For Kestrel BioProcess GmbH": place and date opening a sign-off.
    r"|[A-Z][^,\n]{1,40},\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2},?)\s+\d{4}"
    r"\s*(?:$|(?:for|on\s+behalf|by)\b))",
    re.IGNORECASE,
)
_SIGNATURE_LINE = re.compile(
    r"^(?:by|name|title|date|signature|signed|witness|its|print(?:ed)?\s+name|position)\s*:"
    r"|^/s/|^_{3,}|^\[signature",
    re.IGNORECASE,
)

# Rank of numbering schemes with a fixed place in the hierarchy: a marker closes every open
# clause of the same or a lower rank. Schemes not listed here nest in the order they appear.
_STATIC_RANK = {
    "schedule": 0.0,
    "article": 1.0,
    "article_letter": 1.0,
    "caps_heading": 1.5,
    "section": 2.0,
    "section_letter": 2.0,
    "roman_dot": 2.0,
    "letter_dot": 2.0,
    "heading": 2.5,
}


@dataclass
class _Open:
    """A clause being built: where it starts, how it nests and which blocks it has so far."""

    kind: SegmentKind
    style: str
    value: tuple[int, ...]
    number: str | None
    heading: str | None
    first: int
    last: int
    depth: int = 0
    parent: int | None = None
    label_only: bool = False


def _rank(style: str, value: tuple[int, ...]) -> float | None:
    if style in ("dec", "letter_dec"):
        return 2.0 + len(value) - 1
    return _STATIC_RANK.get(style)


def _plausible_next(prev: tuple[int, ...] | None, new: tuple[int, ...]) -> bool:
    """Does decimal number `new` follow `prev` in a sensible sequence (sibling, child, uncle)?"""
    if prev is None:
        return len(new) > 1 or new[0] <= 5
    n = len(new)
    if n <= len(prev) and new[:-1] == prev[: n - 1] and 1 <= new[-1] - prev[n - 1] <= 3:
        return True
    if n > len(prev) and new[: len(prev)] == prev and all(v <= 2 for v in new[len(prev) :]):
        return True
    # The first subsection of a following section whose own heading was missed.
    return n >= 2 and new[-1] <= 1 and 1 <= new[0] - prev[0] <= 3


def _block_text(doc: Document, block: Block) -> str:
    return doc.text[block.start : block.end]


def _heading_only(doc: Document, block: Block) -> str | None:
    """The style of an unnumbered heading block ("caps_heading" / "heading"), or None."""
    text = _block_text(doc, block).strip()
    if len(text) > 120 or block.kind == "table_row":
        return None
    if block.kind == "heading" or (block.bold and is_heading_text(text)):
        return "caps_heading" if (block.level or 9) <= 1 or is_caps_heading(text) else "heading"
    if is_caps_heading(text) and not text.endswith(".") and len(text.split()) <= 12:
        return "caps_heading"
    return None


class _Segmenter:
    """One pass over a document's blocks, opening and closing clauses."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.blocks = _split_inline(doc, [b for b in doc.blocks if b.end > b.start])
        self.texts = [doc.text[b.start : b.end].strip() for b in self.blocks]
        self.opened: list[_Open] = []
        self.stack: list[int] = []  # indexes into self.opened
        self.last_dec: tuple[int, ...] | None = None
        self.last_value: dict[str, tuple[int, ...]] = {}
        self.seen_clause = False

    # -- regions ---------------------------------------------------------------------------
    def _title_end(self) -> int:
        """Index of the first block after the title block (0 when there is none)."""
        i = 0
        while i < len(self.blocks):
            text = self.texts[i]
            if i == 0 and _FILING_STAMP.match(text) and len(text) > 40:
                return 0  # a stamp run into the agreement's first paragraph
            if i > 0 and len(text) <= 150 and _TITLE_CONTINUATION.match(text):
                i += 1  # "between Northwind Gene Therapies, Inc. and Helix …, Inc."
                continue
            legend = is_caps_heading(text[:100]) and len(text) <= 600 and text.isupper()
            if (len(text) > 150 and not legend) or _TOC_HEADING.match(text):
                break
            if _SIGNATURE_START.match(text) or (_is_sentence(text) and not legend):
                break
            marker = parse_marker(text)
            if marker is not None and marker.style != "schedule":
                break
            following = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            if (
                i > 0
                and following is not None
                and not _TITLE_CONTINUATION.match(text)
                and _heading_only(self.doc, self.blocks[i])
                and _is_sentence(_block_text(self.doc, following))
            ):
                break  # a section heading followed by its body ends the title block
            i += 1
        return i if i < len(self.blocks) else 0

    def _toc_end(self, i: int) -> int:
        """If a table of contents starts at block `i`, the index just after it; else `i`."""
        texts = self.texts
        if _TOC_HEADING.match(texts[i]):
            j, first = i + 1, None
            while (
                j < len(texts)
                and len(texts[j]) <= 160
                and (not texts[j].endswith(".") or _DOT_LEADER.search(texts[j]))
            ):
                if first is None:
                    first = texts[j]
                elif _norm(texts[j]) == _norm(first):
                    break  # the real first heading repeats the first entry
                j += 1
            return j
        j = i
        while (
            j < len(texts)
            and len(texts[j]) <= 160
            and (_TOC_ENTRY.search(texts[j]) or _DOT_LEADER.search(texts[j]))
        ):
            j += 1
        return j if j - i >= 3 else i

    def _signature_end(self, i: int) -> int:
        """If a signature block starts at block `i`, the index just after it; else `i`."""
        texts = self.texts[i : i + 60]
        starts_block = len(texts[0]) <= 100 and parse_marker(texts[0]) is None
        if not (_SIGNATURE_START.match(texts[0]) or (starts_block and _sig_lines(texts[:4]) >= 2)):
            return i
        j = 1
        while j < len(texts):
            text = texts[j]
            marker = parse_marker(text)
            if len(text) > 200 or (marker is not None and marker.style in ("schedule", "dec")):
                break
            j += 1
        return i + j

    # -- clauses ---------------------------------------------------------------------------
    def _accept(self, marker: Marker, block: Block, text: str) -> Marker | None:
        """Check a marker against the sequence so far; resolve (i)-style ambiguity."""
        style = marker.style
        if style.endswith("?"):
            return self._resolve_ambiguous(marker)
        if style in ("dec", "section") and marker.value:
            prev = self.last_dec if style == "dec" else self.last_value.get(style)
            if not _plausible_next(prev, marker.value):
                heading_like = block.bold or block.kind == "heading" or marker.heading is not None
                if not (heading_like and len(text) <= 400) or (prev and marker.value < prev[:1]):
                    return None
        return marker

    def _resolve_ambiguous(self, marker: Marker) -> Marker:
        family = marker.style[:-1].rsplit(":", 1)[0]
        letter_style = f"{family}:{'lower' if marker.style.endswith('lower?') else 'upper'}"
        roman_style = f"{family}:{'lroman' if marker.style.endswith('lower?') else 'uroman'}"
        letter, roman = marker.value
        open_styles = {self.opened[k].style: self.opened[k].value for k in self.stack}
        if open_styles.get(letter_style, (0,))[0] == letter - 1:
            return _restyle(marker, letter_style, (letter,))
        if roman_style in open_styles and 0 < roman - open_styles[roman_style][0] <= 2:
            return _restyle(marker, roman_style, (roman,))  # (iii) then (v): a skipped (iv)
        if roman == 1:
            return _restyle(marker, roman_style, (roman,))
        return _restyle(marker, letter_style, (letter,))

    def _open(self, marker: Marker, index: int, kind: SegmentKind) -> None:
        rank = _rank(marker.style, marker.value)
        if marker.style == "schedule":
            self.stack.clear()
            self.last_dec = None
        elif rank is None:
            styles = [self.opened[k].style for k in self.stack]
            if marker.style in styles:
                del self.stack[len(styles) - styles[::-1].index(marker.style) - 1 :]
        else:
            while self.stack:
                top = self.opened[self.stack[-1]]
                top_rank = _rank(top.style, top.value)
                if top_rank is not None and top_rank < rank:
                    break
                self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        text = _block_text(self.doc, self.blocks[index])
        clause = _Open(
            kind=kind,
            style=marker.style,
            value=marker.value,
            number=marker.label,
            heading=marker.heading,
            first=index,
            last=index,
            depth=len(self.stack),
            parent=parent,
            label_only=not text[marker.body :].strip(),
        )
        self.opened.append(clause)
        self.stack.append(len(self.opened) - 1)
        if marker.style == "dec":
            self.last_dec = marker.value
        elif marker.value:
            self.last_value[marker.style] = marker.value

    def _region(self, kind: SegmentKind, first: int, end: int) -> None:
        self.opened.append(_Open(kind, kind, (), None, None, first, end - 1))
        self.stack.clear()

    def run(self) -> list[_Open]:
        """Walk the blocks once and return the segments found, in order."""
        i = self._title_end()
        if i:
            self._region("title", 0, i)
        while i < len(self.blocks):
            block, text = self.blocks[i], self.texts[i]
            end = self._toc_end(i)
            if end > i:
                self._region("toc", i, end)
                i = end
                continue
            end = self._signature_end(i)
            if end > i:
                self._region("signature", i, end)
                i = end
                continue
            self._step(i, block, text)
            i += 1
        return self.opened

    def _step(self, i: int, block: Block, text: str) -> None:
        current = self.opened[-1] if self.opened else None
        marker = None if block.kind == "table_row" else parse_marker(text)
        if marker is not None:
            marker = self._accept(marker, block, text)
        if marker is None and block.kind != "table_row":
            run_in = _RUN_IN_HEADING.match(text)
            if run_in and not _VERB_START.match(run_in.group(1)):
                marker = Marker("heading", (), None, run_in.group(1), run_in.end(1) + 1)
        if marker is None:
            style = _heading_only(self.doc, block)
            if style is not None:
                if current is not None and current.label_only and current.last == i - 1:
                    current.heading = text.rstrip(":")  # "ARTICLE VIII" then "TERMINATION"
                    current.last = i
                    current.label_only = False
                    return
                marker = Marker(style, (), None, text.rstrip(":").strip(), len(text))
        if marker is None:
            if current is None or current.kind in ("title", "toc", "signature"):
                self._open(Marker("preamble", (), None, None, 0), i, "preamble")
                self.stack.clear()
            else:
                self.opened[-1].last = i
                self.opened[-1].label_only = False
            return
        kind: SegmentKind = "definition" if marker.definition else "clause"
        if marker.style == "schedule":
            kind = "schedule_heading"
        elif not self.seen_clause and marker.label is None and marker.style != "definition":
            kind = "preamble" if _PREAMBLE_HEADING.match(marker.heading or "") else "clause"
        if kind != "preamble":
            self.seen_clause = True
        self._open(marker, i, kind)


def _split_inline(doc: Document, blocks: list[Block]) -> list[Block]:
    """Split blocks where a clause opens mid-line and continues the numbering sequence."""
    out: list[Block] = []
    last: tuple[int, ...] | None = None
    for block in blocks:
        text = doc.text[block.start : block.end]
        marker = parse_marker(text)
        if marker is not None and marker.style == "dec":
            last = marker.value
        cuts = []
        if len(text) > 200 and block.kind != "table_row":
            for match in _INLINE_OPENING.finditer(text):
                inline = parse_marker(text[match.start() :])
                if inline is None:
                    continue
                if inline.style == "dec":
                    if not _plausible_next(last, inline.value) or last is None:
                        continue
                    last = inline.value
                cuts.append(match.start())
        if not cuts:
            out.append(block)
            continue
        bounds = [0, *cuts, len(text)]
        for a, b in itertools.pairwise(bounds):
            piece = text[a:b]
            start = block.start + a + (len(piece) - len(piece.lstrip()))
            end = block.start + a + len(piece.rstrip())
            if end > start:
                lines = tuple(ln for ln in block.lines if ln.end > start and ln.start < end)
                out.append(replace(block, start=start, end=end, lines=lines))
    return out


def _restyle(marker: Marker, style: str, value: tuple[int, ...]) -> Marker:
    return Marker(style, value, marker.label, marker.heading, marker.body, marker.definition)


def _is_sentence(text: str) -> bool:
    """Running prose rather than a title line: long, or several words ending in a full stop."""
    text = text.strip()
    return len(text) > 150 or (text.endswith((".", ";")) and len(text.split()) >= 6)


def _sig_lines(texts: list[str]) -> int:
    return sum(bool(_SIGNATURE_LINE.match(t)) for t in texts)


def _norm(text: str) -> str:
    return re.sub(r"[\W\d_]+", " ", text).strip().lower()


def segment(doc: Document) -> list[Clause]:
    """The clauses (and title, TOC and signature segments) of `doc`, in document order."""
    segmenter = _Segmenter(doc)
    opened = segmenter.run()
    blocks = segmenter.blocks
    ids = [f"{doc.id[:12]}-{blocks[o.first].start}" for o in opened]
    clauses: list[Clause] = []
    for o in opened:
        start, end = blocks[o.first].start, blocks[o.last].end
        clauses.append(
            Clause(
                id=ids[len(clauses)],
                document_id=doc.id,
                number=o.number,
                heading=o.heading,
                start=start,
                end=end,
                text=doc.text[start:end],
                page=blocks[o.first].page,
                page_end=blocks[o.last].page,
                kind=o.kind,
                depth=o.depth,
                parent=ids[o.parent] if o.parent is not None else None,
            )
        )
    return clauses
