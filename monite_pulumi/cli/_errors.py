"""One error line on stderr and a documented exit code instead of a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from typer.exceptions import TyperException

from monite_pulumi.cli._exit_codes import ExitCode
from monite_pulumi.config import ENVIRONMENT_URLS
from monite_pulumi.errors import (
    AuthenticationError,
    ConfigurationError,
    MoniteError,
    NotFoundError,
    TransportError,
)
from monite_pulumi.lookups import AmbiguousEntityError

_TOKEN_PATH = "/auth/token"  # noqa: S105 (a path)


class CliError(Exception):
    """A failure the command explains itself; the message must hold no secret."""

    def __init__(self, message: str, exit_code: ExitCode) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _exit_code_for(error: Exception) -> ExitCode:
    if isinstance(error, CliError):
        return error.exit_code
    if isinstance(error, ConfigurationError | AuthenticationError):
        return ExitCode.CONFIGURATION
    if isinstance(error, NotFoundError | AmbiguousEntityError):
        return ExitCode.NOT_FOUND
    return ExitCode.API


def _explained(error: Exception) -> str:
    """The message, in the command's own terms where the library's would mislead.

    The client's messages name Pulumi config keys; this command reads only flags and MONITE_*
    variables, so a refused secret or an unreachable host is explained in those.
    """
    from monite_pulumi.cli._session import RESOLVED_API_URL  # _session imports this module

    url = RESOLVED_API_URL.get()
    if isinstance(error, AuthenticationError) and error.path == _TOKEN_PATH:
        where = f" at {url}" if url else ""
        return (
            f"Monite{where} refused the client credentials (HTTP {error.status}): set the right "
            "secret in MONITE_CLIENT_SECRET (or type it with --ask-secret), and check the client "
            "id (MONITE_CLIENT_ID / --client-id) and that -e/--environment or --api-url name "
            "the Monite those credentials belong to"
        )
    if isinstance(error, TransportError) and url:
        if url == ENVIRONMENT_URLS["local"]:
            hint = "is the local sandbox running? start it with `monite-sandbox` (or `make up`)"
        elif url in ENVIRONMENT_URLS.values():
            hint = (
                "check the network; for the local sandbox instead, pass -e local "
                "(or set MONITE_ENVIRONMENT=local)"
            )
        else:
            hint = "check --api-url / MONITE_API_URL and the network"
        return f"could not reach {url} ({error}): {hint}"
    return str(error)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the errors we expect into ``error: <one line>`` and their exit code.

    Anything else is reported by type only: its message was not written with secrets in mind.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, TyperException):
        raise  # Typer's own control flow: exit codes, Ctrl-C at the prompt, usage errors
    except (CliError, MoniteError, AmbiguousEntityError) as error:
        message = " ".join(_explained(error).split())
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(_exit_code_for(error)) from None
    except Exception as error:
        typer.echo(
            f"error: unexpected {type(error).__name__}; set MONITE_PULUMI_LOG=debug and retry",
            err=True,
        )
        raise typer.Exit(ExitCode.API) from None
