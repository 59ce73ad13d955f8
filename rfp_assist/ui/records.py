"""What the app shows of a stored document, read back from the workspace (no Streamlit here).

The workspace (`retrieval/store.py`) keeps each document's text, its layout (page sizes and
the line rectangles of PDF blocks), its clauses with topics, terms, risk and reasons, and its
flags. The review page needs all of it for one document at a time; this module reads it in
one snapshot and returns frozen values. (The workspace page's two edits, party and kind,
are the workspace's own: `Workspace.rename_party`, `Workspace.set_kind`.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from rfp_assist.model import LineBox, Page, TermValue
from rfp_assist.retrieval.rows import layout_from_json
from rfp_assist.retrieval.store import Workspace

_T = TypeVar("_T")


@dataclass(frozen=True)
class FlagView:
    """A flag as stored: hidden text or text aimed at automated tools, with its span."""

    kind: str
    reason: str
    start: int
    end: int
    page: int
    text: str
    clause: str | None


@dataclass(frozen=True)
class ClauseView:
    """One stored clause with what was read from it."""

    id: str
    number: str | None
    heading: str | None
    kind: str
    depth: int
    page: int
    page_end: int
    start: int
    end: int
    text: str
    risk: str
    reasons: tuple[str, ...]
    topics: tuple[tuple[str, float], ...]
    terms: dict[str, dict[str, TermValue]]
    flags: tuple[FlagView, ...]

    @property
    def label(self) -> str:
        """Number and heading, for lists ("6.2 Late Delivery", "· Batch Failure")."""
        parts = [self.number or "·", self.heading or ""]
        return " ".join(p for p in parts if p).strip()


@dataclass(frozen=True)
class DocumentView:
    """A stored document: identity, text, pages, line boxes, clauses and flags."""

    id: str
    path: str
    name: str
    kind: str
    party: str | None
    media_type: str
    text: str
    pages: tuple[Page, ...]
    lines: tuple[LineBox, ...]
    clauses: tuple[ClauseView, ...]
    flags: tuple[FlagView, ...]
    warnings: tuple[str, ...]

    def lines_in(self, start: int, end: int, page: int | None = None) -> list[LineBox]:
        """The PDF line boxes that overlap the span [start, end) (on `page` if given)."""
        return [
            ln
            for ln in self.lines
            if ln.start < end and ln.end > start and (page is None or ln.page == page)
        ]


def _pages_and_lines(layout: str) -> tuple[tuple[Page, ...], tuple[LineBox, ...]]:
    pages, blocks = layout_from_json(layout)
    return pages, tuple(ln for block in blocks for ln in block.lines)


def _from_row(cls: type[_T], row: Sequence[Any], **rest: Any) -> _T:
    # The SELECTs list their columns in the order of the dataclass's fields; `rest` gives
    # the fields that are not plain columns.
    names = [f.name for f in fields(cls) if f.name not in rest]  # type: ignore[arg-type]
    return cls(**dict(zip(names, row, strict=True)), **rest)


_CLAUSES_SQL = (
    'SELECT pk, id, number, heading, kind, depth, page, page_end, start, "end", text, risk,'
    " reasons FROM clauses WHERE document = ? ORDER BY seq"
)


def document_view(workspace: Workspace, document_id: str) -> DocumentView | None:
    """Everything stored for one document, or None when no such document is stored."""
    with workspace.snapshot() as db:
        row = db.execute(
            "SELECT id, path, name, kind, party, media_type, text, layout, warnings"
            " FROM documents WHERE id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            return None
        clause_rows = db.execute(_CLAUSES_SQL, (document_id,)).fetchall()
        pks = "SELECT pk FROM clauses WHERE document = ?"
        topics: dict[int, list[tuple[str, float]]] = {}
        for pk, topic, score in db.execute(
            f"SELECT pk, topic, score FROM clause_topics WHERE pk IN ({pks})"
            " ORDER BY pk, score DESC",
            (document_id,),
        ):
            topics.setdefault(pk, []).append((topic, float(score)))
        terms: dict[int, dict[str, dict[str, Any]]] = {}
        for pk, topic, key, value in db.execute(
            f"SELECT pk, topic, key, value FROM terms WHERE pk IN ({pks}) ORDER BY rowid",
            (document_id,),
        ):
            terms.setdefault(pk, {}).setdefault(topic, {})[key] = json.loads(value)
        flags = tuple(
            FlagView(*r)
            for r in db.execute(
                'SELECT kind, reason, start, "end", page, text, clause FROM flags'
                " WHERE document = ? ORDER BY start",
                (document_id,),
            )
        )
    pages, lines = _pages_and_lines(row[7])
    clauses = tuple(
        _from_row(
            ClauseView,
            r[1:12],
            reasons=tuple(json.loads(r[12])),
            topics=tuple(topics.get(r[0], ())),
            terms=terms.get(r[0], {}),
            flags=tuple(f for f in flags if f.clause == r[1] or (f.start < r[9] and f.end > r[8])),
        )
        for r in clause_rows
    )
    return _from_row(
        DocumentView,
        row[:7],
        pages=pages,
        lines=lines,
        clauses=clauses,
        flags=flags,
        warnings=tuple(json.loads(row[8])),
    )


def document_text(workspace: Workspace, document_id: str) -> str | None:
    """The stored text of one document (what every offset points into), or None."""
    with workspace.snapshot() as db:
        row = db.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    return None if row is None else str(row[0])
