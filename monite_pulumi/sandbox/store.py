"""SQLite persistence: JSON documents keyed by kind and id, plus partners, tokens and link tokens.

One connection shared by all threads behind a re-entrant lock: every state operation runs inside
`transaction()`, so read-modify-write sequences (such as "one live connection per entity") are
atomic, and concurrent requests are serialised rather than corrupted.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS partners (client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL, id TEXT NOT NULL, partner_id TEXT NOT NULL, entity_id TEXT,
    body TEXT NOT NULL,
    UNIQUE (kind, id)
);
CREATE INDEX IF NOT EXISTS objects_by_owner ON objects (kind, partner_id, entity_id);
CREATE TABLE IF NOT EXISTS link_tokens (
    connection_id TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
"""

Document = dict[str, Any]


class Store:
    """The sandbox's database; `:memory:` keeps everything in the process."""

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._depth = 0
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock for the whole block and commit it as one (nested blocks join)."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._conn.execute("COMMIT")

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # documents -------------------------------------------------------------------------------
    def put(
        self, kind: str, doc_id: str, partner_id: str, entity_id: str | None, body: Document
    ) -> None:
        """Insert or replace one document, keeping its creation order on replace."""
        text = json.dumps(body)
        with self.transaction():
            updated = self._conn.execute(
                "UPDATE objects SET body = ? WHERE kind = ? AND id = ?", (text, kind, doc_id)
            ).rowcount
            if not updated:
                self._conn.execute(
                    "INSERT INTO objects (kind, id, partner_id, entity_id, body)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (kind, doc_id, partner_id, entity_id, text),
                )

    def get(self, kind: str, doc_id: str) -> tuple[str, str | None, Document] | None:
        """The document with its owner (partner id, entity id), or None."""
        rows = self.execute(
            "SELECT partner_id, entity_id, body FROM objects WHERE kind = ? AND id = ?",
            (kind, doc_id),
        )
        if not rows:
            return None
        partner_id, entity_id, body = rows[0]
        return partner_id, entity_id, json.loads(body)

    def delete(self, kind: str, doc_id: str) -> None:
        self.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (kind, doc_id))

    def list(
        self, kind: str, partner_id: str | None = None, entity_id: str | None = None
    ) -> list[Document]:
        """Documents of one kind in creation order, optionally of one owner."""
        sql = "SELECT body FROM objects WHERE kind = ?"
        params: list[Any] = [kind]
        if partner_id is not None:
            sql += " AND partner_id = ?"
            params.append(partner_id)
        if entity_id is not None:
            sql += " AND entity_id = ?"
            params.append(entity_id)
        return [json.loads(row[0]) for row in self.execute(sql + " ORDER BY seq", tuple(params))]

    def forget_everything_but_partners(self) -> None:
        with self.transaction():
            for table in ("objects", "tokens", "link_tokens"):
                self._conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
