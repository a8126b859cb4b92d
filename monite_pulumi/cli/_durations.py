"""Ages as operators type them (``2d``, ``36h``, ``1d12h``) and as the table shows them."""

from __future__ import annotations

import re
from datetime import timedelta

_UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([wdhms])")
_WHOLE = re.compile(r"(?:\d+[wdhms])+")


def parse_age(text: str) -> timedelta:
    """Parse ``<n><unit>`` parts (w, d, h, m, s), e.g. ``2d`` or ``1d12h``; raise ValueError."""
    compact = text.strip().lower().replace(" ", "")
    if not _WHOLE.fullmatch(compact):
        raise ValueError(
            f"{text!r} is not an age: use a number and a unit (w, d, h, m, s), e.g. 2d, 36h, 1d12h"
        )
    seconds = sum(int(count) * _UNIT_SECONDS[unit] for count, unit in _PART.findall(compact))
    return timedelta(seconds=seconds)


def format_age(age: timedelta) -> str:
    """Render an age with its two largest units (``3d 4h``, ``5m 2s``), never negative."""
    remaining = max(int(age.total_seconds()), 0)
    parts: list[str] = []
    for unit, size in _UNIT_SECONDS.items():
        if unit == "w":
            continue
        count, remaining = divmod(remaining, size)
        if count or parts:
            parts.append(f"{count}{unit}")
    shown = [part for part in parts[:2] if not part.startswith("0")] or ["0s"]
    return " ".join(shown)
