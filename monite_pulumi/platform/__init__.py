"""The platform program: a stack's `tenants` config becomes entities, catalogs and connections.

`tenants`/`loading` (and so `drift`, through this package) need only pydantic; `program` imports
pulumi and the resource classes, so it is loaded on first use, which lets tools such as the drift
check run without them (tests/program/test_platform_imports.py checks it in a fresh interpreter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monite_pulumi.platform.loading import TenantConfigError, parse_tenants, read_tenants_file
from monite_pulumi.platform.sharding import Shard, ShardConfigError, parse_shard, shard_of
from monite_pulumi.platform.tenants import Tenant

if TYPE_CHECKING:
    from monite_pulumi.platform.program import (
        TenantResources,
        declare_tenant,
        declare_tenants,
        export_tenants,
        run_platform,
        shard_from_config,
        stack_tenants,
    )

__all__ = [
    "Shard",
    "ShardConfigError",
    "Tenant",
    "TenantConfigError",
    "TenantResources",
    "declare_tenant",
    "declare_tenants",
    "export_tenants",
    "parse_shard",
    "parse_tenants",
    "read_tenants_file",
    "run_platform",
    "shard_from_config",
    "shard_of",
    "stack_tenants",
]

_PROGRAM_NAMES = {
    "TenantResources",
    "declare_tenant",
    "declare_tenants",
    "export_tenants",
    "run_platform",
    "shard_from_config",
    "stack_tenants",
}


def __getattr__(name: str) -> Any:
    if name in _PROGRAM_NAMES:
        from monite_pulumi.platform import program

        return getattr(program, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
