"""A recording stand-in for the dynamic provider server, for the engine's own rules.

It answers as ``python -m pulumi.dynamic`` would for a provider whose Check returns the news,
whose Diff is scripted per test, and whose Create/Update echo their inputs plus an ``id``. The
gRPC path to the real server is covered by tests/e2e/test_local_engine_stories.py.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from typing import Any

from monite_pulumi.local_engine.provider import CheckResult, DiffResult, ProviderCallError


class FakeProvider:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.diffs: dict[str, DiffResult] = {}
        self.failing: set[tuple[str, str]] = set()
        self.reads: dict[str, tuple[str, dict[str, Any], dict[str, Any] | None]] = {}
        self.no_id: set[str] = set()
        """Names whose Create answers an empty id (a provider bug the engine refuses)."""
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _log(self, method: str, urn: str, **args: Any) -> None:
        with self._lock:
            self.calls.append((method, urn, args))
        if (method, urn.rsplit("::", 1)[-1]) in self.failing:
            raise ProviderCallError(method, urn, f"Exception: {method} of {urn} refused")

    def methods(self) -> list[tuple[str, str]]:
        return [(method, urn.rsplit("::", 1)[-1]) for method, urn, _ in self.calls]

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        self._log("Check", urn, olds=dict(olds), news=dict(news))
        return CheckResult(dict(news))

    def diff(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> DiffResult:
        self._log(
            "Diff",
            urn,
            id=id_,
            old_inputs=dict(old_inputs),
            old_outputs=dict(old_outputs),
            news=dict(news),
        )
        return self.diffs.get(urn.rsplit("::", 1)[-1], DiffResult(changes=False))

    def create(self, urn: str, news: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        self._log("Create", urn, news=dict(news))
        id_ = f"id-{next(self._ids)}"
        return ("" if urn.rsplit("::", 1)[-1] in self.no_id else id_), {**news, "object_id": id_}

    def update(
        self,
        urn: str,
        id_: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
    ) -> dict[str, Any]:
        self._log(
            "Update",
            urn,
            id=id_,
            old_inputs=dict(old_inputs),
            old_outputs=dict(old_outputs),
            news=dict(news),
        )
        return {**news, "object_id": id_}

    def delete(
        self, urn: str, id_: str, old_inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> None:
        self._log("Delete", urn, id=id_, old_inputs=dict(old_inputs), outputs=dict(outputs))

    def read(
        self, urn: str, id_: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
        self._log("Read", urn, id=id_, inputs=dict(inputs), outputs=dict(outputs))
        return self.reads.get(urn.rsplit("::", 1)[-1], (id_, dict(outputs), None))
