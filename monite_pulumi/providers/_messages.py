"""Messages a Pulumi user can act on, built from the client's errors.

The dynamic provider server sends the whole traceback of a failed call to the CLI. So the
provider raises ``ResourceError`` with a complete sentence (what happened, to which object, what
Monite said and the request id, what to do next), detached from the original exception so no
chained pydantic or httpx dump follows it.
"""

from __future__ import annotations

from monite_pulumi._logging import redact
from monite_pulumi.errors import (
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    InvalidRequestError,
    MalformedResponseError,
    MoniteError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
)
from monite_pulumi.providers._fix_hints import rerun
from monite_pulumi.providers._said_once import PROCESS, SaidOnce

__all__ = ["ResourceError", "describe_error", "describe_error_once"]

_SAID_ONCE = (AuthenticationError, ConfigurationError)
"""Errors of the process, not of one object: the same credentials or settings fail them all."""
_HEADLINE_CHARS = 120


class ResourceError(Exception):
    """A provider call failed; the message alone tells the user what happened and what to do."""


def _what_to_do(error: MoniteError, action: str) -> str:
    if isinstance(error, ConfigurationError):
        return "Fix the setting named above, then run the command again."
    if isinstance(error, AuthenticationError) and error.path == "/auth/token":
        # The client's message already says how to set the credentials: do not say it twice.
        return "Then run the command again."
    if isinstance(error, AuthenticationError):
        return (
            "Check the credentials: `pulumi config set monite:clientId <id>` and "
            "`pulumi config set --secret monite:clientSecret <secret>` (or MONITE_CLIENT_ID / "
            "MONITE_CLIENT_SECRET), and that they belong to the Monite environment configured "
            "with monite:environment / monite:apiUrl."
        )
    if isinstance(error, NotFoundError):
        return (
            "It no longer exists in Monite (deleted outside Pulumi, or it belongs to another "
            f"environment or partner). Run {rerun('refresh')} to drop it from the state, then "
            f"{rerun('up')} to create it again."
        )
    if isinstance(error, ConflictError):
        return f"Resolve the conflict Monite reports, then run {rerun('up')} again."
    if isinstance(error, InvalidRequestError):
        return f"Correct the inputs Monite names, then run {rerun('up')} again."
    if isinstance(error, RateLimitedError):
        return (
            "Monite kept answering 429 (too many requests). Lower monite:maxRequestsPerSecond "
            "or run with less parallelism (`pulumi up --parallel 2`), then retry."
        )
    if isinstance(error, UnknownOutcomeError):
        return (
            f"The {action} may or may not have happened in Monite. Run {rerun('refresh')}, check "
            "for an object created at that time, and retry."
        )
    if isinstance(error, ServerError):
        return (
            "Monite had an internal error. Retry later; if it persists, give Monite support the "
            "request id."
        )
    if isinstance(error, TransportError):
        return (
            "Monite could not be reached. Check the network and monite:apiUrl / "
            "monite:environment, then retry."
        )
    if isinstance(error, MalformedResponseError):
        return (
            "The answer was not what Monite's API promises. Check that monite:apiUrl points at "
            "a Monite API root (ending in /v1), then retry."
        )
    return "Retry; if it persists, give Monite support the request id."


def describe_error(error: MoniteError, *, action: str, label: str, object_id: str | None) -> str:
    """One paragraph: ``Could not <action> Monite <label> <id>: <what Monite said>. <to do>``."""
    target = f"Monite {label} {object_id}" if object_id else f"a Monite {label}"
    kind = type(error).__name__
    return redact(f"Could not {action} {target}: {kind}: {error}. {_what_to_do(error, action)}")


def describe_error_once(
    error: MoniteError,
    *,
    action: str,
    label: str,
    object_id: str | None,
    said: SaidOnce = PROCESS,
) -> str:
    """``describe_error``, but a credential or settings error is explained in full only the
    first time this process meets it; after that, one short line naming the object."""
    if not isinstance(error, _SAID_ONCE):
        return describe_error(error, action=action, label=label, object_id=object_id)
    kind = type(error).__name__
    if said.first_time(redact(f"{kind}: {error.message} {_what_to_do(error, action)}")):
        return describe_error(error, action=action, label=label, object_id=object_id)
    target = f"Monite {label} {object_id}" if object_id else f"a Monite {label}"
    headline = error.message.split(";", 1)[0].strip().rstrip(".")
    if len(headline) > _HEADLINE_CHARS:
        headline = headline[: _HEADLINE_CHARS - 3].rstrip() + "..."
    return redact(
        f"Could not {action} {target}: {kind} again: {headline} (the first such error of this "
        "run says what to do)."
    )
