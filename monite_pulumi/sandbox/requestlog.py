"""The request log of the control API: every `/v1` request, faulted and refused ones too."""

from __future__ import annotations

import threading
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Entry:
    method: str
    path: str
    endpoint: str
    status: int
    client_id: str | None
    at: str
    fault: str | None
    dropped: bool
    late: bool


class RequestLog:
    """Counts per endpoint and status for every request; the last `MAX_ENTRIES` in full."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: deque[Entry] = deque(maxlen=MAX_ENTRIES)
        self._total = 0
        self._by_endpoint: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()

    def record(
        self,
        *,
        method: str,
        path: str,
        endpoint: str,
        status: int,
        client_id: str | None,
        fault: str | None = None,
        dropped: bool = False,
        late: bool = False,
    ) -> None:
        at = datetime.now(timezone.utc).isoformat()
        entry = Entry(method, path, endpoint, status, client_id, at, fault, dropped, late)
        with self._lock:
            self._entries.append(entry)
            self._total += 1
            self._by_endpoint[endpoint] += 1
            self._by_status[str(status)] += 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._total = 0
            self._by_endpoint.clear()
            self._by_status.clear()

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            return {
                "total": self._total,
                "by_endpoint": dict(self._by_endpoint),
                "by_status": dict(self._by_status),
                "entries": [entry.__dict__ for entry in self._entries],
            }
