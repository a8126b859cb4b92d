"""Pulumi resources users declare: wiring of typed args to the providers."""

from monite_pulumi.resources.entity import (
    Entity,
    EntityAddressArgs,
    EntityArgs,
    EntityIndividualArgs,
    EntityOrganizationArgs,
)
from monite_pulumi.resources.product import Product, ProductArgs, ProductPriceArgs

__all__ = [
    "Entity",
    "EntityAddressArgs",
    "EntityArgs",
    "EntityIndividualArgs",
    "EntityOrganizationArgs",
    "Product",
    "ProductArgs",
    "ProductPriceArgs",
]
