"""Each method sends the right request and returns the right model; headers; paging."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from monite_pulumi import __version__
from monite_pulumi.client import MoniteClient, client_for
from monite_pulumi.client import models as m
from tests.client.conftest import (
    ENTITY_ID,
    FakeMonite,
    connection_json,
    entity_json,
    product_json,
    unit_json,
    vat_json,
    webhook_json,
)

ClientFactory = Callable[..., MoniteClient]
PRODUCT_ID = product_json()["id"]
UNIT_ID = unit_json()["id"]
VAT_ID = vat_json()["id"]
CONNECTION_ID = connection_json()["id"]
HOOK_ID = webhook_json()["id"]
ADDRESS = {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"}

# (call, HTTP method, path after /v1, answer, entity-scoped?)
CASES: list[tuple[Callable[[MoniteClient], Any], str, str, Any, bool]] = [
    (
        lambda c: c.create_entity(
            m.CreateEntityRequest(
                type="individual",
                email="a@b.test",
                address=m.EntityAddressSchema(**ADDRESS),
                individual=m.IndividualSchema(first_name="A", last_name="B"),
            )
        ),
        "POST",
        "/entities",
        entity_json(),
        False,
    ),
    (lambda c: c.get_entity(ENTITY_ID), "GET", f"/entities/{ENTITY_ID}", entity_json(), False),
    (
        lambda c: c.update_entity(ENTITY_ID, m.UpdateEntityRequest(phone=None, email="n@b.test")),
        "PATCH",
        f"/entities/{ENTITY_ID}",
        entity_json(),
        False,
    ),
    (
        lambda c: c.activate_entity(ENTITY_ID),
        "POST",
        f"/entities/{ENTITY_ID}/activate",
        entity_json(),
        False,
    ),
    (
        lambda c: c.deactivate_entity(ENTITY_ID),
        "POST",
        f"/entities/{ENTITY_ID}/deactivate",
        entity_json(),
        False,
    ),
    (
        lambda c: c.get_partner_metadata(ENTITY_ID),
        "GET",
        f"/entities/{ENTITY_ID}/partner_metadata",
        {"metadata": {"k": "v"}},
        False,
    ),
    (
        lambda c: c.put_partner_metadata(ENTITY_ID, {"k": "v"}),
        "PUT",
        f"/entities/{ENTITY_ID}/partner_metadata",
        {"metadata": {"k": "v"}},
        False,
    ),
    (
        lambda c: c.get_entity_settings(ENTITY_ID),
        "GET",
        f"/entities/{ENTITY_ID}/settings",
        {"language": "de"},
        False,
    ),
    (
        lambda c: c.update_entity_settings(ENTITY_ID, m.PatchSettingsPayload(language="de")),
        "PATCH",
        f"/entities/{ENTITY_ID}/settings",
        {"language": "de"},
        False,
    ),
    (
        lambda c: c.list_entity_vat_ids(ENTITY_ID),
        "GET",
        f"/entities/{ENTITY_ID}/vat_ids",
        {"data": [vat_json()]},
        False,
    ),
    (
        lambda c: c.create_entity_vat_id(
            ENTITY_ID, m.EntityVatID(country="DE", value="DE1", type="eu_vat")
        ),
        "POST",
        f"/entities/{ENTITY_ID}/vat_ids",
        vat_json(),
        False,
    ),
    (
        lambda c: c.get_entity_vat_id(ENTITY_ID, VAT_ID),
        "GET",
        f"/entities/{ENTITY_ID}/vat_ids/{VAT_ID}",
        vat_json(),
        False,
    ),
    (
        lambda c: c.update_entity_vat_id(ENTITY_ID, VAT_ID, m.EntityUpdateVatID(value="DE2")),
        "PATCH",
        f"/entities/{ENTITY_ID}/vat_ids/{VAT_ID}",
        vat_json(),
        False,
    ),
    (
        lambda c: c.delete_entity_vat_id(ENTITY_ID, VAT_ID),
        "DELETE",
        f"/entities/{ENTITY_ID}/vat_ids/{VAT_ID}",
        None,
        False,
    ),
    (
        lambda c: c.create_product(
            ENTITY_ID,
            m.ProductServiceRequest(name="Hour", price=m.Price(value=100, currency="EUR")),
        ),
        "POST",
        "/products",
        product_json(),
        True,
    ),
    (
        lambda c: c.get_product(ENTITY_ID, PRODUCT_ID),
        "GET",
        f"/products/{PRODUCT_ID}",
        product_json(),
        True,
    ),
    (
        lambda c: c.update_product(ENTITY_ID, PRODUCT_ID, m.ProductServiceUpdate(description="x")),
        "PATCH",
        f"/products/{PRODUCT_ID}",
        product_json(),
        True,
    ),
    (
        lambda c: c.delete_product(ENTITY_ID, PRODUCT_ID),
        "DELETE",
        f"/products/{PRODUCT_ID}",
        None,
        True,
    ),
    (
        lambda c: c.create_measure_unit(ENTITY_ID, m.UnitRequest(name="hour")),
        "POST",
        "/measure_units",
        unit_json(),
        True,
    ),
    (
        lambda c: c.get_measure_unit(ENTITY_ID, UNIT_ID),
        "GET",
        f"/measure_units/{UNIT_ID}",
        unit_json(),
        True,
    ),
    (
        lambda c: c.update_measure_unit(ENTITY_ID, UNIT_ID, m.UnitUpdate(name="h")),
        "PATCH",
        f"/measure_units/{UNIT_ID}",
        unit_json(),
        True,
    ),
    (
        lambda c: c.delete_measure_unit(ENTITY_ID, UNIT_ID),
        "DELETE",
        f"/measure_units/{UNIT_ID}",
        None,
        True,
    ),
    (
        lambda c: c.list_measure_units(ENTITY_ID),
        "GET",
        "/measure_units",
        {"data": [unit_json()]},
        True,
    ),
    (
        lambda c: c.create_accounting_connection(ENTITY_ID),
        "POST",
        "/accounting_connections",
        connection_json(),
        True,
    ),
    (
        lambda c: c.get_accounting_connection(ENTITY_ID, CONNECTION_ID),
        "GET",
        f"/accounting_connections/{CONNECTION_ID}",
        connection_json(),
        True,
    ),
    (
        lambda c: c.list_accounting_connections(ENTITY_ID),
        "GET",
        "/accounting_connections",
        {"data": [connection_json()]},
        True,
    ),
    (
        lambda c: c.disconnect_accounting_connection(ENTITY_ID, CONNECTION_ID),
        "POST",
        f"/accounting_connections/{CONNECTION_ID}/disconnect",
        connection_json("disconnected", platform="xero"),
        True,
    ),
    (
        lambda c: c.sync_accounting_connection(ENTITY_ID, CONNECTION_ID),
        "POST",
        f"/accounting_connections/{CONNECTION_ID}/sync",
        {"message": "started"},
        True,
    ),
    (
        lambda c: c.create_webhook_subscription(
            m.CreateWebhookSubscriptionRequest(object_type="entity", url="https://h.test/x")
        ),
        "POST",
        "/webhook_subscriptions",
        webhook_json(with_secret=True),
        False,
    ),
    (
        lambda c: c.get_webhook_subscription(HOOK_ID),
        "GET",
        f"/webhook_subscriptions/{HOOK_ID}",
        webhook_json(),
        False,
    ),
    (
        lambda c: c.update_webhook_subscription(
            HOOK_ID, m.UpdateWebhookSubscriptionRequest(url="https://h.test/y")
        ),
        "PATCH",
        f"/webhook_subscriptions/{HOOK_ID}",
        webhook_json(),
        False,
    ),
    (
        lambda c: c.delete_webhook_subscription(HOOK_ID),
        "DELETE",
        f"/webhook_subscriptions/{HOOK_ID}",
        None,
        False,
    ),
    (
        lambda c: c.enable_webhook_subscription(HOOK_ID),
        "POST",
        f"/webhook_subscriptions/{HOOK_ID}/enable",
        webhook_json(),
        False,
    ),
    (
        lambda c: c.disable_webhook_subscription(HOOK_ID),
        "POST",
        f"/webhook_subscriptions/{HOOK_ID}/disable",
        webhook_json(),
        False,
    ),
    (
        lambda c: c.regenerate_webhook_subscription_secret(HOOK_ID),
        "POST",
        f"/webhook_subscriptions/{HOOK_ID}/regenerate_secret",
        webhook_json(with_secret=True),
        False,
    ),
]


@pytest.mark.parametrize(("call", "method", "path", "answer", "scoped"), CASES)
def test_method_sends_request_and_parses_answer(
    monite: FakeMonite,
    make_client: ClientFactory,
    call: Callable[[MoniteClient], Any],
    method: str,
    path: str,
    answer: Any,
    scoped: bool,
) -> None:
    status = 204 if answer is None else (201 if method == "POST" and "/" not in path[1:] else 200)
    monite.route(
        f"{method} {path}",
        lambda _r: (
            httpx.Response(status) if answer is None else httpx.Response(status, json=answer)
        ),
    )
    client = make_client()
    result = call(client)
    sent = monite.calls(f"{method} {path}")
    assert len(sent) == 1
    request = sent[0]
    assert request.headers["X-Monite-Version"] == "2024-05-25"
    assert request.headers["User-Agent"] == f"monite-pulumi/{__version__}"
    assert request.headers["Authorization"].startswith("Bearer ")
    assert request.headers.get("X-Monite-Entity-Id") == (ENTITY_ID if scoped else None)
    if answer is None:
        assert result is None
    else:
        assert result is not None


def test_update_sends_explicit_nulls_only_where_set(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(f"PATCH /entities/{ENTITY_ID}", entity_json())
    make_client().update_entity(ENTITY_ID, m.UpdateEntityRequest(phone=None, email="n@b.test"))
    body = monite.body_of(monite.calls("PATCH /entities/.*")[0])
    assert body == {"phone": None, "email": "n@b.test"}


def test_create_omits_unset_and_none_fields(monite: FakeMonite, make_client: ClientFactory) -> None:
    monite.route("POST /products", product_json(), status=201)
    make_client().create_product(ENTITY_ID, m.ProductServiceRequest(name="Hour", description=None))
    assert monite.body_of(monite.calls("POST /products")[0]) == {"name": "Hour"}


def test_request_models_are_strict() -> None:
    with pytest.raises(ValueError, match="extra"):
        m.ProductServiceRequest.model_validate({"name": "x", "colour": "red"})
    with pytest.raises(ValueError, match="description"):
        m.ProductServiceUpdate(description="x" * 256)
    m.ProductServiceRequest(name="x", description="x" * 2000)


def test_list_follows_pagination_tokens(monite: FakeMonite, make_client: ClientFactory) -> None:
    pages = {
        None: {"data": [entity_json("e1"), entity_json("e2")], "next_pagination_token": "p2"},
        "p2": {
            "data": [entity_json("e3")],
            "next_pagination_token": "p3",
            "prev_pagination_token": "p1",
        },
        "p3": {"data": [], "next_pagination_token": None},
    }
    monite.route(
        "GET /entities",
        lambda r: httpx.Response(200, json=pages[r.url.params.get("pagination_token")]),
    )
    since = datetime(2024, 5, 25, 9, 0, tzinfo=timezone.utc)
    found = make_client().list_entities(
        email="ops@acme.test", type="organization", id__in=["e1", "e3"], created_at__gte=since
    )
    assert [e.id for e in found] == ["e1", "e2", "e3"]
    first, second, third = monite.calls("GET /entities")
    assert first.url.params.get_list("id__in") == ["e1", "e3"]
    assert first.url.params["email"] == "ops@acme.test"
    assert first.url.params["created_at__gte"] == "2024-05-25T09:00:00+00:00"
    assert first.url.params["limit"] == "100"
    assert dict(second.url.params) == {"pagination_token": "p2"}
    assert dict(third.url.params) == {"pagination_token": "p3"}


def test_list_products_and_webhooks_page_too(
    monite: FakeMonite, make_client: ClientFactory
) -> None:
    monite.route(
        "GET /products",
        lambda r: httpx.Response(
            200,
            json={
                "data": [product_json()],
                "next_pagination_token": None if "pagination_token" in r.url.params else "n",
            },
        ),
    )
    monite.route(
        "GET /webhook_subscriptions", {"data": [webhook_json()], "next_pagination_token": None}
    )
    client = make_client()
    assert len(list(client.list_products(ENTITY_ID, name="Hour"))) == 2
    assert monite.calls("GET /products")[0].headers["X-Monite-Entity-Id"] == ENTITY_ID
    assert monite.calls("GET /products")[1].headers["X-Monite-Entity-Id"] == ENTITY_ID
    assert [w.id for w in client.list_webhook_subscriptions(object_type="entity")] == [HOOK_ID]


def test_unknown_enum_values_are_kept_with_a_warning(
    monite: FakeMonite, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    monite.route(f"GET /entities/{ENTITY_ID}", entity_json(status="suspended"))
    monite.route(
        f"GET /accounting_connections/{CONNECTION_ID}",
        connection_json("paused", platform="sage"),
    )
    client = make_client()
    with caplog.at_level(logging.WARNING, logger="monite_pulumi"):
        assert client.get_entity(ENTITY_ID).status == "suspended"
        connection = client.get_accounting_connection(ENTITY_ID, CONNECTION_ID)
    assert (connection.status, connection.platform) == ("paused", "sage")
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "'suspended'" in warned
    assert "'paused'" in warned
    assert "'sage'" in warned


def test_responses_tolerate_nulls_and_unknown_fields() -> None:
    body = connection_json(errors=None, platform=None, business_info=None, brand_new_field=1)
    connection = m.AccountingConnectionResponse.model_validate(body)
    assert connection.errors is None
    assert "connection_url" not in repr(connection)


def test_path_segments_are_escaped(monite: FakeMonite, make_client: ClientFactory) -> None:
    with pytest.raises(Exception, match="404"):
        make_client().get_entity("../auth/token")
    assert monite.requests[-1].url.raw_path.decode().endswith("/entities/..%2Fauth%2Ftoken")


def test_client_for_returns_one_client_per_settings_across_threads(
    make_settings: Callable[..., Any],
) -> None:
    settings = make_settings()
    seen: list[MoniteClient] = []
    threads = [threading.Thread(target=lambda: seen.append(client_for(settings))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(client) for client in seen}) == 1
    assert client_for(make_settings()) is not seen[0]


def test_timeouts_come_from_settings(make_client: ClientFactory) -> None:
    client = make_client(connect_timeout=2, read_timeout=9)
    timeout = client._http.timeout
    assert (timeout.connect, timeout.read) == (2, 9)
