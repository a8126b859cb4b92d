"""What changed in the state, for whoever listens (the webhook delivery).

The state layer publishes one ``StateEvent`` per change that Monite announces by webhook; it
knows nothing about subscriptions or HTTP. Listeners are called in the publishing thread, inside
the request, so they must only queue work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["EventHub", "StateEvent"]


@dataclass(frozen=True)
class StateEvent:
    """One change: ``object_type`` as in ``WebhookObjectType``, ``event`` such as ``created``."""

    partner_id: str
    object_type: str
    event: str
    object_id: str
    entity_id: str | None


Listener = Callable[[StateEvent], None]


class EventHub:
    """Fan one published event out to every subscribed listener."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def publish(self, event: StateEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(event)
