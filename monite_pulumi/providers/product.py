"""``ProductProvider``: an entity's catalog products and services as a Pulumi dynamic resource.

Full CRUD on /products with the ``X-Monite-Entity-Id`` of ``entity_id`` (create-only). Optional
inputs are managed once declared: a removed ``description`` is cleared to ``""`` (the spec's
``ProductServiceUpdate.description`` has no minimum length); ``price``, ``external_reference``
(minimum length 1), ``measure_unit_id`` and ``ledger_account_id`` cannot be cleared, so check
refuses their removal, saying what to do.
Monite accepts a 2000-character description at creation but only 255 on update. A change of
description is always planned as an update, whether the preview knows the new text or not (a
replacement decided only at ``up``, once a computed text turns out long, would replace a product
the preview promised to update); an update to more than 255 characters fails before any call,
saying to recreate the product with ``pulumi up --replace``.

The request models and pydantic are imported inside the methods that use them: a program imports
this module for the class alone (see ``_core``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations.product import PRODUCT
from monite_pulumi.errors import NotFoundError
from monite_pulumi.providers._adopt import create_without_duplicates
from monite_pulumi.providers._base import MoniteProvider
from monite_pulumi.providers._entity_scope import EntityScope, monite_id_failures
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers._shape import shape_of
from monite_pulumi.providers._values import canonical, changed_values, declared_values, same_value

if TYPE_CHECKING:
    from monite_pulumi.client.models import ProductServiceResponse

__all__ = ["PRODUCT_SHAPE", "UPDATE_DESCRIPTION_LIMIT", "ProductProvider"]

_MONITE_FIELDS = (
    "name",
    "type",
    "price",
    "description",
    "measure_unit_id",
    "external_reference",
    "ledger_account_id",
)
_ALWAYS_MANAGED = frozenset({"entity_id", "name", "type"})
_OTHER_ID_FIELDS = ("measure_unit_id", "ledger_account_id")
_CLEARED_AS = MappingProxyType({"description": ""})
"""What a removed optional field is set to in Monite (the spec allows an empty description)."""
_NOT_CLEARABLE = ("price", "external_reference", "measure_unit_id", "ledger_account_id")
"""Optional fields ``ProductServiceUpdate`` cannot empty: no null, and a minimum length or id."""

UPDATE_DESCRIPTION_LIMIT = 255
"""``ProductServiceUpdate.description`` maxLength; ``ProductServiceRequest`` allows 2000."""

PRODUCT_SHAPE = shape_of(PRODUCT)

_HINTS = MappingProxyType(
    {"price.currency": "must be an ISO 4217 currency code in capitals, e.g. EUR"}
)
_SCOPE = EntityScope(
    subject="Monite product {object_id} has",
    owner="the id of the entity that owns the product",
    type_name="Product",
    required_reason="the id of the owning entity",
)


def _live_values(product: ProductServiceResponse) -> dict[str, Any]:
    dump = product.model_dump(mode="json")
    live = {name: canonical(dump.get(name)) for name in _MONITE_FIELDS}
    live.update(
        product_id=product.id,
        entity_id=product.entity_id,
        created_at=dump["created_at"],
        updated_at=dump["updated_at"],
    )
    return live


def _not_clearable_reason(name: str) -> str:
    return (
        f"cannot be removed: this product has a {name}, and Monite cannot clear a product's "
        f"{name} once set (no empty value is allowed). Keep {name} declared (with a new value "
        "if it should change); or, to have a product without it, give this Product a new "
        "resource name, so that Pulumi creates a new product and deletes this one."
    )


def _long_description_message(object_id: str, length: int) -> str:
    return (
        f"Cannot update Monite product {object_id}: the new description has {length} "
        f"characters, and Monite accepts at most {UPDATE_DESCRIPTION_LIMIT} when a product is "
        "updated (2000 when it is created). Nothing was changed. Shorten the description, or "
        "recreate the product with it: `pulumi up --replace <this product's URN>` (a new "
        "product id)."
    )


def _request_fields(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return declared_values(inputs, _MONITE_FIELDS)


class ProductProvider(MoniteProvider):
    """Provider of ``monite_pulumi.Product``; its import path lives in state (pinned by tests)."""

    shape = PRODUCT_SHAPE
    scope = _SCOPE

    # -- check and diff -------------------------------------------------------------------------

    def validate(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[CheckFailure]:
        from monite_pulumi.client.models import ProductServiceRequest
        from monite_pulumi.providers._checks import validate_known

        failures = validate_known(ProductServiceRequest, _request_fields(news), hints=_HINTS)
        failures.extend(_SCOPE.failures(news))
        for name in _OTHER_ID_FIELDS:
            failures.extend(monite_id_failures(news, name))
        failures.extend(
            CheckFailure(name, _not_clearable_reason(name))
            for name in _NOT_CLEARABLE
            if olds.get(name) is not None and news.get(name) is None
        )
        return failures

    def is_managed(self, name: str, news: Mapping[str, Any]) -> bool:
        return name in _ALWAYS_MANAGED or news.get(name) is not None

    # -- Monite calls ---------------------------------------------------------------------------

    def create_remote(self, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
        from monite_pulumi.client.models import ProductServiceRequest
        from monite_pulumi.providers._checks import parse_request

        entity_id = _SCOPE.entity_id(inputs, "(new)")
        body = parse_request(
            ProductServiceRequest,
            _request_fields(inputs),
            what="create a Monite product",
            hints=_HINTS,
        )
        client = self.client()
        wanted = canonical(body.model_dump(mode="json", exclude_none=True))

        def matches(product: ProductServiceResponse) -> bool:
            live = _live_values(product)
            return all(same_value(live.get(name), value) for name, value in wanted.items())

        product = create_without_duplicates(
            create=lambda: client.create_product(entity_id, body),
            find_created_since=lambda since: [
                found
                for found in client.list_products(entity_id, name=body.name, created_at__gte=since)
                if matches(found)
            ],
            identify=lambda found: found.id,
            label="product",
            settle=self.settle_policy(),
        )
        return _live_values(product)

    def fetch_remote(self, object_id: str, declared: Mapping[str, Any]) -> Mapping[str, Any] | None:
        entity_id = _SCOPE.entity_id(declared, object_id)
        try:
            product = self.client().get_product(entity_id, object_id)
        except NotFoundError:
            return None
        return _live_values(product)

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        client = self.client()
        entity_id = _SCOPE.entity_id(olds, object_id)
        patch = changed_values(olds, news, _MONITE_FIELDS)
        removed = self.removed_inputs(olds, news)
        for name in _MONITE_FIELDS:
            if name in removed and name in _CLEARED_AS:
                patch[name] = _CLEARED_AS[name]
            elif name in removed and name in _NOT_CLEARABLE:
                # check refuses this; state written before the declared set could still ask.
                raise ResourceError(
                    f"Cannot update Monite product {object_id}: {name} "
                    f"{_not_clearable_reason(name)}"
                )
        description = patch.get("description")
        if isinstance(description, str) and len(description) > UPDATE_DESCRIPTION_LIMIT:
            raise ResourceError(_long_description_message(object_id, len(description)))
        if not patch:
            return _live_values(client.get_product(entity_id, object_id))
        from monite_pulumi.client.models import ProductServiceUpdate
        from monite_pulumi.providers._checks import parse_request

        body = parse_request(
            ProductServiceUpdate, patch, what=f"update Monite product {object_id}", hints=_HINTS
        )
        return _live_values(client.update_product(entity_id, object_id, body))

    def delete_remote(self, object_id: str, props: Mapping[str, Any]) -> None:
        try:
            self.client().delete_product(_SCOPE.entity_id(props, object_id), object_id)
        except NotFoundError:
            return
