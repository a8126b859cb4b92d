"""Messages name what the user wrote: neutral parts the core uses, rendered by the running face.

The core writes a failure reason once, with parts instead of spellings: ``setting(name, value)``
(``allow_replacement=True`` / ``allowReplacement: true``), ``name(path)`` (``adopt_id`` /
``adoptId``), ``literal(value)``, ``args_of(type)`` (``this EntityArgs`` / ``this
monite:index:Entity``) and ``depends_on()``. The dynamic face is Python (its users write
``EntityArgs(allow_replacement=True)``); the native face speaks as Pulumi's schema does, in
camelCase, as a TypeScript, Go, C# or YAML program writes the same property.

Which face speaks is a context variable set around each call (``speaking``), so the threads of a
process that serves calls of both faces never mix; the dynamic face is the default.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from monite_pulumi.core._context import bound
from monite_pulumi.core.declaration import camel

__all__ = [
    "DYNAMIC",
    "NATIVE",
    "Face",
    "args_of",
    "current",
    "depends_on",
    "literal",
    "name",
    "setting",
    "speaking",
]


def _python_code(value: Any) -> str:
    """A value as a program writes it: ``"connected"`` (the docs' double quotes), ``30``."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _python_value(value: Any) -> str:
    """A value as Python shows it: ``'DE'``, ``None``."""
    return _python_code(value) if isinstance(value, float) else repr(value)


def _json(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return json.dumps(value)


def _camel_path(path: str) -> str:
    return ".".join(camel(part) for part in path.split("."))


@dataclass(frozen=True)
class Face:
    """How one face spells names, values and the place a property is declared."""

    name: Callable[[str], str]
    literal: Callable[[Any], str]
    """A value seen (in Python: its repr)."""
    code: Callable[[Any], str]
    """A value to write in a setting."""
    assign: str
    """Between a name and its value: ``=`` in Python keyword arguments, ``: `` in a schema."""
    args_of: Callable[[str], str]
    depends_on: str


DYNAMIC = Face(
    name=lambda path: path,
    literal=_python_value,
    code=_python_code,
    assign="=",
    args_of=lambda type_name: f"{type_name}Args",
    depends_on="opts=pulumi.ResourceOptions(depends_on=[...])",
)
NATIVE = Face(
    name=_camel_path,
    literal=_json,
    code=_json,
    assign=": ",
    args_of=lambda type_name: f"monite:index:{type_name} resource",
    depends_on="dependsOn resource option",
)

_FACE: ContextVar[Face] = ContextVar("monite_pulumi_face", default=DYNAMIC)


def speaking(face: Face) -> AbstractContextManager[None]:
    """Messages made inside name things as ``face`` does."""
    return bound(_FACE, face)


def current() -> Face:
    """The face whose call is running."""
    return _FACE.get()


def name(path: str) -> str:
    """A property or option (a dotted path of core names) as the user wrote it."""
    return _FACE.get().name(path)


def literal(value: Any) -> str:
    """A value as the user would write it (``True`` / ``true``, ``None`` / ``null``)."""
    return _FACE.get().literal(value)


def setting(path: str, value: Any) -> str:
    """``allow_replacement=True`` in the dynamic face, ``allowReplacement: true`` natively."""
    face = _FACE.get()
    return f"{face.name(path)}{face.assign}{face.code(value)}"


def args_of(type_name: str) -> str:
    """Where a resource's properties are declared: ``EntityArgs`` / ``monite:index:Entity``."""
    return _FACE.get().args_of(type_name)


def depends_on() -> str:
    """How a program orders one resource after another."""
    return _FACE.get().depends_on
