"""120 tenants made by hand -> ``monite-pulumi export`` -> one adopting pass -> nothing to do.

The tenants are created directly through the API (entity, one product, an accounting
connection; every third connection authorised through the sandbox's control API, every fifth
entity deactivated). ``monite-pulumi export`` writes them as tenant entries, which must pass the
tenant validation. The platform program declares them (under mocks, which records the exact
inputs it registers), and each resource is then created through the engine-protocol harness
with those inputs, four calls in flight as the engine keeps: every object is adopted with no
creating POST and at most one GET plus one PATCH per resource. A second pass (Check + Diff, as
``pulumi preview`` does) finds no changes. The sandbox's request log gives the figures quoted
in docs/adopting-existing-tenants.md; run with ``-s`` to print them.

The rate limits of the sandbox and the client are lifted for speed: they change when requests
are sent, not which.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import yaml
from typer.testing import CliRunner

from monite_pulumi.cli import app
from monite_pulumi.client import MoniteClient, reset_shared_state
from monite_pulumi.client.models import CreateEntityRequest, ProductServiceRequest
from monite_pulumi.config import resolve_settings
from monite_pulumi.platform import parse_tenants
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import sandbox_requests
from tests.harness.fixtures import EngineFactory, stack_config
from tests.program.mock_runner import resource_id
from tests.program.programs import CONNECTION, ENTITY, PRODUCT, ROOT, run_program

pytestmark = pytest.mark.slow

TENANTS = 120
REPRICED = 10
"""Exported entries whose product price the test changes: those adoptions PATCH once."""
PROVIDERS: Mapping[str, Any] = {
    ENTITY: EntityProvider(),
    PRODUCT: ProductProvider(),
    CONNECTION: AccountingConnectionProvider(),
}
CREATING_POSTS = ("POST /entities", "POST /products", "POST /accounting_connections")
T = TypeVar("T")
R = TypeVar("R")


def in_parallel(work: Callable[[T], R], items: list[T]) -> list[R]:
    """Four calls in flight, as the engine keeps against a provider server."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(work, items))


@pytest.fixture
def monite(sandbox: RunningSandbox) -> Iterator[MoniteClient]:
    """The test's own client, its limiter off, with the sandbox's limit lifted too.

    Limiters are shared per process and (api url, client id), made with the first client's
    rate: earlier tests' clients would pace this one (and the in-process export) at 30/s.
    """
    reset_shared_state()
    before = sandbox.control.get("/_sandbox/settings").json()["rate_limit"]
    sandbox.control.patch("/_sandbox/settings", json={"rate_limit": 0}).raise_for_status()
    settings = resolve_settings(
        explicit={
            "api_url": sandbox.api_url,
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
            "max_requests_per_second": 0,
        },
        env={},
    )
    try:
        with MoniteClient(settings) as monite:
            yield monite
    finally:
        reset_shared_state()  # later tests get limiters at their own rates
        sandbox.control.patch("/_sandbox/settings", json={"rate_limit": before}).raise_for_status()


def make_tenant(monite: MoniteClient, sandbox: RunningSandbox, index: int) -> None:
    """One tenant as a script would have made it, with no Pulumi involved."""
    kind = "organization" if index % 2 == 0 else "individual"
    details = (
        {"organization": {"legal_name": f"Tenant {index:03d} GmbH"}}
        if kind == "organization"
        else {"individual": {"first_name": "Sam", "last_name": f"Tenant {index:03d}"}}
    )
    entity = monite.create_entity(
        CreateEntityRequest.model_validate(
            {
                "type": kind,
                "email": f"owner{index:03d}@tenants.example",
                "address": {
                    "country": "DE",
                    "city": "Berlin",
                    "postal_code": "10115",
                    "line1": f"Strasse {index}",
                },
                **details,
            }
        )
    )
    monite.create_product(
        entity.id,
        ProductServiceRequest.model_validate(
            {
                "name": "Consulting hour",
                "type": "service",
                "price": {"value": 10000 + index, "currency": "EUR"},
            }
        ),
    )
    connection = monite.create_accounting_connection(entity.id)
    if index % 3 == 0:
        sandbox.control.post(
            f"/_sandbox/connections/{connection.id}/authorize", json={"platform": "quickbooks"}
        ).raise_for_status()
    if index % 5 == 0:
        monite.deactivate_entity(entity.id)


def export(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    env: dict[str, str | None] = {name: None for name in os.environ if name.startswith("MONITE")}
    env.update(
        MONITE_ENVIRONMENT="local",
        MONITE_API_URL=sandbox.api_url,
        MONITE_CLIENT_ID=sandbox.client_id,
        MONITE_CLIENT_SECRET=sandbox.client_secret,
        MONITE_MAX_REQUESTS_PER_SECOND="0",
    )
    result = CliRunner().invoke(app, ["export", "--no-progress"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, Any]] = yaml.safe_load(result.stdout)
    return entries


def declared_resources(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the platform program registers for these entries (resource type, name, inputs)."""
    run = run_program(
        ROOT, project="monite-platform", stack="adopt", config={"monite-platform:tenants": entries}
    )
    assert run.error is None, run.error
    return run.resources


def plain(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in inputs.items() if value is not None}


def by_endpoint(sandbox: RunningSandbox) -> Counter[str]:
    counts: Counter[str] = Counter(sandbox_requests(sandbox)["by_endpoint"])
    del counts["POST /auth/token"]
    return +counts


def test_export_then_adopt_120_tenants(
    engine_factory: EngineFactory, sandbox: RunningSandbox, monite: MoniteClient
) -> None:
    in_parallel(lambda index: make_tenant(monite, sandbox, index), list(range(TENANTS)))

    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    entries = export(sandbox)
    export_calls = by_endpoint(sandbox)
    assert len(entries) == TENANTS
    tenants = parse_tenants(entries)  # every entry passes the platform's validation
    assert sum(not tenant.active for tenant in tenants) == TENANTS // 5
    assert all(tenant.accounting.connect for tenant in tenants)
    for entry in entries[:REPRICED]:
        entry["products"][0]["price"]["value"] += 1

    resources = declared_resources(entries)
    entities = [r for r in resources if r["type"] == ENTITY]
    dependents = [r for r in resources if r["type"] != ENTITY]
    assert (len(entities), len(dependents)) == (TENANTS, 2 * TENANTS)

    engine = engine_factory(stack_config(sandbox, **{"monite:maxRequestsPerSecond": "0"}))
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    states: dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]] = {}

    def adopt(resource: dict[str, Any], real_ids: Mapping[str, str]) -> None:
        provider = PROVIDERS[resource["type"]]
        news = plain(resource["inputs"])
        if "entity_id" in news and resource["type"] != ENTITY:
            news["entity_id"] = real_ids[news["entity_id"]]
        checked = engine.check(provider, {}, news)
        assert checked.failures == [], (resource["name"], checked.failures)
        created = engine.create(provider, checked.inputs)
        assert created.id == news["adopt_id"]
        states[(resource["type"], resource["name"])] = (created.id, created.outs, checked.inputs)

    in_parallel(lambda resource: adopt(resource, {}), entities)
    real_ids = {resource_id(ENTITY, r["name"]): states[(ENTITY, r["name"])][0] for r in entities}
    in_parallel(lambda resource: adopt(resource, real_ids), dependents)
    adoption_calls = by_endpoint(sandbox)

    assert not set(CREATING_POSTS) & set(adoption_calls)
    gets = sum(n for endpoint, n in adoption_calls.items() if endpoint.startswith("GET "))
    patches = sum(n for endpoint, n in adoption_calls.items() if endpoint.startswith("PATCH "))
    assert gets == len(resources)
    assert patches == REPRICED
    assert sum(adoption_calls.values()) == gets + patches

    sandbox.control.delete("/_sandbox/requests").raise_for_status()

    def nothing_to_do(key: tuple[str, str]) -> bool | None:
        provider = PROVIDERS[key[0]]
        object_id, outs, inputs = states[key]
        checked = engine.check(provider, inputs, inputs)
        assert checked.failures == []
        return engine.diff(provider, object_id, outs, checked.inputs).changes

    second_pass = in_parallel(nothing_to_do, list(states))
    assert second_pass == [False] * len(states)
    assert sandbox_requests(sandbox)["total"] == 0

    print(f"\nexport of {TENANTS} tenants: {dict(sorted(export_calls.items()))}")
    print(f"adoption of {len(resources)} resources: {dict(sorted(adoption_calls.items()))}")
    print("second pass (check + diff of every resource): 0 requests, no changes")
