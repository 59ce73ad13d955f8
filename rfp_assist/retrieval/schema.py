"""The workspace's SQLite schema (version 2) and the migration of older workspaces.

`clauses.pk` is the clause's integer key: the FAISS id of its vector and the FTS5 rowid.
AUTOINCREMENT keeps keys from being reused after a delete, so a stale index entry can never
stand for a different clause. `search_text` is the clause text with flagged spans blanked;
the FTS5 table indexes it (and the heading, when masking left it intact) as external content,
kept in step by triggers. `documents.reader_version` names what made a document's readings
(version 2; `migrate` adds it to a version 1 workspace, NULL: its documents are re-read).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2
#: Porter stemming over Unicode words, diacritics folded ("indemnify" finds "indemnified").
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"

SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        party TEXT, media_type TEXT NOT NULL, pages INTEGER NOT NULL, title TEXT,
        added_at TEXT NOT NULL, text TEXT NOT NULL, layout TEXT NOT NULL,
        warnings TEXT NOT NULL, extra TEXT NOT NULL, reader_version TEXT)""",
    """CREATE TABLE IF NOT EXISTS clauses (
        pk INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, number TEXT, heading TEXT, search_heading TEXT,
        kind TEXT NOT NULL, depth INTEGER NOT NULL, parent TEXT,
        page INTEGER NOT NULL, page_end INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        search_text TEXT NOT NULL, risk TEXT NOT NULL, reasons TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS clauses_document ON clauses (document, seq)",
    """CREATE TABLE IF NOT EXISTS vectors (
        pk INTEGER PRIMARY KEY REFERENCES clauses(pk) ON DELETE CASCADE,
        vector BLOB NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS clause_topics (
        pk INTEGER NOT NULL REFERENCES clauses(pk) ON DELETE CASCADE,
        topic TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (pk, topic))""",
    "CREATE INDEX IF NOT EXISTS clause_topics_topic ON clause_topics (topic, pk)",
    """CREATE TABLE IF NOT EXISTS terms (
        pk INTEGER NOT NULL REFERENCES clauses(pk) ON DELETE CASCADE,
        topic TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS terms_pk ON terms (pk)",
    """CREATE TABLE IF NOT EXISTS flags (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, clause TEXT,
        kind TEXT NOT NULL, reason TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS flags_document ON flags (document)",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL, action TEXT NOT NULL,
        document TEXT, path TEXT, at TEXT NOT NULL, detail TEXT NOT NULL)""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS clause_fts USING fts5(
        search_heading, search_text, content='clauses', content_rowid='pk',
        tokenize='{FTS_TOKENIZER}')""",
    """CREATE TRIGGER IF NOT EXISTS clauses_fts_insert AFTER INSERT ON clauses BEGIN
        INSERT INTO clause_fts (rowid, search_heading, search_text)
        VALUES (new.pk, new.search_heading, new.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS clauses_fts_delete AFTER DELETE ON clauses BEGIN
        INSERT INTO clause_fts (clause_fts, rowid, search_heading, search_text)
        VALUES ('delete', old.pk, old.search_heading, old.search_text); END""",
)


def migrate(db: sqlite3.Connection) -> None:
    """Bring an older workspace's tables to this schema (inside the caller's transaction)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(documents)")}
    if "reader_version" not in columns:
        db.execute("ALTER TABLE documents ADD COLUMN reader_version TEXT")
