"""Errors the state layer raises; the app turns them into Monite's `{"error": {"message"}}`."""

from __future__ import annotations


class SandboxError(Exception):
    """An API error with the HTTP status Monite would answer."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(SandboxError):
    status = 400


class UnauthorizedError(SandboxError):
    status = 401


class ForbiddenError(SandboxError):
    status = 403


class NotFoundError(SandboxError):
    status = 404


class ConflictError(SandboxError):
    status = 409


class UnprocessableError(SandboxError):
    """A cross-field rule the schema cannot express; answered as a 422 `detail` list."""

    status = 422

    def __init__(self, message: str, loc: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.loc = loc
