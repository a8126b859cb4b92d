"""What the chaos suite reads back: the end state in the sandbox and what happened on the way.

- ``audit``: live objects against the state (missing, duplicates, orphans). An orphan is a live
  object no state knows about: an ``active`` entity, any product, a ``pending_auth`` or
  ``connected`` accounting connection.
- ``fault_counts``: hits per fault kind, from the sandbox's rules.
- ``log_figures``: retries, lost create answers (and what the look found) and settle waits
  (how many looks, how long, what they found), from the provider's debug log.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.reliability.chaos_state import CONNECTIONS, ENTITIES, PRODUCTS, Tenant

__all__ = ["EndState", "LogFigures", "audit", "fault_counts", "log_figures"]

LIVE_CONNECTION = frozenset({"pending_auth", "connected"})


@dataclass
class EndState:
    """Live objects compared with the state; every list should be empty."""

    live: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)


def audit(objects: Mapping[str, list[dict[str, Any]]], tenants: Iterable[Tenant]) -> EndState:
    """Compare ``GET /_sandbox/objects`` with the tenants' state."""
    known: dict[str, set[str]] = {"entities": set(), "products": set(), "connections": set()}
    groups: dict[object, str] = {
        ENTITIES: "entities",
        PRODUCTS: "products",
        CONNECTIONS: "connections",
    }
    for tenant in tenants:
        for stored in tenant.stored():
            known[groups[stored.provider]].add(stored.id)
    live = {
        "entities": [row for row in objects["entities"] if row["status"] == "active"],
        "products": list(objects["products"]),
        "connections": [
            row for row in objects["accounting_connections"] if row["status"] in LIVE_CONNECTION
        ],
    }
    state = EndState()
    for kind, rows in live.items():
        state.live[kind] = len(rows)
        unknown = [row["id"] for row in rows if row["id"] not in known[kind]]
        state.orphans += [f"{kind[:-1]} {id_}" for id_ in unknown]
    # Objects the state holds must exist (deactivated entities and revoked links still do).
    existing = {
        "entities": {row["id"] for row in objects["entities"] if row["status"] != "deleted"},
        "products": {row["id"] for row in objects["products"]},
        "connections": {row["id"] for row in objects["accounting_connections"]},
    }
    for kind, ids in known.items():
        state.missing += [f"{kind[:-1]} {id_}" for id_ in sorted(ids - existing[kind])]
    emails = Counter(row["email"] for row in live["entities"])
    state.duplicates += [f"active entities with e-mail {e}" for e, n in emails.items() if n > 1]
    names = Counter((row["entity_id"], row["name"]) for row in live["products"])
    state.duplicates += [f"products {key}" for key, n in names.items() if n > 1]
    return state


def fault_counts(rules: list[dict[str, Any]], kinds: Mapping[str, str]) -> Counter[str]:
    """Hits per kind (``kinds`` maps a rule id to its kind) from ``GET /_sandbox/faults``."""
    counts: Counter[str] = Counter()
    for rule in rules:
        counts[kinds[rule["id"]]] += int(rule["hits"])
    return counts


_ATTEMPT = re.compile(
    r"http_attempt method=(\S+) path=(\S+) status=(\S+) .*?attempt=(\d+) "
    r"auth_retry=(\d)"
)
_LOOK = re.compile(r"a create of Monite (.+?) lost its answer \((\w+)\); the look found (\d+)")
_SETTLE = re.compile(
    r"settle wait for Monite (.+?) after a lost create answer \((.+?)\): (\d+) looks over "
    r"([\d.]+) s \(window [\d.]+ s(, no wait slot free)?\), found (\d+)"
)


@dataclass
class LogFigures:
    attempts: int = 0
    retries: int = 0
    auth_retries: int = 0
    lost_answers: Counter[str] = field(default_factory=Counter)
    """(kind of loss, what the look found) -> count."""
    settle_waits: Counter[str] = field(default_factory=Counter)
    """(resource, what the repeated looks found) -> count."""
    settle_looks: int = 0
    """Looks repeated during settle waits (after the first look of each lost answer)."""
    settle_seconds: list[float] = field(default_factory=list)
    settle_without_slot: int = 0


def log_figures(text: str) -> LogFigures:
    figures = LogFigures()
    for line in text.splitlines():
        attempt = _ATTEMPT.search(line)
        if attempt:
            figures.attempts += 1
            if int(attempt.group(4)) > 1:
                figures.retries += 1
            figures.auth_retries += int(attempt.group(5))
            continue
        settle = _SETTLE.search(line)
        if settle:
            label, _, looks, waited, no_slot, found = settle.groups()
            outcome = {"0": "none: created again", "1": "one: adopted"}.get(found, "several")
            figures.settle_waits[f"{label} -> {outcome}"] += 1
            figures.settle_looks += int(looks)
            figures.settle_seconds.append(float(waited))
            figures.settle_without_slot += 1 if no_slot else 0
            continue
        look = _LOOK.search(line)
        if look:
            label, kind, found = look.groups()
            outcome = {"0": "none: created again", "1": "one: adopted"}.get(found, "several")
            figures.lost_answers[f"{label} ({kind}) -> {outcome}"] += 1
    return figures
