"""What only a native provider answers: Check failures, previews, import by id, secrets, Invoke."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import ProviderCallError, ProviderServer, sandbox_requests
from tests.harness.fixtures import stack_config
from tests.harness.native import UNKNOWN, NativeClient, Secret, running_native_plugin
from tests.providers.accounting_connection.workflow import authorize, deauthorize

ROOT = Path(__file__).resolve().parents[2]
ENTITY: dict[str, Any] = {
    "type": "organization",
    "email": "ops@acme.example",
    "address": {"country": "DE", "city": "Berlin", "postalCode": "10115", "line1": "Str. 1"},
    "organization": {"legalName": "Acme GmbH"},
}


def _requests(sandbox: RunningSandbox) -> int:
    return int(sandbox_requests(sandbox)["total"])


def _creating(sandbox: RunningSandbox) -> int:
    counts: dict[str, int] = sandbox_requests(sandbox)["by_endpoint"]
    return sum(n for key, n in counts.items() if key.startswith("POST") and "token" not in key)


def _up(native: NativeClient, type_name: str, news: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    inputs, failures = native.check(type_name, {}, news)
    assert failures == []
    return native.create(type_name, inputs)


def test_bad_input_is_check_failures_naming_the_property_with_no_request(
    native: NativeClient, sandbox: RunningSandbox
) -> None:
    before = _requests(sandbox)
    _, failures = native.check(
        "Entity", {}, {**ENTITY, "address": {**ENTITY["address"], "country": "Germany"}, "foo": 1}
    )
    assert {prop for prop, _ in failures} == {"address.country", "foo"}
    assert "ISO 3166-1" in dict(failures)["address.country"]
    _, failures = native.check(
        "Product",
        {},
        {
            "entityId": "8b4a4b5e-3f0e-4c1a-9a51-0f0c4f1e2d3c",
            "name": "Widget",
            "price": {"value": 15.5, "currency": "EUR"},
        },
    )
    assert [prop for prop, _ in failures] == ["price.value"]
    assert _requests(sandbox) == before


def test_preview_knows_every_value_but_what_monite_assigns(
    native: NativeClient, sandbox: RunningSandbox
) -> None:
    entity_id, entity = _up(native, "Entity", ENTITY)
    product = {"entityId": entity_id, "name": "Widget", "price": {"value": 1500, "currency": "EUR"}}
    inputs, _ = native.check("Product", {}, product)
    before = _requests(sandbox)
    _, preview = native.create("Product", inputs, preview=True)
    assert preview["entityId"] == entity_id
    assert preview["price"] == {"value": 1500, "currency": "EUR"}
    assert preview["productId"] is UNKNOWN
    assert preview["createdAt"] is UNKNOWN
    changed = {**native.check("Entity", {}, ENTITY)[0], "email": "new@acme.example"}
    diff = native.diff("Entity", entity_id, entity, changed)
    assert (diff.changes, diff.replaces, diff.detailed) == (True, [], {"email": "UPDATE"})
    updated = native.update("Entity", entity_id, entity, changed, preview=True)
    assert updated["entityId"] == entity_id
    assert updated["email"] == "new@acme.example"
    assert updated["updatedAt"] is UNKNOWN
    assert _requests(sandbox) == before


def test_a_preview_does_not_claim_the_old_value_of_an_input_removed_now(
    native: NativeClient,
) -> None:
    """A removed input is cleared (or reset to Monite's default) by the update: unknown."""
    entity_id, entity = _up(native, "Entity", {**ENTITY, "phone": "+4930123456"})
    news = native.check("Entity", {}, ENTITY)[0]
    assert native.diff("Entity", entity_id, entity, news).detailed == {"phone": "DELETE"}
    preview = native.update("Entity", entity_id, entity, news, preview=True)
    assert preview["phone"] is UNKNOWN
    assert "phone" not in native.update("Entity", entity_id, entity, news)


def test_a_create_only_change_is_a_replacement(native: NativeClient) -> None:
    entity_id, _entity = _up(native, "Entity", ENTITY)
    _, connection = _up(native, "AccountingConnection", {"entityId": entity_id})
    other_id, _ = _up(native, "Entity", {**ENTITY, "email": "other@acme.example"})
    news = native.check("AccountingConnection", {}, {"entityId": other_id})[0]
    diff = native.diff("AccountingConnection", connection["connectionId"], connection, news)
    assert diff.replaces == ["entityId"]
    assert diff.detailed == {"entityId": "UPDATE_REPLACE"}
    assert diff.delete_before_replace is False  # another entity: old and new may coexist


def test_secret_outputs_stay_secret(native: NativeClient) -> None:
    entity_id, _ = _up(native, "Entity", ENTITY)
    connection_id, connection = _up(native, "AccountingConnection", {"entityId": entity_id})
    assert isinstance(connection["connectionUrl"], Secret)
    _, _, read_inputs = native.read("AccountingConnection", connection_id, connection)
    assert "connectionUrl" not in read_inputs


def test_a_refresh_keeps_secret_inputs_secret(native: NativeClient) -> None:
    """The engine keeps no secret bit of a provider that accepts secrets
    (pkg/resource/plugin/provider_plugin.go ``Read``: ``annotateSecrets`` only when
    ``!protocol.acceptSecrets``): the Read answer must mark them itself."""
    entity_id, entity = _up(native, "Entity", {**ENTITY, "taxId": Secret("DE-TAX-1")})
    assert isinstance(entity["taxId"], Secret)
    declared = native.check("Entity", {}, {**ENTITY, "taxId": Secret("DE-TAX-1")})[0]
    _, outs, inputs = native.read("Entity", entity_id, entity, declared)
    assert isinstance(outs["taxId"], Secret)
    assert isinstance(inputs["taxId"], Secret)
    assert not isinstance(outs["email"], Secret)


@pytest.mark.parametrize(
    "type_name",
    ["Entity", "Product", "AccountingConnection", "EntityVatId", "WebhookSubscription"],
)
def test_import_by_id_alone_makes_no_creating_request_and_diffs_clean(
    native: NativeClient, sandbox: RunningSandbox, type_name: str
) -> None:
    entity_id, _ = _up(native, "Entity", ENTITY)
    declared: dict[str, Any] = {
        "Entity": ENTITY,
        "Product": {
            "entityId": entity_id,
            "name": "Widget",
            "price": {"value": 1500, "currency": "EUR"},
        },
        "AccountingConnection": {"entityId": entity_id},
        "EntityVatId": {"entityId": entity_id, "country": "DE", "value": "DE123456789"},
        "WebhookSubscription": {"objectType": "entity", "url": "https://hooks.acme.example/m"},
    }[type_name]
    object_id = entity_id
    if type_name != "Entity":
        object_id, _ = _up(native, type_name, declared)
    scoped = "entityId" in declared and type_name != "Entity"
    import_id = f"{entity_id}/{object_id}" if scoped else object_id
    creating = _creating(sandbox)

    read_id, outs, inputs = native.read(type_name, import_id)
    assert read_id == object_id
    checked, failures = native.check(type_name, inputs, inputs)
    assert failures == []
    assert native.diff(type_name, read_id, outs, checked).changes is False
    program = native.check(type_name, {}, declared)[0]
    assert native.diff(type_name, read_id, outs, program).changes is False
    assert _creating(sandbox) == creating


def test_import_ids_are_checked(native: NativeClient) -> None:
    with pytest.raises(ProviderCallError) as refused:
        native.read("Product", "not-scoped")
    assert "<entity_id>/<product_id>" in refused.value.details
    assert native.read("Entity", "8b4a4b5e-3f0e-4c1a-9a51-0f0c4f1e2d3c")[0] == ""


def test_invoke_serves_the_lookups(native: NativeClient) -> None:
    entity_id, _ = _up(native, "Entity", ENTITY)
    found, failures = native.invoke("monite:index:getEntity", {"email": ENTITY["email"]})
    assert failures == []
    assert found["found"] is True
    assert found["entityId"] == entity_id
    missing, _ = native.invoke("monite:index:getAccountingConnection", {"entityId": entity_id})
    assert missing == {"found": False}
    _, failures = native.invoke("monite:index:getAccountingConnection", {"entity": entity_id})
    assert {prop for prop, _ in failures} == {"entity", "entityId"}


def test_config_failures_name_the_key(native: NativeClient) -> None:
    failures = native.check_config({"apiUrl": "ftp://x", "maxAttempts": "0", "color": "red"})
    assert {prop for prop, _ in failures} == {"apiUrl", "maxAttempts", "color"}
    assert native.check_config({"clientSecret": Secret("s3cr3t-value")}) == []


def test_configure_supports_previews_and_secrets(native: NativeClient) -> None:
    answer = native.configure({"monite:environment": "local"})
    assert answer.supportsPreview
    assert answer.acceptSecrets


def test_cancel_is_answered(sandbox: RunningSandbox) -> None:
    # A plugin of its own: after Cancel a plugin starts no request (tests/native/test_cancel.py).
    with running_native_plugin() as server, NativeClient(server.target) as client:
        client.configure(stack_config(sandbox))
        client.cancel()


def test_the_pulumi_lower_bound_has_the_provider_host_with_cancel() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"pulumi>=3.230.0,<4"' in pyproject
    assert 'pulumi-resource-monite = "monite_pulumi.native:main"' in pyproject
    from pulumi.provider.experimental.provider import Provider

    assert hasattr(Provider, "cancel")


def test_the_client_secret_reaches_no_error_and_no_log(
    native: NativeClient, native_plugin: ProviderServer, sandbox: RunningSandbox
) -> None:
    secret = "wrong-secret-8c1f0e"
    native.configure(stack_config(sandbox, **{"monite:clientSecret": secret}))
    inputs, _ = native.check("Entity", {}, ENTITY)
    with pytest.raises(ProviderCallError) as failed:
        native.create("Entity", inputs)
    assert "401" in failed.value.details or "credentials" in failed.value.details.lower()
    assert secret not in failed.value.details
    assert secret not in native_plugin.stderr_text()


def test_refresh_sees_the_authorisation_and_a_revoked_connection_is_replaced_delete_first(
    native: NativeClient, sandbox: RunningSandbox
) -> None:
    entity_id, _ = _up(native, "Entity", ENTITY)
    inputs = native.check("AccountingConnection", {}, {"entityId": entity_id})[0]
    connection_id, outs = native.create("AccountingConnection", inputs)
    authorize(sandbox, connection_id, "xero")
    _, refreshed, _ = native.read("AccountingConnection", connection_id, outs, inputs)
    assert (refreshed["status"], refreshed["platform"]) == ("connected", "xero")
    deauthorize(sandbox, connection_id)
    _, revoked, _ = native.read("AccountingConnection", connection_id, refreshed, inputs)
    diff = native.diff("AccountingConnection", connection_id, revoked, inputs)
    assert (diff.replaces, diff.delete_before_replace) == (["status"], True)
    assert diff.detailed == {"status": "UPDATE_REPLACE"}
