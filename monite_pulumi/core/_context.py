"""A context variable set for the duration of a ``with`` block (per call, per thread)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

__all__ = ["bound"]

T = TypeVar("T")


@contextmanager
def bound(variable: ContextVar[T], value: T) -> Iterator[None]:
    """``variable`` is ``value`` inside the block, what it was after."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)
