"""Measure units: `/measure_units`, `/measure_units/{unit_id}` (entity scoped)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Response

from monite_pulumi.sandbox.deps import BackendDep, EntityScope, Partner, api_version
from monite_pulumi.sandbox.schemas.catalog import UnitRequest, UnitUpdate

router = APIRouter(prefix="/v1/measure_units", dependencies=[Depends(api_version)])


@router.post("", status_code=201)
def create_unit(
    body: UnitRequest, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    return backend.measure_units.create(partner, entity, body.model_dump(exclude_unset=True))


@router.get("")
def list_units(partner: Partner, entity: EntityScope, backend: BackendDep) -> Any:
    return {"data": backend.measure_units.list(partner, entity)}


@router.get("/{unit_id}")
def get_unit(unit_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep) -> Any:
    return backend.measure_units.get(partner, entity, str(unit_id))


@router.patch("/{unit_id}")
def update_unit(
    unit_id: uuid.UUID, body: UnitUpdate, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    patch = body.model_dump(exclude_unset=True)
    return backend.measure_units.update(partner, entity, str(unit_id), patch)


@router.delete("/{unit_id}", status_code=204)
def delete_unit(
    unit_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Response:
    backend.measure_units.delete(partner, entity, str(unit_id))
    return Response(status_code=204)
