"""Frozen value types shared by loaders, analysis, retrieval and reports.

Offsets (`start`, `end`) are always character offsets into `Document.text`, the document's
extracted text, so `Document.text[start:end]` is the exact source of anything that carries
them. Pages are numbered from 1. PDF coordinates are PDF user space (points, origin at the
bottom left of the page), the space pypdf writes annotations in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MediaType = Literal["pdf", "docx", "text"]
BlockKind = Literal["paragraph", "heading", "table_row", "list_item"]
DocumentKind = Literal["proposal", "msa", "rfp", "other"]


@dataclass(frozen=True)
class LineBox:
    """One line of text on a PDF page: its character span and where it stands on the page."""

    start: int
    end: int
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list item or table row, in reading order.

    `number` is a numbering label the source itself computed (Word's automatic numbering),
    already written into the text at `start`. `level` is a heading or outline level (1 = top)
    when the source states one. `bold` and `font_size` describe the block's dominant type.
    """

    start: int
    end: int
    page: int
    kind: BlockKind = "paragraph"
    level: int | None = None
    number: str | None = None
    style: str | None = None
    bold: bool = False
    font_size: float | None = None
    lines: tuple[LineBox, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page: its size in points (0 when the format has no pages) and its span of text."""

    number: int
    start: int
    end: int
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True)
class Furniture:
    """Running header, footer or page number, kept out of the body text."""

    kind: Literal["header", "footer", "page_number"]
    page: int | None
    text: str


@dataclass(frozen=True)
class Revision:
    """A tracked change in a DOCX.

    An insertion's span is the inserted text inside `Document.text` (the current text). A
    deletion is no longer in the current text: `start == end` is the place it was removed
    from, and `text` holds what was deleted.
    """

    kind: Literal["insertion", "deletion"]
    start: int
    end: int
    text: str
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment, anchored to a span of the text."""

    start: int
    end: int
    text: str
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class StyledSpan:
    """Text whose presentation hides it from a human reader (white, tiny, vanished, off-page)."""

    start: int
    end: int
    page: int
    reason: str


@dataclass(frozen=True)
class Document:
    """A loaded document: identity, extracted text and everything needed to point into it."""

    id: str
    path: str
    media_type: MediaType
    text: str
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]
    furniture: tuple[Furniture, ...] = ()
    revisions: tuple[Revision, ...] = ()
    comments: tuple[Comment, ...] = ()
    hidden: tuple[StyledSpan, ...] = ()
    warnings: tuple[str, ...] = ()
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        """The file name without its folder."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def page_at(self, offset: int) -> int:
        """The page holding character `offset` (1 when the document has no page breaks)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages and offset >= self.pages[-1].end else 1


SegmentKind = Literal[
    "clause", "definition", "preamble", "title", "toc", "signature", "schedule_heading"
]

#: Segment kinds that are not clauses: recognised so that they are never mistaken for one.
NON_CLAUSE_KINDS: frozenset[str] = frozenset({"title", "toc", "signature"})


@dataclass(frozen=True)
class Clause:
    """A numbered or headed unit of a document, with its exact span and place in the hierarchy.

    `text` is exactly `Document.text[start:end]`. `id` is stable for the same document bytes.
    `parent` is the id of the enclosing clause, `depth` its nesting depth (0 = top level).
    """

    id: str
    document_id: str
    number: str | None
    heading: str | None
    start: int
    end: int
    text: str
    page: int
    page_end: int
    kind: SegmentKind = "clause"
    depth: int = 0
    parent: str | None = None

    @property
    def is_clause(self) -> bool:
        """True for clauses, definitions and preambles; False for title, TOC and signature."""
        return self.kind not in NON_CLAUSE_KINDS


#: A typed value as it appears in JSON: a number, a bool, a string, a list of schedule rows or
#: strings, or money as {"amount": 1450000, "currency": "USD"}.
TermValue = float | int | bool | str | list[object] | dict[str, object]


@dataclass(frozen=True)
class Term:
    """One typed term read from a clause, with the span of text it was read from.

    `start`/`end` are offsets into `Document.text`; `value` is normalised (percent as 15 not
    0.15, durations in the unit the key names, money with an ISO 4217 currency).
    """

    topic: str
    key: str
    value: TermValue
    start: int
    end: int


FlagKind = Literal["injection", "hidden_text"]


@dataclass(frozen=True)
class Flag:
    """Text aimed at automated tools, or text hidden from a human reader, and where it stands."""

    kind: FlagKind
    reason: str
    start: int
    end: int
    page: int
    text: str
    clause_id: str | None = None
