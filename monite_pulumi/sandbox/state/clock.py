"""Time for the state layer: injectable so that token expiry is tested without sleeping."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], float]

system_clock: Clock = time.time


def iso(clock: Clock) -> str:
    """Now as Monite writes timestamps: ISO 8601 with microseconds and `+00:00`."""
    return datetime.fromtimestamp(clock(), tz=timezone.utc).isoformat()


def parse_iso(text: str) -> datetime:
    """A timestamp from a query or a document; a naive one is taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
