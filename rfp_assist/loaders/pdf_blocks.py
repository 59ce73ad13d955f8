"""Lines in reading order to paragraphs: block breaks, headings, hyphenation, offsets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rfp_assist.loaders.pdf_layout import Line, weighted_median
from rfp_assist.model import Block, BlockKind, LineBox, Page, StyledSpan

#: A clause label at the start of a line: `1.`, `1.1`, `(a)`, `(iv)`, `A.1`, `Article 5` ...
_CLAUSE = re.compile(
    r"""^(?:
        (?P<word>(?:article|section|clause|schedule|exhibit|annex|appendix|part)\s+[\dIVXLCA-Z])
      | (?P<dotted>\d{1,3}\.(?:\d{1,3}\.?)*)\s
      | (?P<bare>\d{1,3}(?:\.\d{1,3})+)\s
      | (?P<paren>\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]{1,2})\))\s
      | (?P<close>(?:\d{1,3}|[a-z]|[ivxlc]{1,6})\))\s
      | (?P<letter>[A-Z]\.(?:\d{1,3}(?:\.\d{1,3})*)?)\s
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_BULLET = re.compile(r"^[•●▪◦○■□➢►‣⁃∙·*o-]\s+\S")
_TERMINAL = re.compile(r"(?:[.:;!?]|;\s*(?:and|or))[\"'”’)\]]*$")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_LOWER = re.compile(r"[a-zß-öø-ÿā-ž]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: First halves of compounds that keep their hyphen at a line break ("self-" + "insured").
_COMPOUND_HEADS = frozenset(
    ["self", "non", "third", "cross", "half", "quasi", "semi", "multi", "anti", "well", "co"]
)


@dataclass(slots=True)
class _Stats:
    body_size: float
    pitch: float
    line_width: float
    edges: dict[tuple[int, tuple[int, int]], tuple[float, float]]


@dataclass(slots=True)
class Assembled:
    """The document's text and everything that points into it."""

    text: str
    blocks: list[Block]
    pages: list[Page]
    hidden: list[StyledSpan] = field(default_factory=list)


def assemble(
    lines: list[Line],
    page_sizes: list[tuple[int, float, float]],
    to_user: Callable[[Line], tuple[float, float, float, float]],
) -> Assembled:
    """Group body lines into blocks and write the text, with offsets for every line."""
    stats = _stats(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not _starts_block(groups[-1], line, stats):
            groups[-1].append(line)
        else:
            groups.append([line])
    words = _words(lines) if any(_hyphen_end(line) for line in lines) else set()
    pieces: list[str] = []
    offset = 0
    blocks: list[Block] = []
    hidden: list[StyledSpan] = []
    spans: dict[int, list[int]] = {}
    for number, group in enumerate(groups):
        if number:
            pieces.append("\n")
            offset += 1
        block_start = offset
        boxes: list[LineBox] = []
        for index, line in enumerate(group):
            following = group[index + 1] if index + 1 < len(group) else None
            emitted, joiner = _join(line, following, words)
            start = offset
            pieces.append(emitted)
            offset += len(emitted)
            boxes.append(LineBox(start, offset, line.page, *to_user(line)))
            span = spans.setdefault(line.page, [start, offset])
            span[0], span[1] = min(span[0], start), max(span[1], offset)
            for begin, end, reason in line.hidden:
                if begin < len(emitted):
                    _add_hidden(
                        hidden,
                        StyledSpan(
                            start + begin, start + min(end, len(emitted)), line.page, reason
                        ),
                    )
            if following is not None:
                pieces.append(joiner)
                offset += len(joiner)
        blocks.append(_block(group, block_start, offset, tuple(boxes), stats))
    text = "".join(pieces)
    pages: list[Page] = []
    previous_end = 0
    for number, width, height in page_sizes:
        start, end = spans.get(number, (previous_end, previous_end))
        pages.append(Page(number, start, end, width, height))
        previous_end = end
    return Assembled(text, blocks, pages, hidden)


def _add_hidden(spans: list[StyledSpan], span: StyledSpan) -> None:
    """Append, merging with the previous span when only a joining space separates them."""
    if spans:
        last = spans[-1]
        if last.reason == span.reason and last.page == span.page and span.start - last.end <= 1:
            spans[-1] = StyledSpan(last.start, span.end, last.page, last.reason)
            return
    spans.append(span)


def _stats(lines: list[Line]) -> _Stats:
    body = weighted_median([(line.size, len(line.text)) for line in lines]) or 10.0
    deltas: list[float] = []
    edges: dict[tuple[int, tuple[int, int]], tuple[float, float]] = {}
    for previous, line in pairwise(lines):
        same_place = previous.page == line.page and previous.region == line.region
        body_sized = max(abs(previous.size - body), abs(line.size - body)) <= 0.1 * body
        if same_place and body_sized:
            delta = previous.y0 - line.y0
            if 0.6 * body < delta < 2.5 * body:
                deltas.append(delta)
    for line in lines:
        key = (line.page, line.region)
        left, right = edges.get(key, (line.x0, line.x1))
        edges[key] = (min(left, line.x0), max(right, line.x1))
    deltas.sort()
    # The lower quartile: in lists of one-line items most steps are paragraph gaps.
    pitch = deltas[len(deltas) // 4] if deltas else 1.2 * body
    widths = sorted(line.x1 - line.x0 for line in lines) or [0.0]
    return _Stats(body, pitch, widths[int(0.9 * (len(widths) - 1))], edges)


def _heading_like(line: Line, stats: _Stats) -> bool:
    text = line.text.strip()
    if not 2 <= len(text) <= 80 or text.endswith(",") or line.cells >= 3:
        return False
    return line.bold or _caps(text) or line.size >= 1.15 * stats.body_size


@lru_cache(maxsize=1024)
def _caps(text: str) -> bool:
    """ALL CAPS: at least three letters, nine in ten of them capitals (Latin scripts)."""
    upper = len(_UPPER.findall(text))
    letters = upper + len(_LOWER.findall(text))
    return letters >= 3 and upper >= 0.9 * letters


def _starts_block(block: list[Line], line: Line, stats: _Stats) -> bool:
    """Whether `line` begins a new block rather than continuing `block`."""
    previous = block[-1]
    if line.cells >= 3 or previous.cells >= 3 or line.rotated or previous.rotated:
        return True
    if previous.page != line.page or previous.region != line.region:
        return not _continues(previous, line, stats)
    size = max(previous.size, line.size)
    if abs(previous.size - line.size) > 0.15 * size:
        return True
    delta = previous.y0 - line.y0
    expected = stats.pitch * size / stats.body_size
    if delta <= 0.3 * size or delta > 1.35 * expected + 1.5:
        return True
    if _BULLET.match(line.text):
        return True
    if _clause_start(line.text) and not _wrapped(previous, line, stats):
        return True
    if line.lead_bold and _TERMINAL.search(previous.text.rstrip()):
        return True  # a paragraph opening with a bold run-in heading
    running_on = _full(previous, stats) and not _TERMINAL.search(previous.text.rstrip())
    if running_on and not _caps(previous.text):
        return False  # a full line that does not end a sentence runs on
    heading_before, heading_now = _heading_like(previous, stats), _heading_like(line, stats)
    if heading_before != heading_now and (
        previous.bold != line.bold or _caps(previous.text) != _caps(line.text)
    ):
        return True
    left, right = stats.edges[(line.page, line.region)]
    width = max(right - left, 1.0)
    tolerance = max(0.6 * line.size, 4.0)
    previous_short = previous.x1 < right - max(0.2 * width, 2 * size)
    if line.x0 > previous.x0 + tolerance and (len(block) >= 2 or previous_short):
        return True  # first-line indent of a new paragraph, not a hanging indent
    if line.x0 < previous.x0 - tolerance and len(block) >= 2:
        return True  # back to the margin after indented lines
    return previous_short and bool(_TERMINAL.search(previous.text.rstrip()))


def _continues(previous: Line, line: Line, stats: _Stats) -> bool:
    """A paragraph running on over a page or column break.

    The previous line has no closing punctuation, and the next one starts in lowercase, or
    the previous one runs to the margin (mid-sentence) and the next is no heading or list.
    """
    head = line.text.lstrip()[:1]
    open_ended = (
        not _heading_like(previous, stats)
        and not _TERMINAL.search(previous.text.rstrip())
        and abs(previous.size - line.size) <= 0.15 * max(previous.size, line.size)
        and not _clause_start(line.text)
        and not _BULLET.match(line.text)
    )
    if not open_ended:
        return False
    return head.islower() or (_full(previous, stats) and not _heading_like(line, stats))


def _clause_start(text: str) -> re.Match[str] | None:
    return _CLAUSE.match(text.lstrip())


def _wrapped(previous: Line, line: Line, stats: _Stats) -> bool:
    """A clause-like label that is only the wrapped end of a sentence ("... in Section\n5.1")."""
    match = _clause_start(line.text)
    if match is None:
        return False
    if not _full(previous, stats) or _TERMINAL.search(previous.text.rstrip()):
        return False
    if match.group("word") or match.group("bare"):
        return True
    after = line.text.lstrip()[match.end() :].lstrip()[:1]
    return after.islower()


def _full(line: Line, stats: _Stats) -> bool:
    """Whether the line reaches its column's right edge and is as long as body lines are."""
    left, right = stats.edges[(line.page, line.region)]
    reach = line.x1 >= right - max(0.1 * (right - left), 3 * line.size)
    return reach and line.x1 - line.x0 >= 0.7 * stats.line_width


def _hyphen_end(line: Line) -> bool:
    return line.soft_hyphen or line.text.endswith(("-", "\u2010"))


def _words(lines: list[Line]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(word.lower() for word in _WORD.findall(line.text))
    return words


def _join(line: Line, following: Line | None, words: set[str]) -> tuple[str, str]:
    """The line's text as written into the document and what joins it to the next line."""
    text = line.text
    if following is None:
        return text, ""
    if line.soft_hyphen:
        return text, ""
    nxt = following.text.lstrip()
    if not text.endswith(("-", "\u2010")) or len(text) < 2 or not text[-2].isalpha() or not nxt:
        return text, " "
    head_match = re.search(r"[^\W\d_]+$", text[:-1])
    tail_match = _WORD.match(nxt)
    head = head_match.group() if head_match else ""
    tail = tail_match.group().split("-")[0] if tail_match else ""
    joined = (head + tail).lower()
    if nxt[0].isdigit() or not tail:
        return text, ""
    if nxt[0].isupper():
        # "non-" + "Affiliate" keeps its hyphen; "MANUFAC-" + "TURING" is one word in caps.
        if head.isupper() and tail.isupper() and joined in words:
            return text[:-1], ""
        return text, ""
    if not text[-2].islower():
        return text, ""
    if f"{head}-{tail}".lower() in words:
        return text, ""
    if joined in words or head.lower() not in _COMPOUND_HEADS:
        return text[:-1], ""
    return text, ""


def _block(
    lines: list[Line], start: int, end: int, boxes: tuple[LineBox, ...], stats: _Stats
) -> Block:
    sizes = [(line.size, len(line.text)) for line in lines]
    bold_chars = sum(len(line.text) for line in lines if line.bold)
    total = sum(len(line.text) for line in lines)
    kind: BlockKind = "paragraph"
    if len(lines) <= 3 and total <= 150 and all(_heading_like(line, stats) for line in lines):
        kind = "heading"
    elif len(lines) == 1 and lines[0].cells >= 3:
        kind = "table_row"
    elif _BULLET.match(lines[0].text):
        kind = "list_item"
    return Block(
        start=start,
        end=end,
        page=lines[0].page,
        kind=kind,
        bold=bold_chars * 2 > total,
        font_size=round(weighted_median(sizes), 2) or None,
        lines=boxes,
    )
