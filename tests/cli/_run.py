"""Running the app the way a shell would, and reading what it printed."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from typer.testing import CliRunner, Result

from monite_pulumi.cli import app


def run(runner: CliRunner, env: Mapping[str, str | None], *args: str, **kw: Any) -> Result:
    return runner.invoke(app, list(args), env=dict(env), catch_exceptions=False, **kw)


def json_rows(result: Result) -> list[dict[str, Any]]:
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def ids(rows: Sequence[Mapping[str, Any]]) -> set[str]:
    return {str(row["entity_id"]) for row in rows}
