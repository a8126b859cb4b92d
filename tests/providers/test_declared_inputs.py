"""What the program removes is cleared in Monite and shown; what it never declared is left alone.

Each story runs as the engine runs it, through the harness: create (up), refresh (Read, whose
inputs replace the stored inputs), preview (Check with the previous inputs, then Diff with the
previous outputs), up (Update with the previous outputs). The provider knows what was declared
only from ``declared_inputs`` in its outputs, which refresh must keep.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pulumi.dynamic import ResourceProvider

from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import ProductServiceUpdate
from monite_pulumi.providers._declared import DECLARED_OUTPUT
from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.entity_settings import EntitySettingsProvider
from monite_pulumi.providers.product import ProductProvider
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, add_fault, sandbox_objects, sandbox_requests
from tests.providers.inputs import organization_inputs, product_inputs

ENTITIES, PRODUCTS = EntityProvider(), ProductProvider()
SETTINGS, CONNECTIONS = EntitySettingsProvider(), AccountingConnectionProvider()
MISSING_ID = "7d5e0f39-0000-4000-8000-000000000000"


class Stack:
    """One resource's state as the engine keeps it: id, inputs and outputs."""

    def __init__(self, engine: EngineClient, provider: ResourceProvider, inputs: dict[str, Any]):
        self.engine, self.provider = engine, provider
        checked = engine.check(provider, {}, inputs)
        assert checked.failures == []
        created = engine.create(provider, checked.inputs)
        self.id, self.inputs, self.outputs = created.id, checked.inputs, created.outs

    def refresh(self) -> None:
        read = self.engine.read(self.provider, self.id, self.outputs)
        assert read.id == self.id
        assert read.inputs is not None
        self.inputs, self.outputs = read.inputs, read.outs

    def preview(self, program: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Check (previous inputs) then Diff (previous outputs): the checked inputs, changes."""
        checked = self.engine.check(self.provider, self.inputs, program)
        assert checked.failures == [], checked.failures
        diff = self.engine.diff(self.provider, self.id, self.outputs, checked.inputs)
        assert diff.replaces == []
        return checked.inputs, bool(diff.changes)

    def up(self, program: dict[str, Any]) -> bool:
        """preview, then Update when it shows a change; whether it did."""
        news, changes = self.preview(program)
        if changes:
            self.outputs = self.engine.update(self.provider, self.id, self.outputs, news)
            self.inputs = news
        return changes


@pytest.fixture
def entity(engine: EngineClient) -> Stack:
    return Stack(engine, ENTITIES, organization_inputs())


@pytest.fixture
def server_defaults(sandbox: RunningSandbox) -> Iterator[None]:
    """Monite filling in organization booleans the program never sent (a live setting)."""
    sandbox.control.patch("/_sandbox/settings", json={"fill_server_defaults": True})
    try:
        yield
    finally:
        sandbox.control.patch("/_sandbox/settings", json={"fill_server_defaults": False})


def test_a_removed_product_description_is_cleared_through_refresh_preview_up(
    engine: EngineClient, entity: Stack, monite: MoniteClient
) -> None:
    program = product_inputs(entity.id, description="Billed per started hour")
    product = Stack(engine, PRODUCTS, program)
    assert "description" in product.outputs[DECLARED_OUTPUT]
    product.refresh()
    assert "description" in product.outputs[DECLARED_OUTPUT]  # refresh keeps the record

    removed = {key: value for key, value in program.items() if key != "description"}
    assert product.up(removed) is True
    assert monite.get_product(entity.id, product.id).description == ""
    assert "description" not in product.outputs[DECLARED_OUTPUT]
    product.refresh()
    assert product.preview(removed)[1] is False


def test_a_product_field_never_declared_stays_unmanaged(
    engine: EngineClient, entity: Stack, monite: MoniteClient
) -> None:
    program = product_inputs(entity.id)
    product = Stack(engine, PRODUCTS, program)
    monite.update_product(
        entity.id,
        product.id,
        ProductServiceUpdate.model_validate({"description": "by hand", "external_reference": "X"}),
    )
    product.refresh()
    assert product.outputs["description"] == "by hand"  # seen in the outputs...
    assert "description" not in product.inputs  # ...but not made an input of the program
    assert product.up(program) is False
    assert monite.get_product(entity.id, product.id).description == "by hand"


@pytest.mark.parametrize(
    ("field", "value"),
    [("external_reference", "SKU-1"), ("price", {"value": 100, "currency": "EUR"})],
)
def test_check_refuses_removing_what_monite_cannot_clear(
    engine: EngineClient, entity: Stack, sandbox: RunningSandbox, field: str, value: Any
) -> None:
    program = {**product_inputs(entity.id), field: value}
    product = Stack(engine, PRODUCTS, program)
    product.refresh()
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    removed = {key: item for key, item in program.items() if key != field}
    checked = engine.check(PRODUCTS, product.inputs, removed)
    reason = checked.reason(field)
    assert f"Monite cannot clear a product's {field}" in reason
    assert f"Keep {field} declared" in reason
    assert "new resource name" in reason
    assert sandbox_requests(sandbox)["total"] == 0


def test_removed_entity_fields_and_metadata_are_cleared(
    engine: EngineClient, monite: MoniteClient
) -> None:
    address = {**organization_inputs()["address"], "line2": "Hinterhaus"}
    program = organization_inputs(
        phone="+49 30 1234", address=address, partner_metadata={"plan": "gold"}
    )
    entity = Stack(engine, ENTITIES, program)
    entity.refresh()
    assert entity.inputs["partner_metadata"] == {"plan": "gold"}

    removed = organization_inputs()
    assert entity.up(removed) is True
    live = monite.get_entity(entity.id)
    assert live.phone is None
    assert live.address.line2 is None
    assert monite.get_partner_metadata(entity.id) == {}
    entity.refresh()
    assert entity.preview(removed)[1] is False


def test_server_defaults_in_nested_objects_are_no_perpetual_diff(
    engine: EngineClient, server_defaults: None, monite: MoniteClient
) -> None:
    entity = Stack(engine, ENTITIES, organization_inputs())
    organization = monite.get_entity(entity.id).model_dump(mode="json")["organization"]
    assert organization["directors_provided"] is False  # Monite filled it in
    for _ in range(2):
        entity.refresh()
        assert entity.preview(organization_inputs())[1] is False
    declared = organization_inputs(
        organization={"legal_name": "Acme GmbH", "directors_provided": True}
    )
    assert entity.up(declared) is True  # once declared, the key is managed
    assert monite.get_entity(entity.id).model_dump()["organization"]["directors_provided"]


def test_removed_settings_go_back_to_monites_defaults(
    engine: EngineClient, entity: Stack, monite: MoniteClient
) -> None:
    program = {
        "entity_id": entity.id,
        "language": "de",
        "payables_skip_approval_flow": True,
        "vat_mode": "inclusive",
    }
    settings = Stack(engine, SETTINGS, program)
    settings.refresh()
    kept = {"entity_id": entity.id, "vat_mode": "inclusive"}
    assert settings.up(kept) is True
    live = monite.get_entity_settings(entity.id)
    assert (live.language, live.payables_skip_approval_flow) == (None, False)
    assert live.vat_mode == "inclusive"
    settings.refresh()
    assert settings.preview(kept)[1] is False


def test_removed_connection_options_are_a_change(engine: EngineClient, entity: Stack) -> None:
    program = {
        "entity_id": entity.id,
        "wait_for": "connected",
        "wait_timeout": 0.2,
        "reconnect_on_revoke": False,
    }
    connection = Stack(engine, CONNECTIONS, program)
    connection.refresh()
    assert connection.up({"entity_id": entity.id}) is True
    assert "wait_for" not in connection.outputs
    assert connection.outputs["reconnect_on_revoke"] is True  # its default again
    connection.refresh()
    assert connection.preview({"entity_id": entity.id})[1] is False


def test_state_of_version_1_diffs_as_before_and_learns_at_its_next_update(
    engine: EngineClient, entity: Stack, monite: MoniteClient
) -> None:
    program = product_inputs(entity.id, description="Billed per started hour")
    product = Stack(engine, PRODUCTS, program)
    # The state version 1 wrote: the same outputs without the record.
    product.outputs = {
        **{key: value for key, value in product.outputs.items() if key != DECLARED_OUTPUT},
        "schema_version": 1,
    }
    product.refresh()  # a refresh cannot know what was declared: it keeps version 1
    assert (DECLARED_OUTPUT in product.outputs, product.outputs["schema_version"]) == (False, 1)
    without = {key: value for key, value in program.items() if key != "description"}
    assert product.preview(without)[1] is False  # as version 1 compared it

    renamed = {**program, "name": "Hour"}
    assert product.up(renamed) is True
    assert product.outputs["schema_version"] == 2
    assert "description" in product.outputs[DECLARED_OUTPUT]
    assert product.up({**without, "name": "Hour"}) is True
    assert monite.get_product(entity.id, product.id).description == ""


def test_a_lost_create_answer_is_adopted_despite_server_defaults(
    engine: EngineClient, server_defaults: None, sandbox: RunningSandbox
) -> None:
    # Warm the provider's token first (the session's server holds one the reset revoked), so
    # that the fault drops a create that was processed, not its 401.
    assert engine.read(ENTITIES, MISSING_ID, {"entity_id": MISSING_ID}).id == ""
    sandbox.control.delete("/_sandbox/requests").raise_for_status()
    add_fault(sandbox, method="POST", path="^/entities$", drop_after_processing=True, count=1)
    entity = Stack(engine, ENTITIES, organization_inputs())
    assert [found["id"] for found in sandbox_objects(sandbox)["entities"]] == [entity.id]
    calls = [
        (entry["endpoint"], entry["status"], entry["dropped"])
        for entry in sandbox_requests(sandbox)["entries"]
    ]
    assert calls == [("POST /entities", 201, True), ("GET /entities", 200, False)]


def test_resource_get_records_the_declared_inputs(engine: EngineClient, entity: Stack) -> None:
    program = product_inputs(entity.id, description="Billed per started hour")
    product = Stack(engine, PRODUCTS, program)
    imported = engine.read(PRODUCTS, product.id, inputs=program)
    assert imported.outs[DECLARED_OUTPUT] == product.outputs[DECLARED_OUTPUT]
    assert imported.outs["schema_version"] == 2
    removed = {key: value for key, value in program.items() if key != "description"}
    assert engine.diff(PRODUCTS, product.id, imported.outs, removed).changes is True
