"""Say a fix in the words of the layer the user wrote, with the command of the engine in use.

Layer: the platform program declares a connection from an entry of the stack's tenant list
(`<project>:tenants` or `<project>:tenantsFile`), which the provider can see, since the engine
passes a dynamic provider the whole stack config (pkg/resource/deploy/target.go, "For dynamic
providers, we always pass the full configuration"); elsewhere a Python program wrote
`AccountingConnectionArgs`.

The native plugin (`pulumi-resource-monite`, monite_pulumi.native) serves programs in any
language: there the input is `adoptExisting` (`adopt_existing` in its Python SDK).

Engine: the CLI starts the provider plugin with the engine's address as its one argument
(sdk/go/common/resource/plugin/provider_plugin.go `NewProvider`: `[]string{host.ServerAddr()}`),
which sdk/python/dist/pulumi-resource-pulumi-python hands on to `python -m pulumi.dynamic $@`;
monite-local-engine starts `python -m pulumi.dynamic` with none, and runs no native plugin.
Anywhere else (a provider called in process) both commands are named.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Literal, Protocol

from monite_pulumi.core import wording

__all__ = ["adopt_conflict_message", "declared_from_tenant_list", "engine_in_use", "rerun"]

_DYNAMIC_SERVER = "pulumi/dynamic/__main__.py"
_NATIVE_PLUGIN = "pulumi-resource-monite"
_TENANT_LIST_KEYS = ("tenants", "tenantsFile")


class _Config(Protocol):
    def get(self, key: str) -> object: ...


def engine_in_use(argv: Sequence[str] | None = None) -> Literal["cli", "local", "unknown"]:
    """Which engine started this provider server, from its command line (module docstring)."""
    argv = sys.argv if argv is None else argv
    if argv and _is_native(argv):
        return "cli"
    if not argv or not argv[0].replace("\\", "/").endswith(_DYNAMIC_SERVER):
        return "unknown"
    return "cli" if len(argv) > 1 else "local"


def _is_native(argv: Sequence[str]) -> bool:
    return argv[0].replace("\\", "/").rsplit("/", 1)[-1] == _NATIVE_PLUGIN


def rerun(verb: str, argv: Sequence[str] | None = None) -> str:
    """The command to run again: `pulumi up`, `monite-local-engine up`, or both when unknown."""
    cli, local = f"`pulumi {verb}`", f"`monite-local-engine {verb}`"
    engine = engine_in_use(argv)
    if engine == "cli":
        return cli
    if engine == "local":
        return local
    return f"{cli} (or {local} where the Pulumi CLI is not installed)"


def declared_from_tenant_list(config: _Config | None) -> bool:
    """Whether the stack config holds the platform program's tenant list (project namespace)."""
    return config is not None and any(config.get(key) for key in _TENANT_LIST_KEYS)


def adopt_conflict_message(
    entity_id: str,
    connection_id: str,
    status: str | None,
    config: _Config | None,
    argv: Sequence[str] | None = None,
) -> str:
    """A live connection no state knows blocks the create: how to adopt it, in the user's layer."""
    argv = sys.argv if argv is None else argv
    if (argv and _is_native(argv)) or wording.current() is wording.NATIVE:
        adopt = (
            "set `adoptExisting: true` on this AccountingConnection (adopt_existing=True in "
            f'Python), or `adoptId: "{connection_id}"`'
        )
    elif declared_from_tenant_list(config):
        adopt = (
            "in this tenant's entry of the stack's tenant list (`tenants` or `tenantsFile`), set "
            "`accounting: {adopt_existing: true}`, or "
            f'`adopt: {{connection_id: "{connection_id}"}}`'
        )
    else:
        adopt = "set adopt_existing=True in this AccountingConnectionArgs, or "
        adopt += f'adopt_id="{connection_id}"'
    return (
        f"Cannot create an accounting connection for Monite entity {entity_id}: it already has "
        f"the live accounting connection {connection_id} (status {status}), which no "
        "Pulumi state knows about, and Monite allows one live connection per entity. Either "
        f"adopt it: {adopt} to take over exactly this one; "
        f"or disconnect it (POST /accounting_connections/{connection_id}/disconnect with "
        f"X-Monite-Entity-Id: {entity_id}) if it should not be used. Then run "
        f"{rerun('up', argv)} again."
    )
