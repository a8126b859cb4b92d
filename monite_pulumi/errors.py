"""One error tree for everything that can go wrong talking to Monite.

Callers catch a class, not a status code: providers turn these into messages a user can act on.
Every message is passed through the redactor, so no secret, token or `connection_url` can reach
a log line, a traceback or the Pulumi CLI through an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monite_pulumi._logging import redact

__all__ = [
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "InvalidRequestError",
    "MalformedResponseError",
    "MoniteError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "UnknownOutcomeError",
]


class MoniteError(Exception):
    """Base of every error this package raises about Monite or its configuration."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.message = redact(message)
        self.status = status
        self.method = method
        self.path = path
        self.request_id = request_id
        super().__init__(self.message)

    def __str__(self) -> str:
        where = " ".join(part for part in (self.method, self.path) if part)
        if self.status is not None:
            where = f"{where} -> {self.status}" if where else f"status {self.status}"
        text = f"{where}: {self.message}" if where else self.message
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's default pickling replays `args` only and would lose the keyword fields.
        return (_restore, (type(self), dict(self.__dict__)))


def _restore(cls: type[MoniteError], state: dict[str, Any]) -> MoniteError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class ConfigurationError(MoniteError):
    """A setting is missing or invalid; the message names every way to set it."""


class AuthenticationError(MoniteError):
    """Monite refused the credentials or the token (401/403)."""


class NotFoundError(MoniteError):
    """The object does not exist, or belongs to another partner (404)."""


class ConflictError(MoniteError):
    """The request conflicts with the current state of the object (409)."""


class InvalidRequestError(MoniteError):
    """Monite rejected the request body or parameters (400/422).

    `details` holds Monite's per-field complaints as `{"loc", "msg", "type"}` dicts.
    """

    def __init__(
        self,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        **context: Any,
    ) -> None:
        super().__init__(message, **context)
        self.details = [_redacted_detail(detail) for detail in details or []]

    def __str__(self) -> str:
        text = super().__str__()
        fields = "; ".join(_describe_detail(detail) for detail in self.details)
        return f"{text} [{fields}]" if fields else text


def _redacted_detail(detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "loc": list(detail.get("loc") or []),
        "msg": redact(str(detail.get("msg", ""))),
        "type": str(detail.get("type", "")),
    }


def _describe_detail(detail: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in detail["loc"] if part != "body")
    return f"{location}: {detail['msg']}" if location else str(detail["msg"])


class RateLimitedError(MoniteError):
    """Still rate limited (429) after every allowed retry; `retry_after` is Monite's hint."""

    def __init__(self, message: str, *, retry_after: float | None = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.retry_after = retry_after


class ServerError(MoniteError):
    """Monite failed (5xx) on every allowed attempt."""


class TransportError(MoniteError):
    """No answer could be obtained (connect error, timeout, broken connection) after retries."""


class UnknownOutcomeError(MoniteError):
    """A create was sent but its answer was lost: the object may or may not exist.

    `attempt_started_at` (UTC) lets the caller look for objects created since then before it
    tries again, since Monite takes no idempotency key.
    """

    def __init__(self, message: str, *, attempt_started_at: datetime, **context: Any) -> None:
        super().__init__(message, **context)
        self.attempt_started_at = attempt_started_at

    def __str__(self) -> str:
        return f"{super().__str__()} (attempt started at {self.attempt_started_at.isoformat()})"


class MalformedResponseError(MoniteError):
    """Monite answered something the spec does not allow (HTML page, bad JSON, missing fields)."""
