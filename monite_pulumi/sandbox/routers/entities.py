"""Entities: `/entities`, `/entities/{entity_id}`, activate, deactivate, partner_metadata."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from monite_pulumi.sandbox.deps import BackendDep, Partner, api_version
from monite_pulumi.sandbox.schemas.entities import (
    CreateEntityRequest,
    PartnerMetadata,
    UpdateEntityRequest,
)
from monite_pulumi.sandbox.state.paging import decode_token

router = APIRouter(prefix="/v1/entities", dependencies=[Depends(api_version)])


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@router.post("", status_code=201)
def create_entity(body: CreateEntityRequest, partner: Partner, backend: BackendDep) -> Any:
    return backend.entities.create(partner, body.model_dump(exclude_unset=True))


@router.get("")
def list_entities(
    partner: Partner,
    backend: BackendDep,
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    pagination_token: str | None = None,
    sort: Literal["created_at", "updated_at"] | None = None,
    type: Literal["individual", "organization"] | None = None,
    created_at__gt: datetime | None = None,
    created_at__lt: datetime | None = None,
    created_at__gte: datetime | None = None,
    created_at__lte: datetime | None = None,
    id__in: Annotated[list[uuid.UUID] | None, Query()] = None,
    id__not_in: Annotated[list[uuid.UUID] | None, Query()] = None,
    email: str | None = None,
    email__in: Annotated[list[str] | None, Query()] = None,
    email__not_in: Annotated[list[str] | None, Query()] = None,
    status: Literal["active", "inactive", "deleted"] | None = None,
) -> Any:
    if pagination_token:
        query, offset = decode_token(pagination_token)
    else:
        offset = 0
        query = {
            "order": order,
            "limit": limit,
            "sort": sort,
            "type": type,
            "created_at__gt": _iso(created_at__gt),
            "created_at__lt": _iso(created_at__lt),
            "created_at__gte": _iso(created_at__gte),
            "created_at__lte": _iso(created_at__lte),
            "id__in": [str(value) for value in id__in] if id__in else None,
            "id__not_in": [str(value) for value in id__not_in] if id__not_in else None,
            "email": email,
            "email__in": email__in,
            "email__not_in": email__not_in,
            "status": status,
        }
    return backend.entities.list(partner, query, offset).as_json()


@router.get("/{entity_id}")
def get_entity(entity_id: uuid.UUID, partner: Partner, backend: BackendDep) -> Any:
    return backend.entities.get(partner, str(entity_id))


@router.patch("/{entity_id}")
def update_entity(
    entity_id: uuid.UUID, body: UpdateEntityRequest, partner: Partner, backend: BackendDep
) -> Any:
    return backend.entities.update(partner, str(entity_id), body.model_dump(exclude_unset=True))


@router.post("/{entity_id}/activate")
def activate_entity(entity_id: uuid.UUID, partner: Partner, backend: BackendDep) -> Any:
    return backend.entities.set_status(partner, str(entity_id), "active")


@router.post("/{entity_id}/deactivate")
def deactivate_entity(entity_id: uuid.UUID, partner: Partner, backend: BackendDep) -> Any:
    return backend.entities.set_status(partner, str(entity_id), "inactive")


@router.get("/{entity_id}/partner_metadata")
def get_partner_metadata(
    entity_id: uuid.UUID, partner: Partner, backend: BackendDep
) -> dict[str, Any]:
    return {"metadata": backend.entities.get_metadata(partner, str(entity_id))}


@router.put("/{entity_id}/partner_metadata")
def put_partner_metadata(
    entity_id: uuid.UUID, body: PartnerMetadata, partner: Partner, backend: BackendDep
) -> dict[str, Any]:
    return {"metadata": backend.entities.put_metadata(partner, str(entity_id), body.metadata)}
