"""Jinja2 templates with autoescaping, the pages' security headers, and display helpers."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

PLATFORM_NAMES = {"quickbooks": "QuickBooks Online", "xero": "Xero"}

# No script runs on these pages, nothing may frame them (clickjacking of the authorise button),
# and the link token in the address must not leak through a Referer header.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def duration(seconds: float) -> str:
    """A short human age: `just now`, `42 s`, `5 min`, `3 h`, `2 d`."""
    seconds = max(0.0, seconds)
    if seconds < 5:
        return "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit}"
    return f"{int(seconds)} s"


def timestamp(value: str | None) -> str:
    """An ISO 8601 time as `2025-06-15 14:03:07 UTC`; an empty string for none."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


_templates = Environment(
    loader=PackageLoader("monite_pulumi.sandbox.pages", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters["timestamp"] = timestamp
_templates.filters["duration"] = duration
_templates.globals["platform_names"] = PLATFORM_NAMES


def render(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """`template` rendered with `context`, every value escaped, with the security headers."""
    html = _templates.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
