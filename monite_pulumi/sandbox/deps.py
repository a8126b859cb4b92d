"""FastAPI dependencies for Monite's request rules: version header, bearer token, entity scope."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Request

from monite_pulumi.sandbox.runtime import Runtime
from monite_pulumi.sandbox.state import Backend


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_backend(request: Request) -> Backend:
    return get_runtime(request).backend


def api_version(x_monite_version: Annotated[date, Header()]) -> date:
    """`X-Monite-Version` is required on every call (a missing or non-date one is a 422)."""
    return x_monite_version


def partner_id(
    backend: Annotated[Backend, Depends(get_backend)],
    authorization: Annotated[str | None, Header()] = None,
) -> str:
    """The partner whose bearer token this is; 401 for none, an expired or a revoked one."""
    token = None
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer":
            token = value.strip()
    return backend.auth.require_partner(token)


def entity_id(
    backend: Annotated[Backend, Depends(get_backend)],
    partner: Annotated[str, Depends(partner_id)],
    x_monite_entity_id: Annotated[uuid.UUID, Header()],
) -> str:
    """`X-Monite-Entity-Id`: required on entity-scoped paths, an entity of this partner."""
    entity = str(x_monite_entity_id)
    backend.entities.require_scope(partner, entity)
    return entity


Partner = Annotated[str, Depends(partner_id)]
EntityScope = Annotated[str, Depends(entity_id)]
BackendDep = Annotated[Backend, Depends(get_backend)]
