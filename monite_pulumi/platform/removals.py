"""Name the tenants a preview would remove, and fail unless their removal was meant.

A tenant dropped from the list is deleted by `up`: its entity deactivated, its products deleted,
its accounting connection disconnected (the customer must authorise a new one). The engine's
summary only counts resources (`- 12 to delete`); this reads the preview's JSON document
(`pulumi preview --json` or `monite-local-engine preview --json`: `steps[].op` and `steps[].urn`,
pkg/display/json.go `PreviewDigest` and `PreviewStep`) and names the tenants, so a pipeline can
stop between `preview` and `up --yes` when a change removes tenants nobody meant to remove.

Usage: `pulumi preview --json | python -m monite_pulumi.platform.removals - [--allow TENANT]...`
Exit 0: nothing removed, or only what `--allow` names (`--allow-all`: anything); 1: a tenant or
a connection would be removed, each named with the flag that allows it; 2: unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from monite_pulumi._version import __version__

__all__ = ["Removals", "main", "removals"]

_ENTITY_TYPES = frozenset({"pulumi-python:dynamic/monite:Entity", "monite:index:Entity"})
_CONNECTION_TYPES = frozenset(
    {"pulumi-python:dynamic/monite:AccountingConnection", "monite:index:AccountingConnection"}
)
_PREFIX = "removals: "


@dataclass(frozen=True)
class Removals:
    """Tenants whose entity the preview deletes, and tenants that keep it but lose their
    accounting connection (a tenant's resources are named after it)."""

    tenants: tuple[str, ...]
    connections_only: tuple[str, ...]

    def not_allowed(self, allowed: Iterable[str]) -> list[str]:
        return sorted(set(self.tenants + self.connections_only) - set(allowed))


def removals(preview: Mapping[str, Any]) -> Removals:
    """The deletes of a preview document, by tenant."""
    entities, connections = set(), set()
    for step in preview.get("steps") or []:
        if not isinstance(step, Mapping) or step.get("op") != "delete":
            continue
        kind, name = _type_and_name(str(step.get("urn", "")))
        if kind in _ENTITY_TYPES:
            entities.add(name)
        elif kind in _CONNECTION_TYPES:
            connections.add(name)
    return Removals(tuple(sorted(entities)), tuple(sorted(connections - entities)))


def _type_and_name(urn: str) -> tuple[str, str]:
    """`urn:pulumi:<stack>::<project>::<parent types$>type::<name>` -> (type, name)."""
    parts = urn.split("::", 3)
    if len(parts) < 4:
        return "", ""
    return parts[2].rsplit("$", 1)[-1], parts[3]


def report(found: Removals, allowed: Iterable[str], allow_all: bool, out: TextIO) -> int:
    """Print what goes and what is allowed; 1 when something goes that is not allowed."""
    if found.tenants:
        out.write(
            f"{_PREFIX}the preview removes {_count(found.tenants, 'tenant')}: "
            f"{', '.join(found.tenants)} (entity deactivated, products deleted, accounting "
            "connection disconnected)\n"
        )
    if found.connections_only:
        out.write(
            f"{_PREFIX}the preview disconnects the accounting connection of "
            f"{_count(found.connections_only, 'tenant')} that "
            f"{'stays' if len(found.connections_only) == 1 else 'stay'}: "
            f"{', '.join(found.connections_only)}\n"
        )
    if not (found.tenants or found.connections_only):
        out.write(f"{_PREFIX}the preview removes no tenant and disconnects no connection\n")
        return 0
    missing = [] if allow_all else found.not_allowed(allowed)
    if not missing:
        out.write(f"{_PREFIX}allowed\n")
        return 0
    flags = " ".join(f"--allow {name}" for name in missing)
    out.write(
        f"{_PREFIX}not allowed: {', '.join(missing)}. If the tenant list is right, run again "
        f"with {flags} (or --allow-all); if not, fix the list: nothing was changed.\n"
    )
    return 1


def _count(names: Sequence[str], noun: str) -> str:
    return f"{len(names)} {noun}{'' if len(names) == 1 else 's'}"


def _read(source: str) -> Mapping[str, Any]:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    document = json.loads(text)
    if not isinstance(document, Mapping):
        raise ValueError("not a JSON object")
    return document


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monite_pulumi.platform.removals",
        description="Name the tenants a preview removes; fail unless each is allowed.",
    )
    parser.add_argument("preview", help="`pulumi preview --json` output, or - for standard input")
    parser.add_argument(
        "--allow", action="append", default=[], metavar="TENANT", help="a removal that is meant"
    )
    parser.add_argument("--allow-all", action="store_true", help="every removal is meant")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    try:
        document = _read(args.preview)
    except (OSError, ValueError) as error:
        print(f"{_PREFIX}cannot read the preview {args.preview}: {error}", file=sys.stderr)
        return 2
    return report(removals(document), args.allow, args.allow_all, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
