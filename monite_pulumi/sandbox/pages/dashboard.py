"""The read-only dashboard at `/`: every partner's tenants and the request log, loopback only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from monite_pulumi.sandbox.pages.rendering import render
from monite_pulumi.sandbox.routers.control import RuntimeDep, loopback_only
from monite_pulumi.sandbox.state.clock import parse_iso
from monite_pulumi.sandbox.state.tenants import Tenant

router = APIRouter(include_in_schema=False, dependencies=[Depends(loopback_only)])


@dataclass(frozen=True)
class TenantRow:
    """What one table row shows; `link_state` is `open`, `used`, `expired` or `none`."""

    name: str
    entity_id: str
    partner_id: str
    entity_status: str
    connection_status: str | None
    platform: str | None
    last_pull: str | None
    link_url: str | None
    link_state: str
    link_age_seconds: float | None
    errors: list[str]


def _row(tenant: Tenant, now: float) -> TenantRow:
    connection: dict[str, Any] = tenant.connection or {}
    link_state = "none"
    age = None
    if tenant.link is not None:
        if tenant.link.used:
            link_state = "used"
        elif tenant.link.expired(now):
            link_state = "expired"
        else:
            link_state = "open"
    if connection.get("status") == "pending_auth":
        age = now - parse_iso(connection["created_at"]).timestamp()
    return TenantRow(
        name=tenant.name,
        entity_id=tenant.entity["id"],
        partner_id=tenant.partner_id,
        entity_status=tenant.entity["status"],
        connection_status=connection.get("status"),
        platform=connection.get("platform"),
        # Monite fills last_pull at creation; it means nothing until the link was authorised.
        last_pull=connection.get("last_pull") if connection.get("platform") else None,
        link_url=connection.get("connection_url"),
        link_state=link_state,
        link_age_seconds=age,
        errors=[str(error.get("message", "")) for error in connection.get("errors") or []],
    )


@router.get("/")
def dashboard(runtime: RuntimeDep) -> HTMLResponse:
    backend = runtime.backend
    now = backend.tenants.now()
    rows = [_row(tenant, now) for tenant in reversed(backend.tenants.all())]
    log = runtime.log.as_json()
    return render(
        "dashboard.html",
        rows=rows,
        counts={
            "entities": len(rows),
            "connected": sum(row.connection_status == "connected" for row in rows),
            "pending": sum(row.connection_status == "pending_auth" for row in rows),
            "requests": log["total"],
        },
        by_status=sorted(log["by_status"].items()),
        by_endpoint=sorted(log["by_endpoint"].items(), key=lambda item: (-item[1], item[0])),
    )
