"""Products and measure units."""

from __future__ import annotations

import uuid

from tests.sandbox.conftest import Api, FakeClock


def test_product_crud(api: Api, clock: FakeClock) -> None:
    entity_id = api.entity()
    created = api.call(
        "POST",
        "/products",
        entity_id,
        json={
            "name": "Tea",
            "price": {"value": 350, "currency": "EUR"},
            "external_reference": "T-1",
        },
    )
    assert created.status_code == 201
    product = created.json()
    assert (product["type"], product["entity_id"]) == ("product", entity_id)
    path = f"/products/{product['id']}"
    assert api.call("GET", path, entity_id).json() == product
    clock.advance(1)
    updated = api.call("PATCH", path, entity_id, json={"name": "Green tea", "type": "service"})
    assert (updated.json()["name"], updated.json()["type"]) == ("Green tea", "service")
    assert updated.json()["price"] == {"value": 350, "currency": "EUR"}
    assert api.call("DELETE", path, entity_id).status_code == 204
    assert api.call("GET", path, entity_id).status_code == 404
    assert api.call("DELETE", path, entity_id).status_code == 404


def test_product_rules(api: Api) -> None:
    entity_id = api.entity()
    assert api.call("POST", "/products", entity_id, json={}).status_code == 422
    too_long = {"name": "Tea", "description": "x" * 2001}
    assert api.call("POST", "/products", entity_id, json=too_long).status_code == 422
    longest = {"name": "Tea", "description": "x" * 2000}
    created = api.call("POST", "/products", entity_id, json=longest)
    assert created.status_code == 201
    assert created.json()["description"] == "x" * 2000
    product_path = f"/products/{created.json()['id']}"
    over_update_limit = {"description": "y" * 256}
    assert api.call("PATCH", product_path, entity_id, json=over_update_limit).status_code == 422
    within_update_limit = {"description": "y" * 255}
    assert api.call("PATCH", product_path, entity_id, json=within_update_limit).status_code == 200
    as_text = {"name": "Tea", "price": {"value": "350", "currency": "EUR"}}
    assert api.call("POST", "/products", entity_id, json=as_text).status_code == 422
    null_type = {"name": "Tea", "type": None}
    assert api.call("POST", "/products", entity_id, json=null_type).status_code == 422
    assert api.call("GET", f"/products/{uuid.uuid4()}", entity_id).status_code == 404


def test_product_list_filters(api: Api, clock: FakeClock) -> None:
    entity_id = api.entity()
    other_entity = api.entity()

    def create(name: str, value: int, currency: str = "EUR") -> str:
        body = {"name": name, "price": {"value": value, "currency": currency}}
        product_id: str = api.call("POST", "/products", entity_id, json=body).json()["id"]
        clock.advance(1)
        return product_id

    tea, coffee, cake = create("Tea", 300), create("Coffee", 450), create("Cake", 500, "USD")
    api.call("POST", "/products", other_entity, json={"name": "Tea"})

    def ids(**params: object) -> list[str]:
        answer = api.call("GET", "/products", entity_id, params=params)
        assert answer.status_code == 200, answer.text
        return [p["id"] for p in answer.json()["data"]]

    assert ids() == [tea, coffee, cake]
    assert ids(name="Tea") == [tea]
    assert ids(name__icontains="co") == [coffee]
    assert ids(currency="USD") == [cake]
    assert ids(price__gte=450) == [coffee, cake]
    assert ids(sort="name") == [cake, coffee, tea]
    page = api.call("GET", "/products", entity_id, params={"limit": 2}).json()
    assert page["next_pagination_token"]
    rest = api.call(
        "GET", "/products", entity_id, params={"pagination_token": page["next_pagination_token"]}
    ).json()
    assert [p["id"] for p in rest["data"]] == [cake]


def test_measure_units(api: Api) -> None:
    entity_id = api.entity()
    created = api.call("POST", "/measure_units", entity_id, json={"name": "hour"})
    assert created.status_code == 201
    unit = created.json()
    path = f"/measure_units/{unit['id']}"
    assert api.call("PATCH", path, entity_id, json={"name": "hours"}).json()["name"] == "hours"
    assert api.call("PATCH", path, entity_id, json={"name": None}).status_code == 422
    listed = api.call("GET", "/measure_units", entity_id).json()
    assert [u["id"] for u in listed["data"]] == [unit["id"]]
    product = api.call(
        "POST", "/products", entity_id, json={"name": "Consulting", "measure_unit_id": unit["id"]}
    )
    assert product.json()["measure_unit_id"] == unit["id"]
    assert api.call("DELETE", path, entity_id).status_code == 204
    assert api.call("GET", path, entity_id).status_code == 404
