"""What the workspace stores for a document, and the SQL rows it becomes.

`DocumentRecord` and `ClauseRecord` are the stored form of a read document (`Reading`);
`insert_clause` and `insert_readings` write one clause's rows. `store.py` runs them inside its
transactions; `reread.py` uses them to rewrite a document's readings in place.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from rfp_assist.model import Block, Clause, Document, DocumentKind, Flag, LineBox, Page, Term

if TYPE_CHECKING:
    from rfp_assist.understand import Reading


@dataclass(frozen=True)
class ClauseRecord:
    """One clause as stored: the clause, the text search sees, and what was read from it.

    `search_text` is the clause text with flagged (hidden or injected) spans blanked: it is
    what was embedded and what the lexical index holds.
    """

    clause: Clause
    search_text: str
    topics: tuple[tuple[str, float], ...] = ()
    terms: tuple[Term, ...] = ()
    risk: str = "unknown"
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentRecord:
    """Everything stored for one document; `vectors` has one unit row per clause.

    `reader_version` names what made the readings (`reader_version.py`); None when unknown.
    """

    document: Document
    kind: DocumentKind
    party: str | None
    clauses: tuple[ClauseRecord, ...]
    vectors: np.ndarray
    flags: tuple[Flag, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    reader_version: str | None = None


def record_from_reading(reading: Reading, reader_version: str | None = None) -> DocumentRecord:
    """The rows to store for a read document (search text = the text that was embedded).

    `extra` keeps the document's other segments (title, contents, signature blocks), so that
    a later re-read from the stored text places flags in them as a fresh read would.
    """
    from rfp_assist.understand import masked

    analysis = reading.analysis
    clauses = tuple(
        ClauseRecord(
            clause=r.clause,
            search_text=masked(r.clause.text, r.clause.start, r.flags),
            topics=tuple((s.topic, s.score) for s in r.topics),
            terms=r.terms,
            risk=r.risk,
            reasons=r.reasons,
        )
        for r in reading.clauses
    )
    return DocumentRecord(
        document=analysis.document,
        kind=analysis.kind,
        party=analysis.party,
        clauses=clauses,
        vectors=reading.vectors,
        flags=reading.flags,
        extra={"regions": [region_row(r) for r in analysis.regions]},
        reader_version=reader_version,
    )


def region_row(segment: Clause) -> list[Any]:
    """A title, contents or signature segment as a compact JSON row (without its text)."""
    s = segment
    return [s.id, s.number, s.heading, s.start, s.end, s.page, s.page_end, s.kind, s.depth,
            s.parent]  # fmt: skip


def region_from_row(row: list[Any], document: Document) -> Clause:
    """The segment `region_row` stored, its text taken from the document's text."""
    cid, number, heading, start, end, page, page_end, kind, depth, parent = row
    return Clause(cid, document.id, number, heading, start, end, document.text[start:end],
                  page, page_end, kind, depth, parent)  # fmt: skip


def layout_json(doc: Document) -> str:
    """What a viewer needs to redraw highlights, compactly: pages and blocks' line boxes."""
    pages = [[p.number, p.start, p.end, round(p.width, 1), round(p.height, 1)] for p in doc.pages]
    blocks = [
        [b.start, b.end, b.page, [[ln.start, ln.end, ln.page, round(ln.x0, 1), round(ln.y0, 1),
                                   round(ln.x1, 1), round(ln.y1, 1)] for ln in b.lines]]
        for b in doc.blocks
    ]  # fmt: skip
    return json.dumps({"v": 1, "pages": pages, "blocks": blocks}, separators=(",", ":"))


def layout_from_json(layout: str) -> tuple[tuple[Page, ...], tuple[Block, ...]]:
    """The pages and blocks (with their line boxes) `layout_json` wrote."""
    data = json.loads(layout)
    pages = tuple(Page(*p) for p in data.get("pages", []))
    blocks = tuple(
        Block(b[0], b[1], b[2], lines=tuple(LineBox(*ln) for ln in b[3]))
        for b in data.get("blocks", [])
    )
    return pages, blocks


def insert_clause(
    db: sqlite3.Connection, document: str, seq: int, item: ClauseRecord, vector: np.ndarray
) -> int:
    """Insert one clause with its vector, topics and terms; its new key (`pk`)."""
    c = item.clause
    # The heading is indexed only if masking left it intact.
    heading = c.heading if c.heading and c.heading in item.search_text else None
    cursor = db.execute(
        "INSERT INTO clauses (id, document, seq, number, heading, search_heading, kind, depth,"
        " parent, page, page_end, start, \"end\", text, search_text, risk, reasons)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (c.id, document, seq, c.number, c.heading, heading, c.kind, c.depth, c.parent, c.page,
         c.page_end, c.start, c.end, c.text, item.search_text, item.risk,
         json.dumps(list(item.reasons))),
    )  # fmt: skip
    pk = cursor.lastrowid
    assert pk is not None
    db.execute("INSERT INTO vectors (pk, vector) VALUES (?, ?)", (pk, vector.tobytes()))
    insert_readings(db, pk, item)
    return pk


def insert_readings(db: sqlite3.Connection, pk: int, item: ClauseRecord) -> None:
    """Insert the topic and term rows of the clause stored under `pk`."""
    db.executemany(
        "INSERT OR REPLACE INTO clause_topics (pk, topic, score) VALUES (?, ?, ?)",
        [(pk, topic, float(score)) for topic, score in item.topics],
    )
    db.executemany(
        'INSERT INTO terms (pk, topic, key, value, start, "end") VALUES (?,?,?,?,?,?)',
        [(pk, t.topic, t.key, json.dumps(t.value), t.start, t.end) for t in item.terms],
    )


def insert_flags(db: sqlite3.Connection, document: str, flags: tuple[Flag, ...]) -> None:
    """Insert a document's flag rows."""
    db.executemany(
        "INSERT INTO flags (document, clause, kind, reason, start, \"end\", page, text)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(document, f.clause_id, f.kind, f.reason, f.start, f.end, f.page, f.text)
         for f in flags],
    )  # fmt: skip


def now() -> str:
    """The current UTC time, to the second, as stored in the workspace."""
    return datetime.now(UTC).isoformat(timespec="seconds")
