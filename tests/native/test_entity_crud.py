"""The native plugin, started as the engine starts it, serves an Entity's whole life."""

from __future__ import annotations

from typing import Any

import httpx

from monite_pulumi.sandbox.testing import API_VERSION as VERSION
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness.native import UNKNOWN, NativeClient

ENTITY: dict[str, Any] = {
    "type": "organization",
    "email": "billing@acme.example",
    "address": {"country": "DE", "city": "Berlin", "postalCode": "10115", "line1": "Str. 1"},
    "organization": {"legalName": "Acme GmbH"},
    "partnerMetadata": {"crm_id": "C-1"},
}


def test_entity_create_read_update_delete(native: NativeClient, sandbox: RunningSandbox) -> None:
    inputs, failures = native.check("Entity", {}, ENTITY)
    assert failures == []
    assert inputs["active"] is True
    assert inputs["partnerMetadata"] == {"crm_id": "C-1"}  # a map's keys are data, not renamed

    _, preview = native.create("Entity", inputs, preview=True)
    assert preview["entityId"] is UNKNOWN
    assert preview["address"]["postalCode"] == "10115"
    assert preview["apiUrl"] == sandbox.api_url

    entity_id, outs = native.create("Entity", inputs)
    assert outs["entityId"] == entity_id
    assert outs["organization"]["legalName"] == "Acme GmbH"
    assert native.diff("Entity", entity_id, outs, inputs).changes is False

    changed = {**inputs, "phone": "+49301234567"}
    diff = native.diff("Entity", entity_id, outs, changed)
    assert (diff.changes, diff.replaces, diff.detailed) == (True, [], {"phone": "ADD"})
    preview = native.update("Entity", entity_id, outs, changed, preview=True)
    assert preview["entityId"] == entity_id
    assert preview["phone"] == "+49301234567"
    outs = native.update("Entity", entity_id, outs, changed)
    assert outs["phone"] == "+49301234567"

    read_id, read_outs, read_inputs = native.read("Entity", entity_id, outs, changed)
    assert read_id == entity_id
    assert read_outs["phone"] == "+49301234567"
    assert read_inputs["address"]["postalCode"] == "10115"

    native.delete("Entity", entity_id, outs)
    assert native.read("Entity", entity_id, outs, changed)[1]["status"] == "inactive"


def test_metadata_keys_pass_the_plugin_unchanged_both_ways(
    native: NativeClient, sandbox: RunningSandbox
) -> None:
    metadata = {"legal_name": "Acme", "postalCode": "10115", "nested": {"first_name": "A"}}
    inputs, failures = native.check("Entity", {}, {**ENTITY, "partnerMetadata": metadata})
    assert failures == []
    assert inputs["partnerMetadata"] == metadata
    entity_id, outs = native.create("Entity", inputs)
    assert outs["partnerMetadata"] == metadata
    stored = httpx.get(
        f"{sandbox.api_url}/entities/{entity_id}/partner_metadata",
        headers={"Authorization": f"Bearer {sandbox.access_token()}", "X-Monite-Version": VERSION},
    )
    assert stored.json()["metadata"] == metadata  # what Monite holds: the user's keys
    _, read_outs, read_inputs = native.read("Entity", entity_id, outs, inputs)
    assert read_outs["partnerMetadata"] == metadata
    assert read_inputs["partnerMetadata"] == metadata
    native.delete("Entity", entity_id, outs)
