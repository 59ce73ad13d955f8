"""What the app shows of a stored document, read back from the workspace (no Streamlit here).

The workspace (`retrieval/store.py`) keeps each document's text, its layout (page sizes and
the line rectangles of PDF blocks), its clauses with topics, terms, risk and reasons, and its
flags. The review page needs all of it for one document at a time; this module reads it in
one snapshot and returns frozen values, and makes the two small edits the workspace page
offers (party and kind), each audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rfp_assist.model import DocumentKind, LineBox, Page, TermValue
from rfp_assist.retrieval.store import Workspace, current_user

DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("proposal", "msa", "rfp", "other")


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
    data = json.loads(layout)
    pages = tuple(
        Page(int(p[0]), int(p[1]), int(p[2]), float(p[3]), float(p[4]))
        for p in data.get("pages", [])
    )
    lines = tuple(
        LineBox(int(ln[0]), int(ln[1]), int(ln[2]), *(float(v) for v in ln[3:7]))
        for block in data.get("blocks", [])
        for ln in block[3]
    )
    return pages, lines


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
        ClauseView(
            id=r[1],
            number=r[2],
            heading=r[3],
            kind=r[4],
            depth=r[5],
            page=r[6],
            page_end=r[7],
            start=r[8],
            end=r[9],
            text=r[10],
            risk=r[11],
            reasons=tuple(json.loads(r[12])),
            topics=tuple(topics.get(r[0], ())),
            terms=terms.get(r[0], {}),
            flags=tuple(f for f in flags if f.clause == r[1] or (f.start < r[9] and f.end > r[8])),
        )
        for r in clause_rows
    )
    return DocumentView(
        id=row[0],
        path=row[1],
        name=row[2],
        kind=row[3],
        party=row[4],
        media_type=row[5],
        text=row[6],
        pages=pages,
        lines=lines,
        clauses=clauses,
        flags=flags,
        warnings=tuple(json.loads(row[8])),
    )


def set_party(workspace: Workspace, document_id: str, party: str | None) -> bool:
    """Rename a document's party (blank clears it); False when no such document is stored."""
    value = " ".join((party or "").split()) or None
    return _update(workspace, document_id, "party", value, f"party -> {value or '(none)'}")


def set_kind(workspace: Workspace, document_id: str, kind: str) -> bool:
    """Set a document's kind (proposal, msa, rfp, other); False when no such document."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"unknown document kind {kind!r}; expected one of {DOCUMENT_KINDS}")
    return _update(workspace, document_id, "kind", kind, f"kind -> {kind}")


def _update(
    workspace: Workspace, document_id: str, column: str, value: str | None, detail: str
) -> bool:
    with workspace.transaction() as db:
        row = db.execute("SELECT path FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return False
        # `column` is one of two literals chosen above, never user input.
        db.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (value, document_id))
        db.execute(
            "INSERT INTO audit (who, action, document, path, at, detail)"
            " VALUES (?, 'edit', ?, ?, ?, ?)",
            (
                current_user(),
                document_id,
                row[0],
                datetime.now(UTC).isoformat(timespec="seconds"),
                detail,
            ),
        )
    return True


def document_text(workspace: Workspace, document_id: str) -> str | None:
    """The stored text of one document (what every offset points into), or None."""
    with workspace.snapshot() as db:
        row = db.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    return None if row is None else str(row[0])
