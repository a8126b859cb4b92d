"""Fault rules: answer a matching request with an error, slow it down, or drop the connection.

A rule matches on method and a regular expression searched in the path after `/v1`; it fires
with a probability (from its own RNG, seeded for deterministic tests) and at most `count` times.

`process_late_ms` is a gateway giving up on a slow backend: the client gets `status` (or, with
no status, a dropped connection) at once, and the request is processed that many milliseconds
later all the same; `LateRequests` keeps those pending requests.
"""

from __future__ import annotations

import asyncio
import random
import re
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class FaultSpec(BaseModel):
    """The body of `POST /_sandbox/faults`."""

    model_config = ConfigDict(extra="forbid")

    method: str | None = None
    path: str = ".*"
    status: int | None = Field(default=None, ge=100, le=599)
    probability: float = Field(default=1.0, ge=0.0, le=1.0)
    count: int | None = Field(default=None, ge=1)
    latency_ms: int = Field(default=0, ge=0, le=600_000)
    retry_after: int | None = Field(default=None, ge=0)
    drop_after_processing: bool = False
    process_late_ms: int | None = Field(default=None, ge=0, le=600_000)
    body: Any = None
    seed: int | None = None

    @field_validator("path")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _does_something(self) -> FaultSpec:
        if (
            self.status is None
            and not self.latency_ms
            and not self.drop_after_processing
            and self.process_late_ms is None
        ):
            raise ValueError(
                "a fault needs `status`, `latency_ms`, `drop_after_processing` or `process_late_ms`"
            )
        if self.process_late_ms is not None and self.drop_after_processing:
            raise ValueError(
                "`process_late_ms` answers before processing and `drop_after_processing` after "
                "it: use one (`process_late_ms` without `status` drops the connection at once)"
            )
        return self


@dataclass
class FaultRule:
    id: str
    spec: FaultSpec
    pattern: re.Pattern[str]
    rng: random.Random
    hits: int = 0
    remaining: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.spec.method and self.spec.method.upper() != method.upper():
            return False
        return self.pattern.search(path) is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.spec.model_dump(),
            "hits": self.hits,
            "remaining": self.remaining,
        }

    def error_body(self) -> Any:
        if self.spec.body is not None:
            return self.spec.body
        return {"error": {"message": f"Injected fault {self.id}"}}


@dataclass
class FaultRules:
    """The active rules, in the order they were added; the first one that fires wins."""

    _rules: list[FaultRule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, spec: FaultSpec) -> FaultRule:
        rule = FaultRule(
            id=str(uuid.uuid4()),
            spec=spec,
            pattern=re.compile(spec.path),
            rng=random.Random(spec.seed),  # noqa: S311 - fault injection, not cryptography
            remaining=spec.count,
        )
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.as_json() for rule in self._rules]

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The rule that fires for this request, counting the hit, or None."""
        with self._lock:
            for rule in self._rules:
                if rule.remaining == 0 or not rule.matches(method, path):
                    continue
                if rule.rng.random() >= rule.spec.probability:
                    continue
                rule.hits += 1
                if rule.remaining is not None:
                    rule.remaining -= 1
                return rule
        return None


class LateRequests:
    """Requests a `process_late_ms` rule answered at once and processes later.

    Runs on the server's event loop. `reset` (the control API's) makes pending ones do nothing,
    so a test's late request never lands in the next test's state.
    """

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._generation = 0
        self.processed = 0
        self.discarded = 0

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def schedule(self, delay: float, process: Callable[[], Awaitable[None]]) -> None:
        generation = self._generation

        async def later() -> None:
            try:
                await asyncio.sleep(delay)
            except asyncio.CancelledError:  # ended by `reset`
                self.discarded += 1
                raise
            if generation != self._generation:
                self.discarded += 1
                return
            await process()
            self.processed += 1

        task = asyncio.get_running_loop().create_task(later())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self, timeout: float) -> bool:
        """Wait until none is pending (or `timeout` seconds); True when none is."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
        return not self._tasks

    def reset(self) -> None:
        """End every pending request now, not when its delay runs out: a late request held for
        minutes would otherwise still be pending (and waited on) in the next test. Called from
        the control API's worker thread, so the cancellation goes through the loop."""
        self._generation += 1
        self.processed = self.discarded = 0
        for task in list(self._tasks):
            task.get_loop().call_soon_threadsafe(task.cancel)

    def as_json(self) -> dict[str, int]:
        return {"pending": self.pending, "processed": self.processed, "discarded": self.discarded}
