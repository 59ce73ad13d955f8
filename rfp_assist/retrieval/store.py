"""The workspace: one folder with SQLite (the truth) and a FAISS index derived from it.

`workspace.sqlite` (WAL) holds documents with their text and layout, clauses, clause vectors
(float32 blobs), topics, terms, flags, an audit log and an FTS5 index over clause text. Every
row of one document is written in one transaction, which also bumps the `generation` counter.
The FAISS index (`faiss_index.py`) is derived data: whenever it is used, it is brought to the
SQLite generation it should match, from SQLite's vectors, so a lost, stale or corrupt index
file costs a rebuild, never a wrong answer. The embedding cache lives beside them
(`embeddings.sqlite`). No pickle anywhere.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from rfp_assist.errors import WorkspaceError
from rfp_assist.model import DocumentKind
from rfp_assist.retrieval import faiss_index
from rfp_assist.retrieval.embed import DIMENSION, model_id
from rfp_assist.retrieval.rows import (
    ClauseRecord,
    DocumentRecord,
    insert_clause,
    insert_flags,
    insert_readings,
    layout_json,
    now,
)
from rfp_assist.retrieval.schema import SCHEMA, SCHEMA_VERSION, migrate

__all__ = ["ClauseRecord", "DocumentRecord", "Workspace", "layout_json", "workspace_path"]

HOME_ENV = "RFP_ASSIST_HOME"
DB_NAME = "workspace.sqlite"
CACHE_NAME = "embeddings.sqlite"
REBUILD_HINT = "rfp-assist rebuild --workspace {path}"
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)


def workspace_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The workspace folder: `path`, else `$RFP_ASSIST_HOME`, else `./.rfp_assist`."""
    return Path(path or os.environ.get(HOME_ENV) or ".rfp_assist")


def current_user() -> str:
    """The OS user running this process, for the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


class Workspace:
    """A workspace folder opened for reading and writing; safe to share between threads."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        model: str | None = None,
        dimension: int = DIMENSION,
        check_model: bool = True,
    ) -> None:
        self.path = workspace_path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.model = model or model_id()
        self.dimension = dimension
        self.index_status = "not loaded"
        self._lock = threading.RLock()
        self._index: Any = None
        self._index_generation = -1
        self.db = sqlite3.connect(
            self.path / DB_NAME, timeout=60, isolation_level=None, check_same_thread=False
        )
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        # Searches read FTS5 postings and clause rows all over a large file: a 64 MB page cache
        # and memory-mapped reads keep one filtered search from evicting what the next needs.
        self.db.execute("PRAGMA cache_size=-65536")
        self.db.execute("PRAGMA mmap_size=268435456")
        self._init_schema()
        stored = self.meta("model")
        if check_model and stored != self.model:
            raise WorkspaceError(
                f"{self.path}: built with embedding model {stored}, but this is {self.model}; "
                f"run `{REBUILD_HINT.format(path=self.path)}` to re-embed it"
            )

    @property
    def cache_path(self) -> Path:
        """The embedding cache that belongs to this workspace."""
        return self.path / CACHE_NAME

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- SQLite -------------------------------------------------------------------------

    def _init_schema(self) -> None:
        with self.transaction():
            for statement in SCHEMA:
                self.db.execute(statement)
            version = self.meta("schema")
            if version is None:
                self._set_meta("schema", str(SCHEMA_VERSION))
                self._set_meta("model", self.model)
                self._set_meta("dimension", str(self.dimension))
                self._set_meta("generation", "0")
            elif int(version) > SCHEMA_VERSION:
                raise WorkspaceError(f"{self.path}: made by a newer rfp-assist (schema {version})")
            elif int(version) < SCHEMA_VERSION:
                migrate(self.db)
                self._set_meta("schema", str(SCHEMA_VERSION))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on any error)."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed state."""
        with self._lock:
            self.db.execute("BEGIN")
            try:
                yield self.db
            finally:
                self.db.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        """A value of the `meta` table."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """Bumped by every committed change; the FAISS manifest names the one it matches."""
        with self._lock:
            return int(self.meta("generation") or 0)

    def _bump(self) -> None:
        self.db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
        )

    def _audit(self, action: str, document: str | None, path: str | None, detail: str = "") -> None:
        self.db.execute(
            "INSERT INTO audit (who, action, document, path, at, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (current_user(), action, document, path, now(), detail),
        )

    def has_document(self, document_id: str) -> bool:
        """True when a document with these bytes (sha256) is stored."""
        with self._lock:
            row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,))
            return row.fetchone() is not None

    def add(self, record: DocumentRecord) -> bool:
        """Store a document and all its rows in one transaction; False if already stored."""
        doc = record.document
        if record.vectors.shape != (len(record.clauses), self.dimension):
            raise ValueError(f"{doc.path}: one {self.dimension}-d vector per clause expected")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                return False
            db.execute(
                "INSERT INTO documents (id, path, name, kind, party, media_type, pages, title,"
                " added_at, text, layout, warnings, extra, reader_version)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.id, doc.path, doc.name, record.kind, record.party, doc.media_type,
                 len(doc.pages), doc.title, now(), doc.text, layout_json(doc),
                 json.dumps(list(doc.warnings)), json.dumps(record.extra),
                 record.reader_version),
            )  # fmt: skip
            vectors = np.ascontiguousarray(record.vectors, dtype=np.float32)
            for seq, (item, vector) in enumerate(zip(record.clauses, vectors, strict=True)):
                insert_clause(db, doc.id, seq, item, vector)
            insert_flags(db, doc.id, record.flags)
            self._audit("ingest", doc.id, doc.path, f"{len(record.clauses)} clauses")
            self._bump()
        return True

    def stale_documents(self, reader_version: str) -> list[str]:
        """Ids of the stored documents read by another reader version (or an unknown one)."""
        with self._lock:
            rows = self.db.execute(
                "SELECT id FROM documents WHERE reader_version IS NOT ? ORDER BY rowid",
                (reader_version,),
            )
            return [str(r[0]) for r in rows]

    def replace_readings(self, record: DocumentRecord) -> int | None:
        """Rewrite a stored document's readings from `record` in one transaction.

        Topics, terms, risk and flags are replaced and the document is marked with
        `record.reader_version`. A clause whose search text is unchanged keeps its key and
        vector; one whose text changed (a flag appeared or went) is stored again under a new
        key with its new vector, so the FAISS index, which follows keys, picks it up. None if
        the document is gone, already at that version, or no longer has these clauses;
        otherwise how many clauses were stored again.
        """
        doc = record.document
        with self.transaction() as db:
            row = db.execute(
                "SELECT reader_version, extra FROM documents WHERE id = ?", (doc.id,)
            ).fetchone()
            if row is None or row[0] == record.reader_version:
                return None
            extra = {**json.loads(row[1]), **record.extra}
            stored = {
                cid: (pk, text)
                for cid, pk, text in db.execute(
                    "SELECT id, pk, search_text FROM clauses WHERE document = ?", (doc.id,)
                )
            }
            if set(stored) != {item.clause.id for item in record.clauses}:
                return None
            vectors = np.ascontiguousarray(record.vectors, dtype=np.float32)
            moved = 0
            for seq, (item, vector) in enumerate(zip(record.clauses, vectors, strict=True)):
                pk, text = stored[item.clause.id]
                db.execute("DELETE FROM clause_topics WHERE pk = ?", (pk,))
                db.execute("DELETE FROM terms WHERE pk = ?", (pk,))
                if text == item.search_text:
                    db.execute(
                        "UPDATE clauses SET risk = ?, reasons = ? WHERE pk = ?",
                        (item.risk, json.dumps(list(item.reasons)), pk),
                    )
                    insert_readings(db, pk, item)
                else:
                    db.execute("DELETE FROM vectors WHERE pk = ?", (pk,))
                    db.execute("DELETE FROM clauses WHERE pk = ?", (pk,))
                    insert_clause(db, doc.id, seq, item, vector)
                    moved += 1
            db.execute("DELETE FROM flags WHERE document = ?", (doc.id,))
            insert_flags(db, doc.id, record.flags)
            db.execute(
                "UPDATE documents SET reader_version = ?, extra = ? WHERE id = ?",
                (record.reader_version, json.dumps(extra), doc.id),
            )
            detail = f"re-read {len(record.clauses)} clauses ({moved} re-embedded)"
            self._audit("reread", doc.id, doc.path, f"{detail}; reader {record.reader_version}")
            self._bump()
        return moved

    def delete(self, document_id: str) -> bool:
        """Remove a document with its clauses, vectors and index rows; False if not stored."""
        with self.transaction() as db:
            row = db.execute("SELECT path FROM documents WHERE id = ?", (document_id,)).fetchone()
            if row is None:
                return False
            pks = "SELECT pk FROM clauses WHERE document = ?"
            for table in ("vectors", "clause_topics", "terms"):
                db.execute(f"DELETE FROM {table} WHERE pk IN ({pks})", (document_id,))
            db.execute("DELETE FROM clauses WHERE document = ?", (document_id,))
            db.execute("DELETE FROM flags WHERE document = ?", (document_id,))
            db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            self._audit("delete", document_id, row[0])
            self._bump()
        return True

    def rename_party(self, document_id: str, party: str | None) -> bool:
        """Set a document's party (spaces collapsed; blank clears it); False if not stored."""
        value = " ".join((party or "").split()) or None
        return self._edit(document_id, "party", value, f"party -> {value or '(none)'}")

    def set_kind(self, document_id: str, kind: str) -> bool:
        """Set a document's kind (proposal, msa, rfp, other); False if not stored."""
        if kind not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind {kind!r}; expected one of {DOCUMENT_KINDS}")
        return self._edit(document_id, "kind", kind, f"kind -> {kind}")

    def _edit(
        self, document_id: str, column: Literal["party", "kind"], value: str | None, detail: str
    ) -> bool:
        # Labels only: clauses and vectors are unchanged, so the generation (which the FAISS
        # index follows) is too; readers see the new value on their next query.
        with self.transaction() as db:
            row = db.execute("SELECT path FROM documents WHERE id = ?", (document_id,)).fetchone()
            if row is None:
                return False
            db.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (value, document_id))
            self._audit("edit", document_id, row[0], detail)
        return True

    def documents(self) -> list[dict[str, Any]]:
        """The stored documents (without their text), in the order they were added.

        Insertion order (rowid), not `added_at`: that is to the second, and a batch's documents
        share it, so ordering by it left their order to their ids.
        """
        with self._lock:
            cursor = self.db.execute(
                "SELECT d.id, d.path, d.name, d.kind, d.party, d.media_type, d.pages, d.title,"
                " d.added_at, (SELECT count(*) FROM clauses c WHERE c.document = d.id)"
                " FROM documents d ORDER BY d.rowid"
            )
            cols = ("id", "path", "name", "kind", "party", "media_type", "pages", "title",
                    "added_at", "clauses")  # fmt: skip
            return [dict(zip(cols, row, strict=True)) for row in cursor]

    def find_documents(self, ref: str) -> list[dict[str, Any]]:
        """The stored documents `ref` names: id, id prefix (8+ characters), path or file name."""
        return [
            d
            for d in self.documents()
            if ref in (d["id"], d["path"], d["name"])
            or (len(ref) >= 8 and d["id"].startswith(ref.lower()))
        ]

    def audit_log(self) -> list[dict[str, Any]]:
        """Who ingested, deleted or rebuilt what, and when, oldest first."""
        with self._lock:
            cursor = self.db.execute(
                "SELECT who, action, document, path, at, detail FROM audit ORDER BY id"
            )
            cols = ("who", "action", "document", "path", "at", "detail")
            return [dict(zip(cols, row, strict=True)) for row in cursor]

    def vector_count(self) -> int:
        """How many clause vectors SQLite holds."""
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM vectors").fetchone()[0])

    def vectors(self, keys: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(keys, vectors) stored in SQLite for `keys` (all when None), in key order."""
        with self._lock:
            return self._fetch_vectors(keys)

    def _fetch_vectors(self, keys: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if keys is None or len(keys) > 5000:
            rows = self.db.execute("SELECT pk, vector FROM vectors ORDER BY pk").fetchall()
        else:
            rows = []
            for i in range(0, len(keys), 900):
                chunk = [int(k) for k in keys[i : i + 900]]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT pk, vector FROM vectors WHERE pk IN ({marks}) ORDER BY pk"
                rows.extend(self.db.execute(sql, chunk))
        got = np.array([r[0] for r in rows], dtype=np.int64)
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
        vectors = vectors.reshape(len(rows), self.dimension)
        if keys is not None and len(keys) > 5000:
            keep = np.isin(got, keys)
            got, vectors = got[keep], vectors[keep]
        return got, vectors

    # --- FAISS --------------------------------------------------------------------------

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        # Index files are written by one process at a time; SQLite serialises the rest.
        with open(self.path / ".lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def index(self, *, save: bool = True) -> Any:
        """The FAISS index, brought up to date with SQLite (and saved if it changed)."""
        with self._lock:
            if self._index is not None and self._index_generation == self.generation():
                return self._index
            with self._file_lock():
                if self._index is None:
                    loaded = faiss_index.load(self.path, model=self.model, dimension=self.dimension)
                    if isinstance(loaded, str):
                        self.index_status = f"rebuilt from SQLite: {loaded}"
                    else:
                        self._index, manifest = loaded
                        self._index_generation = manifest.generation
                        self.index_status = "loaded"
                with self.snapshot():
                    generation = self.generation()
                    if self._index is None or self._index_generation != generation:
                        keys = self._fetch_keys()
                        self._index = faiss_index.reconcile(
                            self._index, self.dimension, keys, self._fetch_vectors
                        )
                        changed = True
                    else:
                        changed = False
                    self._index_generation = generation
                if changed and save:
                    faiss_index.save(self.path, self._index, model=self.model,
                                     dimension=self.dimension, generation=generation)  # fmt: skip
            return self._index

    def _fetch_keys(self) -> np.ndarray:
        rows = self.db.execute("SELECT pk FROM vectors ORDER BY pk").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def rebuild(self, embed: Callable[[Sequence[str]], np.ndarray] | None = None) -> int:
        """Rebuild the FAISS index from SQLite; with `embed`, re-embed every clause first.

        Re-embedding is what a change of embedding model needs: the stored search text is
        embedded again and the workspace is marked as built with this model.
        """
        count = 0
        if embed is not None:
            with self._lock:
                rows = self.db.execute("SELECT pk, search_text FROM clauses ORDER BY pk").fetchall()
            vectors = embed([r[1] for r in rows]) if rows else np.zeros((0, self.dimension))
            with self.transaction() as db:
                db.execute("DELETE FROM vectors")
                db.executemany(
                    "INSERT INTO vectors (pk, vector) VALUES (?, ?)",
                    [(r[0], v.astype(np.float32).tobytes()) for r, v in zip(rows, vectors,
                                                                           strict=True)],
                )  # fmt: skip
                self._set_meta("model", self.model)
                self._set_meta("dimension", str(self.dimension))
                self._audit("rebuild", None, None, f"re-embedded {len(rows)} clauses")
                self._bump()
            count = len(rows)
        with self._lock, self._file_lock():
            manifest = self.path / faiss_index.MANIFEST_NAME
            manifest.unlink(missing_ok=True)
            self._index, self._index_generation = None, -1
        self.index()
        return count
