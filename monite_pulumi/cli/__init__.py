"""``monite-pulumi``: an operator's view of entities and their accounting connections."""

from __future__ import annotations

from monite_pulumi.cli._app import app
from monite_pulumi.cli._exit_codes import ExitCode

__all__ = ["ExitCode", "app", "main"]


def main() -> None:
    """Console-script entry point (``monite-pulumi``)."""
    app()
