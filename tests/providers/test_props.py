"""Args to properties, and resource options the resource classes add themselves."""

from __future__ import annotations

import pulumi

from monite_pulumi.resources._props import resource_props, with_secret_outputs
from monite_pulumi.resources.product import ProductArgs, ProductPriceArgs


def test_nested_args_become_dicts_without_nulls_and_outputs_are_declared() -> None:
    args = ProductArgs(entity_id="e-1", name="Tea", price=ProductPriceArgs(350, "EUR"))
    props = resource_props(args, ("product_id", "name"))
    assert props == {
        "product_id": None,
        "entity_id": "e-1",
        "name": "Tea",
        "type": "product",
        "price": {"value": 350, "currency": "EUR"},
    }


def test_secret_outputs_are_added_to_the_users_options() -> None:
    users = pulumi.ResourceOptions(protect=True, additional_secret_outputs=["mine"])
    merged = with_secret_outputs(users, ["connection_url"])
    assert merged.protect is True
    assert set(merged.additional_secret_outputs or []) == {"mine", "connection_url"}
    assert with_secret_outputs(None, ["connection_url"]).additional_secret_outputs == [
        "connection_url"
    ]
