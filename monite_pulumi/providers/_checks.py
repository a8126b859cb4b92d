"""Turn pydantic validation errors into one ``CheckFailure`` per input field.

The CLI prints check failures per property before any API call, so each reason says what is
allowed, never the offending value (it could be personal data) and never a pydantic dump.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers._values import unknown_paths, without_unknowns

__all__ = [
    "failures_from_validation",
    "input_path",
    "parse_request",
    "validate_against",
    "validate_known",
]

ModelT = TypeVar("ModelT", bound=BaseModel)

# Enum errors list every allowed value; beyond this many, name a few and say how many there are.
_MAX_LISTED_CHOICES = 12


def input_path(loc: Sequence[str | int], data: Any, *, missing: bool = False) -> str:
    """The dotted input path of a pydantic ``loc``, skipping union tags pydantic inserts."""
    parts: list[str] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, Mapping) and isinstance(part, str) and part in current:
            parts.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
            current = current[part]
        elif last and missing and isinstance(part, str):
            parts.append(part)
    return ".".join(parts)


def _reason(error: ErrorDetails, hints: Mapping[str, str], path: str) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if path in hints:
        return hints[path]
    if kind == "extra_forbidden":
        return "is not an input Monite accepts here"
    if kind == "enum" or kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", ""))
        choices = [choice.strip() for choice in expected.replace(" or ", ", ").split(",")]
        choices = [choice for choice in choices if choice]
        if len(choices) > _MAX_LISTED_CHOICES:
            shown = ", ".join(choices[:5])
            return f"must be one of {len(choices)} allowed values (for example {shown})"
        return f"must be one of {', '.join(choices)}" if choices else str(error["msg"])
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, str) and len(value) >= 3 and value in message:
        message = message.replace(value, "<value>")
    return message[:1].lower() + message[1:]


def failures_from_validation(
    exc: ValidationError,
    data: Mapping[str, Any],
    *,
    prefix: str = "",
    hints: Mapping[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[CheckFailure]:
    """One failure per distinct input path; paths in ``skip`` (unknown at preview) are ignored."""
    failures: dict[str, CheckFailure] = {}
    for error in exc.errors(include_url=False, include_input=True):
        path = input_path(error["loc"], data, missing=error["type"] == "missing")
        full = f"{prefix}{path}" if path else prefix.rstrip(".") or "(input)"
        if any(full == hidden or full.startswith(hidden + ".") for hidden in skip):
            continue
        if full not in failures:
            failures[full] = CheckFailure(full, _reason(error, hints or {}, full))
    return list(failures.values())


def validate_against(
    model: type[BaseModel],
    data: Mapping[str, Any],
    *,
    prefix: str = "",
    hints: Mapping[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[CheckFailure]:
    """Validate ``data`` with a strict request model and report each problem per field."""
    try:
        model.model_validate(dict(data))
    except ValidationError as exc:
        return failures_from_validation(exc, data, prefix=prefix, hints=hints, skip=skip)
    return []


def validate_known(
    model: type[BaseModel], body: Mapping[str, Any], *, hints: Mapping[str, str] | None = None
) -> list[CheckFailure]:
    """``validate_against`` for the known part of ``body``: unknowns at preview are no failure."""
    return validate_against(model, without_unknowns(body), hints=hints, skip=unknown_paths(body))


def parse_request(
    model: type[ModelT],
    data: Mapping[str, Any],
    *,
    what: str,
    hints: Mapping[str, str] | None = None,
) -> ModelT:
    """Build a request model, or fail with the per-field reasons (never a pydantic dump)."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(
            f"{failure.property}: {failure.reason}"
            for failure in failures_from_validation(exc, data, hints=hints)
        )
    raise ResourceError(f"Cannot {what}: {problems}. Correct these inputs and run again.")
