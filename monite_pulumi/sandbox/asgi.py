"""The outermost ASGI layer of `/v1`: request log, fault injection and the rate limit.

It wraps the FastAPI app, so it sees every request, including those it answers itself
(an injected fault, a 429), can drop a connection after the app has answered, and can answer at
once while the app processes the request later (`process_late_ms`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monite_pulumi.sandbox.faults import FaultRule
from monite_pulumi.sandbox.runtime import Runtime

API_PREFIX = "/v1"
# Injected latency waits through this name, so tests can see the delay without waiting for it.
sleep = asyncio.sleep


class ConnectionDroppedError(Exception):
    """Raised to the server when the connection cannot be closed directly (ASGI: "abort")."""


class SandboxASGI:
    """`/v1` goes through log, faults and rate limit; everything else straight to the app."""

    def __init__(self, app: ASGIApp, runtime: Runtime, routes: Sequence[APIRoute]) -> None:
        self.app = app
        self.runtime = runtime
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        await _ApiRequest(self, scope, receive, send).handle()

    def endpoint(self, scope: Scope) -> str:
        """`METHOD /route/{template}` without `/v1`, or the raw path when no route matches."""
        method, path = scope["method"], scope["path"]
        template = None
        for route in self.routes:
            if route.path_regex.match(path):
                if method in (route.methods or ()):
                    template = route.path
                    break
                template = template or route.path
        return f"{method} {(template or path)[len(API_PREFIX) :] or '/'}"


class _ApiRequest:
    def __init__(self, outer: SandboxASGI, scope: Scope, receive: Receive, send: Send) -> None:
        self.runtime = outer.runtime
        self.app: ASGIApp = outer.app
        self.scope, self.receive, self.send = scope, receive, send
        self.method: str = scope["method"]
        self.path: str = scope["path"][len(API_PREFIX) :] or "/"
        self.endpoint = outer.endpoint(scope)
        self.client_id = self._client_id()
        self.status = 500

    def _client_id(self) -> str | None:
        for name, value in self.scope.get("headers", []):
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer" and token:
                    return self.runtime.backend.auth.client_for_token(token.strip())
        return None

    def _record(
        self, fault: FaultRule | None = None, dropped: bool = False, late: bool = False
    ) -> None:
        self.runtime.log.record(
            method=self.method,
            path=self.path,
            endpoint=self.endpoint,
            status=self.status,
            client_id=self.client_id,
            fault=fault.id if fault else None,
            dropped=dropped,
            late=late,
        )

    async def _answer(self, status: int, body: Any, headers: list[tuple[bytes, bytes]]) -> None:
        payload = json.dumps(body).encode()
        self.status = status
        await self.send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    *headers,
                ],
            }
        )
        await self.send({"type": "http.response.body", "body": payload})

    async def handle(self) -> None:
        rule = self.runtime.faults.pick(self.method, self.path)
        if rule is not None and rule.spec.latency_ms:
            await sleep(rule.spec.latency_ms / 1000)
        if rule is not None and rule.spec.process_late_ms is not None:
            await self._answer_now_process_later(rule, rule.spec.process_late_ms / 1000)
            return
        if (
            rule is not None
            and rule.spec.status is not None
            and not rule.spec.drop_after_processing
        ):
            headers = []
            if rule.spec.retry_after is not None:
                headers.append((b"retry-after", str(rule.spec.retry_after).encode()))
            await self._answer(rule.spec.status, rule.error_body(), headers)
            self._record(rule)
            return

        extra_headers: list[tuple[bytes, bytes]] = []
        decision = self.runtime.limiter.check(self.client_id) if self.client_id else None
        if decision is not None:
            if not decision.allowed:
                body = {"error": {"message": "Too many requests: slow down and retry later"}}
                await self._answer(429, body, decision.headers())
                self._record(rule)
                return
            extra_headers = decision.headers()

        dropping = rule is not None and rule.spec.drop_after_processing
        await self.app(self.scope, self.receive, self._sender(extra_headers, swallow=dropping))
        if dropping:
            self._record(rule, dropped=True)
            await _abort(self.receive, self.send)
            return
        self._record(rule)

    async def _answer_now_process_later(self, rule: FaultRule, delay: float) -> None:
        """A gateway that gave up: answer `status` (or drop) now, let the app run `delay` later.

        The body is read first, as a gateway would have forwarded it; the late run gets it
        replayed, and its answer goes nowhere (the client is gone), only into the request log.
        """
        body = await _read_body(self.receive)
        scope = dict(self.scope)

        async def process() -> None:
            async def discard(message: Message) -> None:
                if message["type"] == "http.response.start":
                    self.status = message["status"]

            await self.app(scope, _replay(body), discard)
            self._record(rule, late=True)

        self.runtime.late.schedule(delay, process)
        if rule.spec.status is not None:
            await self._answer(rule.spec.status, rule.error_body(), [])
            self._record(rule)
            return
        self.status = 0  # nothing was produced: the connection goes before any processing
        self._record(rule, dropped=True)
        await _abort(self.receive, self.send)

    def _sender(self, extra_headers: list[tuple[bytes, bytes]], *, swallow: bool) -> Send:
        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *extra_headers]}
            if not swallow:
                await self.send(message)

        return send


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A `receive` that hands over `body` once, then reports the client as gone."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _abort(receive: Receive, send: Send) -> None:
    """Close the client's connection without an answer.

    uvicorn's `receive` is a method of its request cycle, which holds the transport: closing it
    drops the connection before a byte of the answer was written. Elsewhere (TestClient, other
    servers) start an answer and raise, which the ASGI spec says makes the server close it.
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "close"):
        transport.close()
        # Let the server see the connection as lost, so it does not try to answer either.
        await asyncio.sleep(0)
        return
    await send({"type": "http.response.start", "status": 500, "headers": []})
    raise ConnectionDroppedError("connection dropped after processing (fault rule)")
