"""Field types that behave like the spec's JSON Schema keywords.

Strict on purpose (no "5" for an integer, no 1 for a boolean): a request that violates the spec
must get a 422, as Monite answers. Formats (`uuid`, `email`, `uri`, `date`) are checked as
strings, because FastAPI validates bodies in Python mode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictStr, StringConstraints
from pydantic_core import PydanticCustomError

_HEX = "[0-9a-fA-F]"
_UUID = re.compile(rf"^{_HEX}{{8}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{12}}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")


class Closed(BaseModel):
    """A schema with `additionalProperties: false`."""

    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """A schema that allows (and here ignores) other properties."""

    model_config = ConfigDict(extra="ignore")


def _format_check(name: str, pattern: re.Pattern[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.match(value):
            raise PydanticCustomError(f"{name}_format", f"Input should be a valid {name}")
        return value

    return check


def _date_check(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise PydanticCustomError("date_format", "Input should be a valid date") from exc
    return value


def one_of(name: str, values: Iterable[str]) -> Callable[[str], str]:
    """A check for a string enumeration too long to spell as a `Literal`."""
    allowed = frozenset(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError("enum", f"Input should be a valid {name}")
        return value

    return check


# `{"type": "string", "minLength": a, "maxLength": b}`, named TextA_B (MaxB without a minimum).
Text1_10 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=10)]
Text1_20 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=20)]
Text1_25 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=25)]
Text1_30 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=30)]
Text1_32 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=32)]
Text1_100 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=100)]
Text1_200 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=200)]
Text1_255 = Annotated[StrictStr, StringConstraints(min_length=1, max_length=255)]
Text4_4 = Annotated[StrictStr, StringConstraints(min_length=4, max_length=4)]
Max32 = Annotated[StrictStr, StringConstraints(max_length=32)]
Max100 = Annotated[StrictStr, StringConstraints(max_length=100)]


Uuid = Annotated[StrictStr, AfterValidator(_format_check("uuid", _UUID))]
Email = Annotated[StrictStr, AfterValidator(_format_check("email", _EMAIL))]
Uri = Annotated[
    StrictStr,
    StringConstraints(min_length=1, max_length=2083),
    AfterValidator(_format_check("uri", _URI)),
]
IsoDate = Annotated[StrictStr, AfterValidator(_date_check)]


def reject_null(value: Any) -> Any:
    """Before-validator for properties the spec types without `null`: absent is fine, null not."""
    if value is None:
        raise PydanticCustomError("not_null", "Input should not be null")
    return value
