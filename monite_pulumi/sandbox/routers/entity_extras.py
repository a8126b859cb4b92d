"""Per-entity settings and VAT ids: `/entities/{entity_id}/settings`, `.../vat_ids`."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Response

from monite_pulumi.sandbox.deps import BackendDep, Partner, api_version
from monite_pulumi.sandbox.schemas.entities import EntityUpdateVatID, EntityVatID
from monite_pulumi.sandbox.schemas.settings import PatchSettingsPayload

router = APIRouter(prefix="/v1/entities/{entity_id}", dependencies=[Depends(api_version)])


@router.get("/settings")
def get_settings(entity_id: uuid.UUID, partner: Partner, backend: BackendDep) -> Any:
    return backend.entity_settings.get(partner, str(entity_id))


@router.patch("/settings")
def patch_settings(
    entity_id: uuid.UUID, body: PatchSettingsPayload, partner: Partner, backend: BackendDep
) -> Any:
    patch = body.model_dump(exclude_unset=True)
    return backend.entity_settings.patch(partner, str(entity_id), patch)


@router.post("/vat_ids", status_code=201)
def create_vat_id(
    entity_id: uuid.UUID, body: EntityVatID, partner: Partner, backend: BackendDep
) -> Any:
    return backend.vat_ids.create(partner, str(entity_id), body.model_dump(exclude_unset=True))


@router.get("/vat_ids")
def list_vat_ids(entity_id: uuid.UUID, partner: Partner, backend: BackendDep) -> Any:
    return {"data": backend.vat_ids.list(partner, str(entity_id))}


@router.get("/vat_ids/{id}")
def get_vat_id(
    entity_id: uuid.UUID,
    id: uuid.UUID,
    partner: Partner,
    backend: BackendDep,
) -> Any:
    return backend.vat_ids.get(partner, str(entity_id), str(id))


@router.patch("/vat_ids/{id}")
def update_vat_id(
    entity_id: uuid.UUID,
    id: uuid.UUID,
    body: EntityUpdateVatID,
    partner: Partner,
    backend: BackendDep,
) -> Any:
    patch = body.model_dump(exclude_unset=True)
    return backend.vat_ids.update(partner, str(entity_id), str(id), patch)


@router.delete("/vat_ids/{id}", status_code=204)
def delete_vat_id(
    entity_id: uuid.UUID,
    id: uuid.UUID,
    partner: Partner,
    backend: BackendDep,
) -> Response:
    backend.vat_ids.delete(partner, str(entity_id), str(id))
    return Response(status_code=204)
