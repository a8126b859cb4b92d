"""Rows as a Rich table for people or as JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from monite_pulumi.cli._durations import format_age
from monite_pulumi.cli._rows import StatusRow

_ID_WIDTH = 36
"""A UUID: narrow terminals shorten names and emails, never the ids operators copy."""

_STATUS_STYLES = {
    "connected": "green",
    "pending_auth": "yellow",
    "deauthorized": "red",
    "disconnected": "dim",
}


def stdout_console() -> Console:
    """Full-width lines when piped (no wrapping of ids), the terminal's width otherwise."""
    console = Console(soft_wrap=False)
    if not console.is_terminal:
        console = Console(width=400, soft_wrap=False)
    return console


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def status_table(rows: Sequence[StatusRow]) -> Table:
    """The ``status`` table: one line per entity.

    Monite stamps ``last_pull`` when it creates a connection, before any pull: the table shows
    it only once the link was authorised (JSON keeps Monite's value).
    """
    table = Table()
    for header, min_width in (
        ("Entity", None),
        ("Email", None),
        ("Entity ID", _ID_WIDTH),
        ("Status", 8),
        ("Connection", 12),
        ("Platform", None),
        ("Last pull (UTC)", None),
        ("Pending for", None),
    ):
        table.add_column(header, no_wrap=min_width is not None, min_width=min_width)
    for row in rows:
        style = _STATUS_STYLES.get(row.connection_status, "")
        table.add_row(
            Text(row.name),
            Text(row.email or "-"),
            row.entity_id,
            row.entity_status,
            Text(row.connection_status, style=style),
            Text(row.platform or "-"),
            _when(row.last_pull) if row.platform is not None else "-",
            format_age(row.pending_for) if row.pending_for is not None else "-",
        )
    return table


def chase_table(rows: Sequence[StatusRow]) -> Table:
    """The ``chase`` table: who to remind, since when, and any refusal Monite recorded."""
    table = Table()
    for header, min_width in (
        ("Entity", None),
        ("Email", None),
        ("Entity ID", _ID_WIDTH),
        ("Connection ID", _ID_WIDTH),
        ("Pending for", None),
        ("Errors", None),
    ):
        table.add_column(header, no_wrap=min_width is not None, min_width=min_width)
    for row in rows:
        table.add_row(
            Text(row.name),
            Text(row.email or "-"),
            row.entity_id,
            row.connection_id or "-",
            format_age(row.pending_for) if row.pending_for is not None else "-",
            Text("; ".join(row.errors) or "-"),
        )
    return table


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment is not None else None


def row_as_json(row: StatusRow) -> dict[str, Any]:
    """A stable, documented shape (docs/cli.md); times in UTC ISO 8601, ages in seconds."""
    return {
        "entity_id": row.entity_id,
        "name": row.name,
        "email": row.email,
        "type": row.entity_type,
        "entity_status": row.entity_status,
        "connection_id": row.connection_id,
        "connection_status": row.connection_status,
        "platform": row.platform,
        "last_pull": _iso(row.last_pull),
        "connection_created_at": _iso(row.connection_created_at),
        "pending_seconds": (
            int(row.pending_for.total_seconds()) if row.pending_for is not None else None
        ),
        "errors": list(row.errors),
    }


def rows_as_json(rows: Sequence[StatusRow]) -> str:
    return json.dumps([row_as_json(row) for row in rows], indent=2)
