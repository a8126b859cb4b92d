"""Accounting connections: list, create, get, disconnect, sync (entity scoped)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from monite_pulumi.sandbox.deps import BackendDep, EntityScope, Partner, api_version

router = APIRouter(prefix="/v1/accounting_connections", dependencies=[Depends(api_version)])


@router.get("")
def list_connections(partner: Partner, entity: EntityScope, backend: BackendDep) -> Any:
    return {"data": backend.connections.list(partner, entity)}


@router.post("", status_code=201)
def create_connection(
    request: Request, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    return backend.connections.create(partner, entity, str(request.base_url))


@router.get("/{connection_id}")
def get_connection(
    connection_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    return backend.connections.get(partner, entity, str(connection_id))


@router.post("/{connection_id}/disconnect")
def disconnect(
    connection_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    return backend.connections.disconnect(partner, entity, str(connection_id))


@router.post("/{connection_id}/sync", status_code=202)
def sync(
    connection_id: uuid.UUID, partner: Partner, entity: EntityScope, backend: BackendDep
) -> Any:
    backend.connections.sync(partner, entity, str(connection_id))
    return {"message": "Synchronization started"}
