"""One error line on stderr and a documented exit code instead of a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from typer.exceptions import TyperException

from monite_pulumi.cli._exit_codes import ExitCode
from monite_pulumi.errors import (
    AuthenticationError,
    ConfigurationError,
    MoniteError,
    NotFoundError,
)
from monite_pulumi.lookups import AmbiguousEntityError


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
        message = " ".join(str(error).split())
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(_exit_code_for(error)) from None
    except Exception as error:
        typer.echo(
            f"error: unexpected {type(error).__name__}; set MONITE_PULUMI_LOG=debug and retry",
            err=True,
        )
        raise typer.Exit(ExitCode.API) from None
