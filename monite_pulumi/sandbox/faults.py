"""Fault rules: answer a matching request with an error, slow it down, or drop the connection.

A rule matches on method and a regular expression searched in the path after `/v1`; it fires
with a probability (from its own RNG, seeded for deterministic tests) and at most `count` times.
"""

from __future__ import annotations

import random
import re
import threading
import uuid
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
        if self.status is None and not self.latency_ms and not self.drop_after_processing:
            raise ValueError("a fault needs `status`, `latency_ms` or `drop_after_processing`")
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
