"""Products: `/products`, `/products/{product_id}` (entity scoped)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from monite_pulumi.sandbox.deps import BackendDep, EntityScope, Partner, api_version
from monite_pulumi.sandbox.schemas.catalog import ProductServiceRequest, ProductServiceUpdate
from monite_pulumi.sandbox.state.paging import decode_token

router = APIRouter(prefix="/v1/products", dependencies=[Depends(api_version)])

PriceQuery = Annotated[int | None, Query(ge=0)]
NameQuery = Annotated[str | None, Query(max_length=100)]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@router.post("", status_code=201)
def create_product(
    body: ProductServiceRequest, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    return backend.products.create(partner, entity, body.model_dump(exclude_unset=True))


@router.get("")
def list_products(
    partner: Partner,
    entity: EntityScope,
    backend: BackendDep,
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    pagination_token: str | None = None,
    sort: Literal["name"] | None = None,
    id__in: Annotated[list[uuid.UUID] | None, Query()] = None,
    name: NameQuery = None,
    name__contains: NameQuery = None,
    name__icontains: NameQuery = None,
    type: Literal["product", "service"] | None = None,
    price: PriceQuery = None,
    price__gt: PriceQuery = None,
    price__lt: PriceQuery = None,
    price__gte: PriceQuery = None,
    price__lte: PriceQuery = None,
    currency: str | None = None,
    currency__in: Annotated[list[str] | None, Query()] = None,
    measure_unit_id: uuid.UUID | None = None,
    created_at__gt: datetime | None = None,
    created_at__lt: datetime | None = None,
    created_at__gte: datetime | None = None,
    created_at__lte: datetime | None = None,
) -> Any:
    if pagination_token:
        query, offset = decode_token(pagination_token)
    else:
        offset = 0
        query = {
            "order": order,
            "limit": limit,
            "sort": sort,
            "id__in": [str(value) for value in id__in] if id__in else None,
            "name": name,
            "name__contains": name__contains,
            "name__icontains": name__icontains,
            "type": type,
            "price": price,
            "price__gt": price__gt,
            "price__lt": price__lt,
            "price__gte": price__gte,
            "price__lte": price__lte,
            "currency": currency,
            "currency__in": currency__in,
            "measure_unit_id": str(measure_unit_id) if measure_unit_id else None,
            "created_at__gt": _iso(created_at__gt),
            "created_at__lt": _iso(created_at__lt),
            "created_at__gte": _iso(created_at__gte),
            "created_at__lte": _iso(created_at__lte),
        }
    return backend.products.list(partner, entity, query, offset).as_json()


@router.get("/{product_id}")
def get_product(
    product_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    return backend.products.get(partner, entity, str(product_id))


@router.patch("/{product_id}")
def update_product(
    product_id: uuid.UUID,
    body: ProductServiceUpdate,
    partner: Partner,
    entity: EntityScope,
    backend: BackendDep,
) -> Any:
    patch = body.model_dump(exclude_unset=True)
    return backend.products.update(partner, entity, str(product_id), patch)


@router.delete("/{product_id}", status_code=204)
def delete_product(
    product_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Response:
    backend.products.delete(partner, entity, str(product_id))
    return Response(status_code=204)
