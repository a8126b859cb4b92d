"""One run at a time on a stack: a lock file beside the state, as the CLI's file backend keeps.

pkg/backend/diy/lock.go: ``Lock`` writes a JSON file naming ``pid``, ``username``, ``hostname``
and ``timestamp`` for the whole update (``Update``/``Refresh``/``Destroy`` in backend.go; a
preview takes no lock), and a second run is refused with ``checkForLock``'s message ("the stack
is currently locked by 1 lock(s)", who holds it and since when); ``pulumi cancel``
(``CancelCurrentUpdate``) deletes it. The file is created with ``O_EXCL`` rather than written
and then looked for again: two runs started at the same instant cannot both back off, exactly
one of them gets the stack. A lock whose process is gone (same host, pid not running) is named
stale, with the command that removes it; it is never removed silently, because the state may
hold that run's pending operations.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["StackLock", "StackLockedError"]


class StackLockedError(Exception):
    """Another run holds the stack."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class StackLock:
    """``<state dir>/<stack>.lock.json`` for the life of one up/refresh/destroy."""

    path: Path
    cancel_command: str

    def _holder(self) -> str:
        try:
            held: dict[str, Any] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return f"\n  {self.path}: (unreadable)"
        line = (
            f"\n  {self.path}: created by {held.get('username')}@{held.get('hostname')} "
            f"(pid {held.get('pid')}) at {held.get('timestamp')}"
        )
        pid = held.get("pid")
        same_host = held.get("hostname") == socket.gethostname()
        if same_host and isinstance(pid, int) and not _alive(pid):
            line += " (that process is no longer running: the lock is stale)"
        return line

    def acquire(self) -> None:
        content = {
            "pid": os.getpid(),
            "username": getpass.getuser(),
            "hostname": socket.gethostname(),
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise StackLockedError(
                "the stack is currently locked by 1 lock(s). Either wait for the other "
                f"process(es) to end or delete the lock file with `{self.cancel_command}`."
                + self._holder()
            ) from None
        with os.fdopen(handle, "w") as stream:
            json.dump(content, stream)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> StackLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
