"""Print the `pulumi state move` commands that take tenants from n shard stacks to m.

Changing the shard count gives most tenants another stack; running `up` then would delete them
in one stack and create them again in another (docs/quickstart.md, "Sharded stacks"). Moving
their state instead touches nothing in Monite. This reads the tenant list, finds each tenant
whose stack changes and prints, per tenant, one `pulumi state move` with the URNs of everything
the tenant layer declares for it (entity, products, connection). It only prints: review, run.

Usage: `python -m monite_pulumi.platform.resharding stacks/sharded-tenants.yaml --from 4 --to 8`
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from monite_pulumi.platform.loading import TenantConfigError, parse_tenants, read_tenants_file
from monite_pulumi.platform.sharding import shard_of
from monite_pulumi.platform.tenants import Tenant

__all__ = ["Move", "plan_moves", "tenant_resources"]

ENTITY = "pulumi-python:dynamic/monite:Entity"
PRODUCT = "pulumi-python:dynamic/monite:Product"
CONNECTION = "pulumi-python:dynamic/monite:AccountingConnection"
DEFAULT_STACK_NAME = "shard-{i}-of-{n}"


def tenant_resources(tenant: Tenant) -> list[tuple[str, str]]:
    """(type, name) of every resource the platform program declares for this tenant."""
    found = [(ENTITY, tenant.name)]
    found.extend((PRODUCT, f"{tenant.name}-{product.resource_key}") for product in tenant.products)
    if tenant.accounting.connect:
        found.append((CONNECTION, tenant.name))
    return found


@dataclass(frozen=True)
class Move:
    """One tenant's resources from one stack to another."""

    tenant: str
    source: str
    dest: str
    urns: tuple[str, ...]

    def command(self) -> str:
        words = ["pulumi", "state", "move", "--source", self.source, "--dest", self.dest,
                 *self.urns]  # fmt: skip
        return " ".join(shlex.quote(word) for word in words)


def plan_moves(
    tenants: Sequence[Tenant],
    *,
    project: str,
    old_count: int,
    new_count: int,
    stack_name: str = DEFAULT_STACK_NAME,
) -> list[Move]:
    """The moves for every tenant whose stack changes, in the list's order."""
    moves = []
    for tenant in tenants:
        source = stack_name.format(i=shard_of(tenant.name, old_count), n=old_count)
        dest = stack_name.format(i=shard_of(tenant.name, new_count), n=new_count)
        if source == dest:
            continue
        urns = tuple(
            f"urn:pulumi:{source}::{project}::{type_}::{name}"
            for type_, name in tenant_resources(tenant)
        )
        moves.append(Move(tenant.name, source, dest, urns))
    return moves


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monite_pulumi.platform.resharding",
        description="Print the `pulumi state move` commands for a new shard count.",
    )
    parser.add_argument("tenants_file", type=Path, help="the YAML tenant list the shards read")
    parser.add_argument("--from", dest="old_count", type=int, required=True, help="shards now")
    parser.add_argument("--to", dest="new_count", type=int, required=True, help="shards wanted")
    parser.add_argument("--project", default="monite-platform", help="the Pulumi project name")
    parser.add_argument("--stack-name", default=DEFAULT_STACK_NAME,
                        help="stack names, with {i} (shard) and {n} (count)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.old_count < 1 or args.new_count < 1:
        parser.error("--from and --to: shard counts are at least 1")
    if "{i}" not in args.stack_name:
        parser.error("--stack-name: must contain {i}, the shard number")
    try:
        tenants = parse_tenants(read_tenants_file(args.tenants_file),
                                source=args.tenants_file.name)  # fmt: skip
    except TenantConfigError as error:
        print(error, file=sys.stderr)
        return 2
    moves = plan_moves(tenants, project=args.project, old_count=args.old_count,
                       new_count=args.new_count, stack_name=args.stack_name)  # fmt: skip
    print(f"# {len(moves)} of {len(tenants)} tenants change stack; run `pulumi preview` in every "
          "stack after moving (no create, no delete).")  # fmt: skip
    for move in moves:
        print(f"# {move.tenant}: {move.source} -> {move.dest}")
        print(move.command())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
