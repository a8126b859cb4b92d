"""The control API under `/_sandbox/`: reset, partners, settings, the entity user's side of a
connection, fault rules and the late requests they hold, the request log, webhook deliveries,
an object dump and backdating. Loopback clients only."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from monite_pulumi.sandbox.deps import get_runtime
from monite_pulumi.sandbox.errors import ForbiddenError, NotFoundError
from monite_pulumi.sandbox.faults import FaultSpec
from monite_pulumi.sandbox.ratelimit import Window
from monite_pulumi.sandbox.runtime import Runtime


def loopback_only(request: Request) -> None:
    """Refuse the control API to anything but a loopback client."""
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise ForbiddenError("The sandbox control API answers loopback clients only")


router = APIRouter(prefix="/_sandbox", dependencies=[Depends(loopback_only)])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartnerBody(_Body):
    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)


class SettingsBody(_Body):
    token_lifetime: int | None = Field(default=None, ge=0)
    rate_limit: int | None = Field(default=None, ge=0)
    rate_limit_headers: bool | None = None
    rate_limit_window: Window | None = None
    fill_server_defaults: bool | None = None


class AuthorizeBody(_Body):
    platform: Literal["quickbooks", "xero"]


class DenyBody(_Body):
    reason: str | None = None


class BackdateBody(_Body):
    seconds: float = Field(gt=0, le=10 * 365 * 86400)


@router.post("/reset")
def reset(runtime: RuntimeDep) -> dict[str, Any]:
    runtime.reset()
    return {"reset": True}


@router.post("/partners", status_code=201)
def add_partner(body: PartnerBody, runtime: RuntimeDep) -> dict[str, Any]:
    runtime.backend.auth.add_partner(body.client_id, body.client_secret)
    return {"client_id": body.client_id}


def _settings(runtime: Runtime) -> dict[str, Any]:
    return {
        "token_lifetime": runtime.backend.auth.token_lifetime,
        "rate_limit": runtime.limiter.limit,
        "rate_limit_headers": runtime.limiter.headers,
        "rate_limit_window": runtime.limiter.window,
        "fill_server_defaults": runtime.backend.entities.fill_server_defaults,
    }


@router.get("/settings")
def get_settings(runtime: RuntimeDep) -> dict[str, Any]:
    return _settings(runtime)


@router.patch("/settings")
def patch_settings(body: SettingsBody, runtime: RuntimeDep) -> dict[str, Any]:
    if body.token_lifetime is not None:
        runtime.backend.auth.token_lifetime = body.token_lifetime
    if body.rate_limit is not None:
        runtime.limiter.limit = body.rate_limit
    if body.rate_limit_headers is not None:
        runtime.limiter.headers = body.rate_limit_headers
    if body.rate_limit_window is not None:
        runtime.limiter.window = body.rate_limit_window
    if body.fill_server_defaults is not None:
        runtime.backend.entities.fill_server_defaults = body.fill_server_defaults
    return _settings(runtime)


@router.post("/connections/{connection_id}/authorize")
def authorize(connection_id: str, body: AuthorizeBody, runtime: RuntimeDep) -> Any:
    return runtime.backend.connections.authorize(connection_id, body.platform)


@router.post("/connections/{connection_id}/deny")
def deny(connection_id: str, runtime: RuntimeDep, body: DenyBody | None = None) -> Any:
    return runtime.backend.connections.deny(connection_id, body.reason if body else None)


@router.post("/connections/{connection_id}/deauthorize")
def deauthorize(connection_id: str, runtime: RuntimeDep) -> Any:
    return runtime.backend.connections.deauthorize(connection_id)


@router.post("/entities/{entity_id}/delete")
def delete_entity(entity_id: str, runtime: RuntimeDep) -> Any:
    return runtime.backend.entities.mark_deleted(entity_id)


@router.post("/faults", status_code=201)
def add_fault(body: FaultSpec, runtime: RuntimeDep) -> dict[str, Any]:
    return {"id": runtime.faults.add(body).id}


@router.get("/faults")
def list_faults(runtime: RuntimeDep) -> list[dict[str, Any]]:
    return runtime.faults.list()


@router.delete("/faults", status_code=204)
def clear_faults(runtime: RuntimeDep) -> Response:
    runtime.faults.clear()
    return Response(status_code=204)


@router.delete("/faults/{fault_id}", status_code=204)
def delete_fault(fault_id: str, runtime: RuntimeDep) -> Response:
    if not runtime.faults.remove(fault_id):
        raise NotFoundError(f"Fault {fault_id} not found")
    return Response(status_code=204)


@router.get("/late_requests")
async def late_requests(
    runtime: RuntimeDep, wait: Annotated[float, Query(ge=0, le=600)] = 0
) -> dict[str, Any]:
    """Requests answered at once by a `process_late_ms` rule: pending, processed, discarded.

    `wait` waits up to that many seconds for none to be pending, so a test waits on the
    condition instead of sleeping.
    """
    await runtime.late.wait(wait)
    return runtime.late.as_json()


@router.get("/requests")
def list_requests(runtime: RuntimeDep) -> dict[str, Any]:
    return runtime.log.as_json()


@router.delete("/requests", status_code=204)
def clear_requests(runtime: RuntimeDep) -> Response:
    runtime.log.clear()
    return Response(status_code=204)


@router.get("/webhook_deliveries")
def list_webhook_deliveries(runtime: RuntimeDep) -> dict[str, Any]:
    return {"data": runtime.webhook_deliveries.deliveries()}


@router.delete("/webhook_deliveries", status_code=204)
def clear_webhook_deliveries(runtime: RuntimeDep) -> Response:
    runtime.webhook_deliveries.clear()
    return Response(status_code=204)


@router.get("/objects")
def objects(runtime: RuntimeDep) -> dict[str, Any]:
    return runtime.backend.objects()


@router.post("/objects/{kind}/{object_id}/backdate")
def backdate(
    kind: Literal["entity", "product", "accounting_connection", "webhook_subscription"],
    object_id: str,
    body: BackdateBody,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Move an object's `created_at` back, as if made that long ago (outside Pulumi, say)."""
    return runtime.backend.backdate(kind, object_id, body.seconds)
