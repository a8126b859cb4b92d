"""Base classes: strict request models, tolerant response models, open enums.

Requests are ours, so a typo must fail before any HTTP call (`extra="forbid"`). Answers are
Monite's, and Monite adds fields and sends `null` for optional ones whatever the spec says, so
response models ignore unknown fields and accept `None` for every optional field. Enum-like
answer fields keep values we do not know (with a warning) instead of failing a whole `refresh`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from monite_pulumi._logging import get_logger

__all__ = ["RequestModel", "ResponseModel", "one_of", "warn_unknown", "whole_number"]

_log = get_logger("monite_pulumi.client.models")


class RequestModel(BaseModel):
    """A body we send: unknown fields are an error, values validated before sending."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    # Whether an explicitly set `None` is sent as `null` (PATCH bodies whose spec allows null,
    # to clear a field) or dropped (bodies whose spec has no nullable field).
    send_explicit_nulls: ClassVar[bool] = False
    # Top-level fields the spec does not allow to be null even in such a PATCH.
    never_null: ClassVar[frozenset[str]] = frozenset()

    def to_body(self) -> dict[str, Any]:
        """The JSON body: unset fields are omitted; `None` only where it means "clear"."""
        if self.send_explicit_nulls:
            body = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
            return {k: v for k, v in body.items() if v is not None or k not in self.never_null}
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class ResponseModel(BaseModel):
    """An answer Monite sends: unknown fields ignored, optional fields may be `null`."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


def warn_unknown(schema: str, *known: str) -> AfterValidator:
    """For `Annotated[str, warn_unknown(...)]`: keep any value, warn about one outside `known`."""
    allowed = frozenset(known)

    def keep_and_warn(value: str) -> str:
        if value not in allowed:
            _log.warning(
                "Monite sent %s value %r, unknown to this version of monite-pulumi; kept as is",
                schema,
                value,
            )
        return value

    return AfterValidator(keep_and_warn)


def one_of(allowed: frozenset[str], what: str) -> Callable[[str], str]:
    """For `AfterValidator`: refuse a code of the right shape that Monite's list lacks."""

    def known(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"is not a {what} Monite accepts")
        return value

    return known


def whole_number(value: Any) -> Any:
    """For `BeforeValidator` on integers sent to Monite: no `True`, no `"100"`.

    Lax int parsing would turn both into numbers; whole floats stay accepted because numbers
    reach the providers as floats over gRPC.
    """
    if isinstance(value, (bool, str, bytes)):
        raise ValueError("must be a whole number, not text or true/false")
    return value
