"""A check failure: one input and why it is refused; each face reports it its own way."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CheckFailure"]


@dataclass(frozen=True)
class CheckFailure:
    """The same two fields as ``pulumi.dynamic.CheckFailure`` and the provider protocol's."""

    property: str
    """The input's path, by its core (snake_case) name: ``address.country``."""
    reason: str
