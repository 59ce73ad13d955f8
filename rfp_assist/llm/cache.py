"""LangChain's cache interface on SQLite: repeated identical calls cost nothing.

`SQLiteChatCache` implements `langchain_core.caches.BaseCache` with the standard library's
sqlite3 and stores each generation as plain JSON (message text, usage, response metadata),
never pickle and never LangChain's object deserialiser: a cache file can only ever yield text.
(langchain_community's SQLiteCache does the same job through SQLAlchemy, but that package is
being sunset and is not a runtime dependency here.)
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

CACHE_FILE = "llm_cache.sqlite"
_SCHEMA = """CREATE TABLE IF NOT EXISTS llm_cache (
    key TEXT PRIMARY KEY, llm TEXT NOT NULL, generations TEXT NOT NULL)"""


def _key(prompt: str, llm_string: str) -> str:
    return hashlib.sha256(f"{llm_string}\x00{prompt}".encode()).hexdigest()


def _encode(generation: Generation) -> dict[str, Any]:
    if isinstance(generation, ChatGeneration) and isinstance(generation.message, AIMessage):
        message = generation.message
        return {"text": generation.text, "content": message.content,
                "usage": dict(message.usage_metadata or {}),
                "response_metadata": message.response_metadata}  # fmt: skip
    return {"text": generation.text}


def _decode(item: dict[str, Any]) -> Generation:
    if "content" not in item:
        return Generation(text=str(item["text"]))
    message = AIMessage(content=item["content"], response_metadata=item["response_metadata"])
    if item["usage"]:
        message.usage_metadata = item["usage"]
    return ChatGeneration(message=message)


class SQLiteChatCache(BaseCache):
    """A BaseCache in one SQLite file, JSON rows only; counts its hits and misses."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False,
                                   isolation_level=None)  # fmt: skip
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def lookup(self, prompt: str, llm_string: str) -> Sequence[Generation] | None:
        """The cached generations for this prompt and model settings, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT generations FROM llm_cache WHERE key = ?", (_key(prompt, llm_string),)
            ).fetchone()
            if row is None:
                self.misses += 1
                return None
            try:
                found = [_decode(item) for item in json.loads(row[0])]
            except (ValueError, KeyError, TypeError):
                self.misses += 1  # a damaged row is a miss; the next update replaces it
                return None
            self.hits += 1
            return found

    def update(self, prompt: str, llm_string: str, return_val: Sequence[Generation]) -> None:
        """Store the generations of one call."""
        payload = json.dumps([_encode(g) for g in return_val])
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO llm_cache (key, llm, generations) VALUES (?, ?, ?)",
                (_key(prompt, llm_string), llm_string, payload),
            )

    def clear(self, **kwargs: Any) -> None:
        """Remove every cached call."""
        with self._lock:
            self._db.execute("DELETE FROM llm_cache")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
