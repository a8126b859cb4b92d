"""Remember which texts this process has said, so a process-wide error is explained once.

A wrong client secret fails every resource of a run with the same paragraph of advice: eleven
copies of it bury the one line per resource that says which failed. The dynamic provider
server is one process per run, serving every resource from up to 4 threads, so the first
failure here says it all and the rest say "again".
"""

from __future__ import annotations

import threading

__all__ = ["PROCESS", "SaidOnce"]


class SaidOnce:
    """A thread-safe set of texts; ``first_time`` is true for each text once."""

    def __init__(self) -> None:
        self._said: set[str] = set()
        self._lock = threading.Lock()

    def first_time(self, text: str) -> bool:
        with self._lock:
            if text in self._said:
                return False
            self._said.add(text)
            return True


PROCESS = SaidOnce()
"""What this process (one provider server: one Pulumi run) has said."""
