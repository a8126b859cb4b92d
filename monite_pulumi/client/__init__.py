"""The Monite HTTP client: typed calls, shared tokens and pacing, retries, one error tree.

No Pulumi import here: lookups and scripts can use it on its own.
"""

from __future__ import annotations

import threading

from monite_pulumi.client._client import USER_AGENT, MoniteClient
from monite_pulumi.client._clock import Clock, SystemClock
from monite_pulumi.client._shared import reset_shared_state
from monite_pulumi.config import Settings

__all__ = [
    "USER_AGENT",
    "Clock",
    "MoniteClient",
    "SystemClock",
    "client_for",
    "reset_shared_state",
]

_clients: dict[Settings, MoniteClient] = {}
_clients_lock = threading.Lock()


def client_for(settings: Settings, clock: Clock | None = None) -> MoniteClient:
    """The process-wide client for these settings, created on first use (thread-safe).

    Providers call this from every operation instead of holding a client, so that each of the
    provider classes the Pulumi server configures shares one connection pool, token and limiter.
    ``clock`` is the one the client is created with (the providers': one whose pauses end when
    the engine cancels, ``core.shutdown``).
    """
    with _clients_lock:
        client = _clients.get(settings)
        if client is None:
            client = MoniteClient(settings, clock=clock)
            _clients[settings] = client
        return client
