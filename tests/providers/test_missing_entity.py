"""A create under an entity that does not exist names that entity, not a refresh."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import ResourceProvider

from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.entity_settings import EntitySettingsProvider
from monite_pulumi.providers.entity_vat_id import EntityVatIdProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, ProviderCallError
from tests.providers.inputs import organization_inputs, product_inputs

MISSING = "0b7c2f1e-0000-4000-8000-00000000f00d"

CASES: tuple[tuple[str, ResourceProvider, dict[str, Any], str], ...] = (
    ("product", ProductProvider(), product_inputs(MISSING), "ProductArgs"),
    (
        "vat-id",
        EntityVatIdProvider(),
        {"entity_id": MISSING, "country": "DE", "value": "DE123456789"},
        "EntityVatIdArgs",
    ),
    (
        "settings",
        EntitySettingsProvider(),
        {"entity_id": MISSING, "language": "de"},
        "EntitySettingsArgs",
    ),
    (
        "connection",
        AccountingConnectionProvider(),
        {"entity_id": MISSING},
        "AccountingConnectionArgs",
    ),
)


@pytest.mark.parametrize(
    ("provider", "inputs", "args_name"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_create_under_a_missing_entity_names_it(
    engine: EngineClient, provider: ResourceProvider, inputs: dict[str, Any], args_name: str
) -> None:
    checked = engine.check(provider, {}, inputs)
    assert checked.failures == []
    with pytest.raises(ProviderCallError) as refused:
        engine.create(provider, checked.inputs)
    message = refused.value.message
    assert f"its entity {MISSING} does not exist" in message
    assert f"entity_id in this {args_name}" in message
    assert "no longer exists" not in message
    assert "pulumi refresh" not in message


def test_a_deleted_entity_is_named_as_deleted(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    entities = EntityProvider()
    entity = engine.create(entities, engine.check(entities, {}, organization_inputs()).inputs)
    sandbox.control.post(f"/_sandbox/entities/{entity.id}/delete").raise_for_status()
    with pytest.raises(ProviderCallError) as refused:
        engine.create(ProductProvider(), product_inputs(entity.id))
    assert f"its entity {entity.id} is deleted" in refused.value.message
