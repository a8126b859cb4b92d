"""Which Diff is `pulumi refresh`'s: it reports a replacement that `up` refuses.

Since pulumi v3.1xx the engine diffs each refreshed resource (``RefreshStep.Apply`` in
pkg/resource/deploy/step.go): ``diffResource`` with what Read just returned as the olds and the
state's inputs as the news, in the same step right after the Read, and an error fails the
refresh. A refused replacement (an entity moved to another country in Monite, a revoked
connection while ``adopt_id`` is set) would so make refresh fail on the very drift it is run to
find. The request has no "refresh" flag, so the provider tells that Diff by its sequence in its
own process (one dynamic provider server per engine plugin, shared by every Monite resource):

- a Read of stored state (not ``Resource.get``) remembers the outputs it returns, by provider
  class and id;
- a Diff is the refresh's when its olds are those outputs, its news hold no unknown, and no
  program has reached this process yet; it is answered without refusal, and forgotten;
- the first Check, Create, Update or Delete ends it for the rest of the process: a program is
  running, and every Diff from then on refuses as before.

Why `up` keeps refusing (pkg/resource/deploy, v3.259.0): every Diff of an update or preview
comes after a Check of the same resource through the same provider (``stepGenerator``
``continueStepsFromRefresh`` then ``diff`` / ``DiffStep``), or carries unknowns in its news
(``calculateDependentReplacements``); `up --refresh` refreshes everything before the program
starts (``deploymentExecutor.Execute`` then ``refresh``), and with ``--run-program`` a Check
may come first, which only makes refresh refuse as it did. With ``UseLegacyRefreshDiff`` no
refresh Diff comes, and the next Check forgets what the Read remembered. A doubt refuses.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from pulumi.runtime.rpc import is_rpc_secret, unwrap_rpc_secret

from monite_pulumi.providers._values import canonical, contains_unknown

__all__ = ["RECORD", "RefreshReads"]

_PROVIDER_KEY = "__provider"


def _plain(value: Any) -> Any:
    """The value with secrets unwrapped and without ``__provider``: as compared."""
    if is_rpc_secret(value):
        return _plain(unwrap_rpc_secret(value))
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items() if key != _PROVIDER_KEY}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


class RefreshReads:
    """What the Reads of this process returned, until a program is seen (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reads: dict[tuple[str, str], list[Any]] = {}
        self._program_seen = False

    def read(self, kind: str, object_id: str, outs: Mapping[str, Any]) -> None:
        """A Read of stored state returned ``outs``: its Diff may come next."""
        with self._lock:
            if not self._program_seen:
                self._reads.setdefault((kind, object_id), []).append(canonical(_plain(outs)))

    def program_seen(self) -> None:
        """A Check, Create, Update or Delete: no later Diff of this process is a refresh's."""
        with self._lock:
            self._program_seen = True
            self._reads.clear()

    def is_refresh_diff(
        self, kind: str, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> bool:
        """Whether this Diff is the one that follows a Read in a refresh (consumed once)."""
        if contains_unknown(news):
            return False
        compared = canonical(_plain(olds))
        with self._lock:
            if self._program_seen:
                return False
            reads = self._reads.get((kind, object_id), [])
            if compared not in reads:
                return False
            reads.remove(compared)
            if not reads:
                del self._reads[(kind, object_id)]
            return True


RECORD = RefreshReads()
"""The process's record: the dynamic provider server keeps one instance per provider class."""
