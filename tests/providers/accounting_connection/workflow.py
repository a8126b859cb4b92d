"""The seed guide's steps, driven through the engine harness and the sandbox control API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import CreateOutcome, EngineClient
from tests.providers.inputs import organization_inputs, product_inputs

CONNECTIONS = AccountingConnectionProvider()


def create_entity(engine: EngineClient) -> str:
    """Step 4: the entity (an organisation in Germany); returns its id."""
    checked = engine.check(EntityProvider(), {}, organization_inputs())
    return engine.create(EntityProvider(), checked.inputs).id


def create_product(engine: EngineClient, entity_id: str) -> str:
    """Step 4 for accounts receivable: one catalog product; returns its id."""
    checked = engine.check(ProductProvider(), {}, product_inputs(entity_id))
    return engine.create(ProductProvider(), checked.inputs).id


def connection_inputs(engine: EngineClient, entity_id: str, **options: Any) -> dict[str, Any]:
    """The checked inputs of an AccountingConnection (defaults applied, no failures)."""
    checked = engine.check(CONNECTIONS, {}, {"entity_id": entity_id, **options})
    assert checked.failures == []
    return checked.inputs


def connect(
    engine: EngineClient, entity_id: str, **options: Any
) -> tuple[dict[str, Any], CreateOutcome]:
    """Step 5: check then create the connection; returns (inputs, outcome)."""
    inputs = connection_inputs(engine, entity_id, **options)
    return inputs, engine.create(CONNECTIONS, inputs)


def authorize(sandbox: RunningSandbox, connection_id: str, platform: str = "quickbooks") -> None:
    """Step 6: the entity's user opens the link and authorises."""
    path = f"/_sandbox/connections/{connection_id}/authorize"
    sandbox.control.post(path, json={"platform": platform}).raise_for_status()


def deauthorize(sandbox: RunningSandbox, connection_id: str) -> None:
    """The user revokes access on the accounting platform's side."""
    sandbox.control.post(f"/_sandbox/connections/{connection_id}/deauthorize").raise_for_status()


def assert_url_only_where_secret(outs: Mapping[str, Any], url: str) -> None:
    """The connection URL (and its token) is in ``connection_url`` and nowhere else."""
    token = url.rpartition("token=")[2]
    assert token, url
    for name, value in outs.items():
        if name != "connection_url":
            assert url not in repr(value), name
            assert token not in repr(value), name
