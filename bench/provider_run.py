"""The provider side: each phase driven through the engine-protocol harness, 4 calls at once.

Each phase runs against a fresh ``python -m pulumi.dynamic`` (as each ``pulumi`` command starts
its own), configured with the stack config; server start-up and Configure are not timed. Calls
are made in dependency waves (entities, then their products and connections; destroy in
reverse) by a pool of 4 threads, the engine's limit on concurrent dynamic-provider calls.
Phases, as the engine makes them:

- create: Check + Create per resource;
- refresh: Read(id, outputs, inputs) per resource;
- preview: Check + Diff per resource (no change expected);
- update: Check + Diff per resource, Update for the entities (one field changed);
- destroy: Delete per resource.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bench import workload
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, running_provider_server
from tests.harness.provider_server import ProviderServer

__all__ = ["PHASES", "ProviderStack", "provider_engine"]

PHASES = ("create", "refresh", "preview", "update", "destroy")
T = TypeVar("T")
R = TypeVar("R")

ENTITY = EntityProvider()
PRODUCT = ProductProvider()
CONNECTION = AccountingConnectionProvider()


@dataclass
class _Resource:
    """One resource of the stack as the engine's state holds it."""

    provider: Any
    inputs: dict[str, Any]
    id: str = ""
    outs: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Tenant:
    index: int
    entity: _Resource
    product: _Resource | None = None
    connection: _Resource | None = None

    def dependents(self) -> list[_Resource]:
        return [item for item in (self.product, self.connection) if item is not None]


def _in_parallel(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    with ThreadPoolExecutor(max_workers=workload.CONCURRENCY) as pool:
        return list(pool.map(work, items))


def stack_config(sandbox: RunningSandbox, max_requests_per_second: float | None) -> dict[str, str]:
    """The stack config of a `dev` stack on this sandbox; None keeps the client's default rate."""
    config = {
        "monite:environment": "local",
        "monite:apiUrl": sandbox.api_url,
        "monite:clientId": sandbox.client_id,
        "monite:clientSecret": sandbox.client_secret,
    }
    if max_requests_per_second is not None:
        config["monite:maxRequestsPerSecond"] = f"{max_requests_per_second:g}"
    return config


@contextmanager
def provider_engine(
    sandbox: RunningSandbox,
    max_requests_per_second: float | None,
    extra_config: Mapping[str, str] | None = None,
) -> Iterator[tuple[ProviderServer, EngineClient]]:
    """A fresh provider server (one ``pulumi`` command) and an engine configured for it
    (`extra_config`: more stack config, such as ``monite:rateLimitStore``)."""
    with (
        running_provider_server() as server,
        EngineClient(server.target, timeout=600) as engine,
    ):
        engine.configure({**stack_config(sandbox, max_requests_per_second), **(extra_config or {})})
        yield server, engine


class ProviderStack:
    """N tenants' state between phases, and the engine calls of each phase."""

    def __init__(self, tenants: int) -> None:
        self.tenants = [
            _Tenant(index, _Resource(ENTITY, workload.entity_inputs(index)))
            for index in range(tenants)
        ]

    def resources(self) -> list[_Resource]:
        return [item for tenant in self.tenants for item in (tenant.entity, *tenant.dependents())]

    def operations(self) -> int:
        """Resources each phase processes: an entity, a product and a connection per tenant."""
        return 3 * len(self.tenants)

    def changed(self, phase: str) -> int | None:
        """Resources a phase changes when not all of them: the update changes the entities."""
        return len(self.tenants) if phase == "update" else None

    def run(self, phase: str, engine: EngineClient) -> None:
        phases: Mapping[str, Callable[[EngineClient], None]] = {
            "create": self.create,
            "refresh": self.refresh,
            "preview": self.preview,
            "update": self.update,
            "destroy": self.destroy,
        }
        phases[phase](engine)

    # -- the phases -------------------------------------------------------------------------

    def create(self, engine: EngineClient) -> None:
        def create(resource: _Resource) -> None:
            checked = engine.check(resource.provider, {}, resource.inputs)
            if checked.failures:
                raise RuntimeError(f"check failed: {checked.failures}")
            created = engine.create(resource.provider, checked.inputs)
            resource.inputs, resource.id, resource.outs = checked.inputs, created.id, created.outs

        _in_parallel(create, [tenant.entity for tenant in self.tenants])
        for tenant in self.tenants:
            entity_id = tenant.entity.id
            tenant.product = _Resource(PRODUCT, workload.product_inputs(entity_id, tenant.index))
            tenant.connection = _Resource(CONNECTION, workload.connection_inputs(entity_id))
        _in_parallel(create, [item for tenant in self.tenants for item in tenant.dependents()])

    def refresh(self, engine: EngineClient) -> None:
        def read(resource: _Resource) -> None:
            found = engine.read(
                resource.provider, resource.id, resource.outs, inputs=resource.inputs
            )
            if not found.id:
                raise RuntimeError(f"refresh found {resource.id} gone")
            resource.outs = found.outs

        _in_parallel(read, self.resources())

    def preview(self, engine: EngineClient) -> None:
        def check_and_diff(resource: _Resource) -> None:
            checked = engine.check(resource.provider, resource.inputs, resource.inputs)
            diff = engine.diff(resource.provider, resource.id, resource.outs, checked.inputs)
            if diff.changes:
                raise RuntimeError(f"no-op preview found changes on {resource.id}")

        _in_parallel(check_and_diff, self.resources())

    def update(self, engine: EngineClient) -> None:
        wanted = {
            id(tenant.entity): workload.updated_entity_inputs(tenant.index)
            for tenant in self.tenants
        }

        def check_diff_update(resource: _Resource) -> None:
            news = {**resource.inputs, **wanted.get(id(resource), {})}
            checked = engine.check(resource.provider, resource.inputs, news)
            diff = engine.diff(resource.provider, resource.id, resource.outs, checked.inputs)
            if diff.changes != (id(resource) in wanted) or diff.replaces:
                raise RuntimeError(f"unexpected diff on {resource.id}: {diff}")
            if diff.changes:
                resource.outs = engine.update(
                    resource.provider, resource.id, resource.outs, checked.inputs
                )
                resource.inputs = checked.inputs

        _in_parallel(check_diff_update, self.resources())

    def destroy(self, engine: EngineClient) -> None:
        def delete(resource: _Resource) -> None:
            engine.delete(resource.provider, resource.id, resource.outs)

        _in_parallel(delete, [item for tenant in self.tenants for item in tenant.dependents()])
        _in_parallel(delete, [tenant.entity for tenant in self.tenants])
