"""Turning Monite's answers into models or errors, never into bare JSON or pydantic errors."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import httpx
import pydantic

from monite_pulumi.client._ratelimit import parse_retry_after
from monite_pulumi.client._transport import request_id_of
from monite_pulumi.errors import (
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    MalformedResponseError,
    MoniteError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)

__all__ = ["error_for", "parse_model"]

Model = TypeVar("Model", bound=pydantic.BaseModel)

_BY_STATUS: dict[int, type[MoniteError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    422: InvalidRequestError,
    429: RateLimitedError,
}


def _context(response: httpx.Response, method: str, path: str) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "method": method,
        "path": path,
        "request_id": request_id_of(response),
    }


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _describe_body(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "no content type")
    return f"a {len(response.content)}-byte answer that is not JSON ({content_type})"


def _message_and_details(response: httpx.Response) -> tuple[str, list[dict[str, Any]]]:
    body = _json_or_none(response)
    if body is None:
        return f"{response.reason_phrase or 'error'}: {_describe_body(response)}", []
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"], []
        detail = body.get("detail")
        if isinstance(detail, list):
            details = [item for item in detail if isinstance(item, dict)]
            return "the request is invalid", details
        for key in ("detail", "message"):
            if isinstance(body.get(key), str):
                return str(body[key]), []
    return response.reason_phrase or "error", []


def error_for(response: httpx.Response, method: str, path: str) -> MoniteError:
    """The error for a non-2xx answer, carrying Monite's message and request id."""
    message, details = _message_and_details(response)
    context = _context(response, method, path)
    status = response.status_code
    error_class = _BY_STATUS.get(status) or (ServerError if status >= 500 else MoniteError)
    if error_class is InvalidRequestError:
        return InvalidRequestError(message, details=details, **context)
    if error_class is RateLimitedError:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return RateLimitedError(message, retry_after=retry_after, **context)
    return error_class(message, **context)


def parse_model(model: type[Model], response: httpx.Response, method: str, path: str) -> Model:
    """Validate a 2xx answer into `model`, or raise `MalformedResponseError` saying why."""
    context = _context(response, method, path)
    body = _json_or_none(response)
    if body is None:
        raise MalformedResponseError(
            f"expected {model.__name__} but got {_describe_body(response)}", **context
        )
    try:
        return model.model_validate(body)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(body)'}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)[:5]
        )
        raise MalformedResponseError(
            f"answer does not match {model.__name__}: {problems}", **context
        ) from None
