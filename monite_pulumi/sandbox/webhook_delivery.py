"""Webhook delivery: POST each state event, signed, to the subscriptions that select it.

A request only queues work (``WebhookDispatcher.handle``): one background thread sends, in the
order events happened, and retries a delivery that got no 2xx answer (or no answer at all)
with exponential backoff, a bounded number of times. Every delivery is recorded, shaped like
Monite's ``WebhookDeliveryResource`` plus what a test wants to see, for
``GET /_sandbox/webhook_deliveries``. Records never hold the signing secret.

Signature: ``Monite-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>``,
as Monite documents the header (the signed message is our documented assumption, shared with
``monite_pulumi.webhooks``, which this package must not import).
"""

from __future__ import annotations

import copy
import hashlib
import heapq
import hmac
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from monite_pulumi.sandbox.state.clock import Clock, iso, system_clock
from monite_pulumi.sandbox.state.events import StateEvent
from monite_pulumi.sandbox.state.webhooks import WebhooksState

__all__ = ["API_VERSION", "SIGNATURE_HEADER", "RetryPolicy", "WebhookDispatcher", "signature"]

SIGNATURE_HEADER = "Monite-Signature"
API_VERSION = "2024-05-25"
_RESPONSE_LIMIT = 500


def signature(body: bytes, secret: str, timestamp: int) -> str:
    """The ``Monite-Signature`` header value of ``body`` sent at ``timestamp``."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts per delivery and the waits between them (``first_delay * 2**n``, capped)."""

    max_attempts: int = 6
    first_delay: float = 0.2
    max_delay: float = 5.0
    timeout: float = 5.0

    def delay(self, attempts_made: int) -> float:
        return float(min(self.max_delay, self.first_delay * 2 ** (attempts_made - 1)))


@dataclass
class _Delivery:
    record: dict[str, Any]
    body: bytes = field(repr=False)
    secret: str = field(repr=False)
    generation: int


class WebhookDispatcher:
    """Queue, send, retry and record webhook deliveries (thread-safe)."""

    def __init__(
        self,
        webhooks: WebhooksState,
        *,
        policy: RetryPolicy | None = None,
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._webhooks = webhooks
        self.policy = policy or RetryPolicy()
        self._clock = clock
        self._monotonic = monotonic
        self._transport = transport
        self._cond = threading.Condition()
        self._due: list[tuple[float, int, _Delivery]] = []
        self._order = itertools.count()
        self._records: list[dict[str, Any]] = []
        self._generation = 0
        self._in_flight = 0
        self._closed = False
        self._worker: threading.Thread | None = None

    # -- the state side -------------------------------------------------------------------------

    def handle(self, event: StateEvent) -> None:
        """Queue one delivery per subscription that selects ``event`` (an ``EventHub`` listener)."""
        subscriptions = self._webhooks.deliverable(event.partner_id, event.object_type, event.event)
        if not subscriptions:
            return
        event_id = str(uuid.uuid4())
        created_at = iso(self._clock)
        action = f"{event.object_type}.{event.event}"
        with self._cond:
            if self._closed:
                return
            for subscription in subscriptions:
                payload = {
                    "id": event_id,
                    "created_at": created_at,
                    "action": action,
                    "api_version": API_VERSION,
                    "description": action.replace(".", "_"),
                    "entity_id": event.entity_id,
                    "object": {"id": event.object_id},
                    "object_type": event.object_type,
                    "webhook_subscription_id": subscription["id"],
                }
                record: dict[str, Any] = {
                    "id": str(uuid.uuid4()),
                    "event_id": event_id,
                    "webhook_subscription_id": subscription["id"],
                    "object_type": event.object_type,
                    "event_type": event.event,
                    "action": action,
                    "url": subscription["url"],
                    "requests_made_count": 0,
                    "response_status_code": None,
                    "response": None,
                    "was_successful": None,
                    "created_at": created_at,
                    "updated_at": created_at,
                    "attempts": [],
                }
                body = json.dumps(payload, separators=(",", ":")).encode()
                delivery = _Delivery(record, body, subscription["secret"], self._generation)
                self._records.append(record)
                heapq.heappush(self._due, (self._monotonic(), next(self._order), delivery))
            self._ensure_worker()
            self._cond.notify_all()

    # -- the control API side -------------------------------------------------------------------

    def deliveries(self) -> list[dict[str, Any]]:
        """Every delivery so far, oldest first (copies)."""
        with self._cond:
            return copy.deepcopy(self._records)

    def clear(self) -> None:
        """Forget pending deliveries and records (sandbox reset); in-flight ones are dropped."""
        with self._cond:
            self._generation += 1
            self._due.clear()
            self._records.clear()
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Whether every queued delivery finished (succeeded or gave up) within ``timeout``."""
        deadline = self._monotonic() + timeout
        with self._cond:
            while self._due or self._in_flight:
                remaining = deadline - self._monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def close(self) -> None:
        """Stop the worker; undelivered events are dropped."""
        with self._cond:
            self._closed = True
            self._due.clear()
            self._cond.notify_all()
            worker = self._worker
        if worker is not None:
            worker.join(timeout=self.policy.timeout + 1)

    # -- the worker -----------------------------------------------------------------------------

    def _ensure_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(
                target=self._run, name="monite-sandbox-webhooks", daemon=True
            )
            self._worker.start()

    def _next_due(self) -> _Delivery | None:
        with self._cond:
            while not self._closed:
                if self._due:
                    wait = self._due[0][0] - self._monotonic()
                    if wait <= 0:
                        self._in_flight += 1
                        return heapq.heappop(self._due)[2]
                    self._cond.wait(wait)
                else:
                    self._cond.wait()
            return None

    def _run(self) -> None:
        with httpx.Client(
            timeout=self.policy.timeout, trust_env=False, transport=self._transport
        ) as client:
            while (delivery := self._next_due()) is not None:
                try:
                    self._attempt(client, delivery)
                finally:
                    with self._cond:
                        self._in_flight -= 1
                        self._cond.notify_all()

    def _attempt(self, client: httpx.Client, delivery: _Delivery) -> None:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "monite-sandbox-webhooks",
            SIGNATURE_HEADER: signature(delivery.body, delivery.secret, int(self._clock())),
        }
        status: int | None = None
        text: str | None = None
        try:
            answer = client.post(delivery.record["url"], content=delivery.body, headers=headers)
            status, text = answer.status_code, answer.text[:_RESPONSE_LIMIT]
        except httpx.HTTPError as error:
            text = f"{type(error).__name__}: {error}"[:_RESPONSE_LIMIT]
        succeeded = status is not None and 200 <= status < 300
        with self._cond:
            if delivery.generation != self._generation:
                return
            record = delivery.record
            record["requests_made_count"] += 1
            record["response_status_code"] = status
            record["response"] = text
            record["updated_at"] = iso(self._clock)
            record["attempts"].append({"at": record["updated_at"], "status": status})
            made = record["requests_made_count"]
            if succeeded or made >= self.policy.max_attempts:
                record["was_successful"] = succeeded
                return
            due = self._monotonic() + self.policy.delay(made)
            heapq.heappush(self._due, (due, next(self._order), delivery))
