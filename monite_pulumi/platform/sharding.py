"""Split one tenant list over n stacks: `<project>:shard: "i/n"` declares only shard i's tenants.

A tenant's shard is the SHA-256 digest of its name, modulo n: the same on every machine and
every run (Python's `hash()` of a string is salted per process), and it depends on nothing but
the tenant's own name, so adding or removing a tenant never moves another one. Changing n moves
most tenants to another stack; docs/quickstart.md ("Sharded stacks") says how to move them safely.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "SHARD_CONFIG_KEY",
    "Shard",
    "ShardConfigError",
    "parse_shard",
    "shard_of",
]

SHARD_CONFIG_KEY = "shard"
_FORM = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_SHARDS = 1000
"""More stacks than this is a typo, not a plan (each stack is a `pulumi` run of its own)."""

T = TypeVar("T")


class ShardConfigError(ValueError):
    """The shard setting is malformed. Plain (no pulumi import), like TenantConfigError; the
    platform program raises it as a RunError (`program.ShardConfigRunError`)."""


def shard_of(name: str, count: int) -> int:
    """The shard (0 to count - 1) that holds the tenant called `name`."""
    if count < 1:
        raise ValueError(f"shard count must be at least 1, not {count}")
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (0-based: "0/4" ... "3/4")."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, name: str) -> bool:
        return shard_of(name, self.count) == self.index

    def select(self, items: Iterable[T], name_of: Callable[[T], str]) -> list[T]:
        """The items whose name falls in this shard, in their original order."""
        return [item for item in items if self.holds(name_of(item))]


def parse_shard(value: object, *, key: str) -> Shard | None:
    """`"i/n"` (0 <= i < n) as a Shard; None (every tenant) when unset. `key` names the setting
    in the error, e.g. `monite-platform:shard`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    allowed = (
        f'{key}: expected "i/n", shard i of n stacks counted from 0 (for 4 stacks: "0/4", '
        f'"1/4", "2/4" or "3/4")'
    )
    match = _FORM.match(value) if isinstance(value, str) else None
    if match is None:
        raise ShardConfigError(f"{allowed}; got {value!r}")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= count <= MAX_SHARDS:
        raise ShardConfigError(f"{allowed}; n must be 1 to {MAX_SHARDS}, got {count}")
    if index >= count:
        raise ShardConfigError(f"{allowed}; i must be below n, got {index}/{count}")
    return Shard(index, count)
