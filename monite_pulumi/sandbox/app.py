"""Assemble the sandbox: state, FastAPI routes, Monite's error shapes, the outer `/v1` layer."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from monite_pulumi.sandbox.asgi import SandboxASGI
from monite_pulumi.sandbox.errors import SandboxError, UnprocessableError
from monite_pulumi.sandbox.faults import FaultRules
from monite_pulumi.sandbox.options import SandboxOptions
from monite_pulumi.sandbox.pages import install_pages
from monite_pulumi.sandbox.ratelimit import RateLimiter
from monite_pulumi.sandbox.requestlog import RequestLog
from monite_pulumi.sandbox.routers import (
    accounting_connections,
    auth,
    control,
    entities,
    entity_extras,
    measure_units,
    products,
    webhook_subscriptions,
)
from monite_pulumi.sandbox.runtime import Runtime
from monite_pulumi.sandbox.state import Backend
from monite_pulumi.sandbox.state.clock import system_clock
from monite_pulumi.sandbox.store import Store
from monite_pulumi.sandbox.webhook_delivery import WebhookDispatcher

_API_ROUTERS = (
    auth.router,
    entities.router,
    entity_extras.router,
    products.router,
    measure_units.router,
    accounting_connections.router,
    webhook_subscriptions.router,
)


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message}}, status_code=status, headers=dict(headers or {})
    )


def _detail(errors: Sequence[Mapping[str, Any]]) -> JSONResponse:
    """Monite's 422: `{"detail": [{loc, msg, type}]}` and nothing else."""
    detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors]
    return JSONResponse({"detail": detail}, status_code=422)


def _install_error_handlers(api: FastAPI) -> None:
    @api.exception_handler(SandboxError)
    async def sandbox_error(_: Request, exc: SandboxError) -> JSONResponse:
        if isinstance(exc, UnprocessableError):
            return _detail([{"loc": exc.loc, "msg": exc.message, "type": "value_error"}])
        return _error(exc.status, exc.message)

    @api.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _detail(list(exc.errors()))

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), exc.headers)


def create_app(
    options: SandboxOptions | None = None,
    *,
    clock: Callable[[], float] = system_clock,
    monotonic: Callable[[], float] = time.monotonic,
) -> SandboxASGI:
    """The sandbox as an ASGI app; `clock` and `monotonic` are injectable for tests."""
    options = options or SandboxOptions()
    store = Store(options.data)
    backend = Backend(store, token_lifetime=options.token_lifetime, clock=clock)
    backend.auth.add_partner(options.client_id, options.client_secret)
    runtime = Runtime(
        options=options,
        backend=backend,
        faults=FaultRules(),
        limiter=RateLimiter(options.rate_limit, clock=monotonic, window=options.rate_limit_window),
        log=RequestLog(),
        webhook_deliveries=WebhookDispatcher(backend.webhooks, clock=clock),
    )
    backend.events.subscribe(runtime.webhook_deliveries.handle)
    api = FastAPI(
        title="monite-sandbox",
        docs_url="/_sandbox/docs",
        redoc_url=None,
        openapi_url="/_sandbox/openapi.json",
    )
    api.state.runtime = runtime
    _install_error_handlers(api)
    for router in _API_ROUTERS:
        api.include_router(router)
    if options.control:
        api.include_router(control.router)
    install_pages(api)
    routes = [route for router in _API_ROUTERS for route in router.routes]
    return SandboxASGI(api, runtime, [route for route in routes if isinstance(route, APIRoute)])
