"""Entities: create, read, patch, list filters and cursor paging, status, metadata, settings."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from starlette.testclient import TestClient

from tests.sandbox.conftest import Api, FakeClock, individual_body, organization_body


def test_create_answers_every_field(api: Api) -> None:
    answer = api.call("POST", "/entities", json=individual_body())
    assert answer.status_code == 201
    entity = answer.json()
    assert entity["status"] == "active"
    assert entity["individual"]["first_name"] == "Jane"
    assert entity["phone"] is None
    assert api.call("GET", f"/entities/{entity['id']}").json() == entity


def test_details_must_match_the_type(api: Api) -> None:
    body = organization_body()
    del body["organization"]
    assert api.call("POST", "/entities", json=body).status_code == 422
    both = {**individual_body(), "organization": {"legal_name": "X"}}
    assert api.call("POST", "/entities", json=both).status_code == 422


def test_patch_merges(api: Api, clock: FakeClock) -> None:
    entity_id = api.entity()
    clock.advance(5)
    answer = api.call(
        "PATCH",
        f"/entities/{entity_id}",
        json={
            "phone": "+49 30 1",
            "address": {"city": "Hamburg"},
            "organization": {"legal_name": "Acme AG"},
        },
    )
    assert answer.status_code == 200
    entity = answer.json()
    assert entity["phone"] == "+49 30 1"
    assert entity["address"]["city"] == "Hamburg"
    assert entity["address"]["line1"] == "A 1"
    assert entity["organization"]["legal_name"] == "Acme AG"
    assert entity["updated_at"] > entity["created_at"]
    kept = api.call(
        "PATCH",
        f"/entities/{entity_id}",
        json={"organization": {"legal_name": None}, "address": {"line2": None}},
    ).json()
    assert kept["organization"]["legal_name"] == "Acme AG"
    wrong_kind = api.call(
        "PATCH", f"/entities/{entity_id}", json={"individual": {"first_name": "X"}}
    )
    assert wrong_kind.status_code == 400


def test_status_changes(api: Api, client: TestClient) -> None:
    entity_id = api.entity()
    assert api.call("POST", f"/entities/{entity_id}/deactivate").json()["status"] == "inactive"
    assert api.call("POST", f"/entities/{entity_id}/activate").json()["status"] == "active"
    deleted = client.post(f"/_sandbox/entities/{entity_id}/delete")
    assert deleted.json()["status"] == "deleted"
    assert api.call("GET", f"/entities/{entity_id}").json()["status"] == "deleted"
    assert api.call("POST", f"/entities/{entity_id}/activate").status_code == 400
    assert client.post(f"/_sandbox/entities/{uuid.uuid4()}/delete").status_code == 404


def test_list_filters(api: Api, clock: FakeClock) -> None:
    first = api.entity(organization_body(email="a@x.test"))
    clock.advance(10)
    since = datetime.fromtimestamp(clock.now, tz=timezone.utc).isoformat()
    second = api.entity(individual_body(email="b@x.test"))
    third = api.entity(organization_body(email="a@x.test"))
    api.call("POST", f"/entities/{third}/deactivate")

    def ids(**params: object) -> list[str]:
        answer = api.call("GET", "/entities", params=params)
        assert answer.status_code == 200, answer.text
        return [e["id"] for e in answer.json()["data"]]

    assert ids(email="a@x.test") == [first, third]
    assert ids(email="a@x.test", type="organization", created_at__gte=since) == [third]
    assert ids(type="individual") == [second]
    assert ids(status="inactive") == [third]
    assert ids(id__in=[first, second]) == [first, second]
    assert ids(email__in=["b@x.test"]) == [second]
    assert ids(created_at__lt=since) == [first]
    assert ids(order="desc") == [third, second, first]


def test_cursor_paging(api: Api) -> None:
    created = [api.entity(organization_body(email=f"p{i}@x.test")) for i in range(5)]
    page = api.call("GET", "/entities", params={"limit": 2}).json()
    seen = [e["id"] for e in page["data"]]
    assert page["prev_pagination_token"] is None
    while page["next_pagination_token"]:
        # Other parameters are ignored with a token: they come from the initial query.
        page = api.call(
            "GET",
            "/entities",
            params={
                "pagination_token": page["next_pagination_token"],
                "limit": 100,
                "type": "individual",
            },
        ).json()
        seen += [e["id"] for e in page["data"]]
    assert seen == created
    assert page["prev_pagination_token"]
    back = api.call("GET", "/entities", params={"pagination_token": page["prev_pagination_token"]})
    assert [e["id"] for e in back.json()["data"]] == created[2:4]
    bogus = api.call("GET", "/entities", params={"pagination_token": "%%%"})
    assert bogus.status_code == 400
    assert api.call("GET", "/entities", params={"limit": 101}).status_code == 422


def test_partner_metadata(api: Api) -> None:
    entity_id = api.entity()
    assert api.call("GET", f"/entities/{entity_id}/partner_metadata").json() == {"metadata": {}}
    put = api.call(
        "PUT",
        f"/entities/{entity_id}/partner_metadata",
        json={"metadata": {"tenant": "t-1", "tier": 2}},
    )
    assert put.json() == {"metadata": {"tenant": "t-1", "tier": 2}}
    replaced = api.call(
        "PUT", f"/entities/{entity_id}/partner_metadata", json={"metadata": {"tier": 3}}
    )
    assert replaced.json() == {"metadata": {"tier": 3}}
    assert api.call("GET", f"/entities/{entity_id}/partner_metadata").json() == {
        "metadata": {"tier": 3}
    }
    assert api.call("PUT", f"/entities/{entity_id}/partner_metadata", json={}).status_code == 422


def test_settings(api: Api) -> None:
    entity_id = api.entity()
    defaults = api.call("GET", f"/entities/{entity_id}/settings").json()
    assert defaults["vat_mode"] == "exclusive"
    patched = api.call(
        "PATCH",
        f"/entities/{entity_id}/settings",
        json={
            "language": "de",
            "currency": {"default": "EUR"},
            "document_ids": {"prefix": "ACME", "next_number": {"invoice": 7}},
        },
    )
    assert patched.status_code == 200, patched.text
    settings = patched.json()
    assert settings["language"] == "de"
    assert settings["currency"]["default"] == "EUR"
    assert settings["document_ids"]["prefix"] == "ACME"
    assert "next_number" not in settings["document_ids"]
    assert settings["vat_mode"] == "exclusive"
    assert api.call("GET", f"/entities/{entity_id}/settings").json() == settings
    bad = api.call("PATCH", f"/entities/{entity_id}/settings", json={"language": "xx"})
    assert bad.status_code == 422


def test_vat_ids(api: Api) -> None:
    entity_id = api.entity()
    created = api.call(
        "POST", f"/entities/{entity_id}/vat_ids", json={"country": "DE", "value": "DE123456789"}
    )
    assert created.status_code == 201
    vat = created.json()
    assert (vat["type"], vat["entity_id"]) == ("unknown", entity_id)
    path = f"/entities/{entity_id}/vat_ids/{vat['id']}"
    assert api.call("PATCH", path, json={"type": "eu_vat"}).json()["type"] == "eu_vat"
    assert api.call("GET", path).json()["value"] == "DE123456789"
    listed = api.call("GET", f"/entities/{entity_id}/vat_ids").json()
    assert [v["id"] for v in listed["data"]] == [vat["id"]]
    assert api.call("DELETE", path).status_code == 204
    assert api.call("GET", path).status_code == 404
    bad = api.call("POST", f"/entities/{entity_id}/vat_ids", json={"country": "XX", "value": "1"})
    assert bad.status_code == 422
