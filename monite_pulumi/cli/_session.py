"""Settings and the Monite client for one command run, resolved only when a command needs them.

The client secret never comes from a flag (it would land in shell history and process lists):
only from ``MONITE_CLIENT_SECRET`` or a hidden prompt.
"""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import typer

from monite_pulumi.cli._errors import CliError
from monite_pulumi.cli._exit_codes import ExitCode
from monite_pulumi.client import MoniteClient
from monite_pulumi.config import Settings, resolve_settings

HOW_TO_SET_ID = "set MONITE_CLIENT_ID (or pass --client-id)"
HOW_TO_SET_SECRET = "set MONITE_CLIENT_SECRET (or pass --ask-secret to type it at a hidden prompt)"  # noqa: S105
MISSING_CREDENTIALS = f"missing Monite client credentials: {HOW_TO_SET_ID} and {HOW_TO_SET_SECRET}"
MISSING_ID = f"missing Monite client id: {HOW_TO_SET_ID}"
MISSING_SECRET = f"missing Monite client secret: {HOW_TO_SET_SECRET}"
NO_TERMINAL = (
    "--ask-secret found no terminal to prompt at and nothing on standard input: "
    "set MONITE_CLIENT_SECRET instead, or pipe the secret in"
)


RESOLVED_API_URL: ContextVar[str | None] = ContextVar("RESOLVED_API_URL", default=None)
"""The API URL this run's settings resolved to, once they are: error messages name it."""


@dataclass
class GlobalOptions:
    """What the global flags said; ``None`` means: take it from the environment or default."""

    api_url: str | None = None
    environment: str | None = None
    client_id: str | None = None
    api_version: str | None = None
    ask_secret: bool = False


@dataclass
class CliSession:
    """Lazily resolved settings and one client, closed when the command ends."""

    options: GlobalOptions
    _client: MoniteClient | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        RESOLVED_API_URL.set(None)

    def settings(self) -> Settings:
        explicit: dict[str, Any] = {
            name: value
            for name, value in (
                ("api_url", self.options.api_url),
                ("environment", self.options.environment),
                ("client_id", self.options.client_id),
                ("api_version", self.options.api_version),
            )
            if value is not None
        }
        settings = resolve_settings(explicit=explicit, env=os.environ)
        RESOLVED_API_URL.set(settings.api_url)
        if settings.client_secret is None and (self.options.ask_secret or _interactive(settings)):
            explicit["client_secret"] = _read_secret()
            settings = resolve_settings(explicit=explicit, env=os.environ)
        if settings.client_id is None and settings.client_secret is None:
            raise CliError(MISSING_CREDENTIALS, ExitCode.CONFIGURATION)
        if settings.client_id is None:
            raise CliError(MISSING_ID, ExitCode.CONFIGURATION)
        if settings.client_secret is None:
            raise CliError(MISSING_SECRET, ExitCode.CONFIGURATION)
        return settings

    def client(self) -> MoniteClient:
        if self._client is None:
            self._client = MoniteClient(self.settings())
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _read_secret() -> str:
    """A hidden prompt at a terminal; else the first line of standard input (a pipe)."""
    if sys.stdin.isatty():
        secret: str = typer.prompt("Monite client secret", hide_input=True)
        return secret
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise CliError(NO_TERMINAL, ExitCode.CONFIGURATION)
    return line


def _interactive(settings: Settings) -> bool:
    """Prompt unasked only for a person at a terminal who already named the client id."""
    return settings.client_id is not None and sys.stdin.isatty()
