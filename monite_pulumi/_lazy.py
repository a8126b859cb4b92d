"""A package's public names loaded on first use (PEP 562).

Importing one subpackage (the client, the sandbox, one provider in the provider server) must not
pull in the others, nor Pulumi: each lazy package hands its name -> module map to this one
mechanism instead of carrying its own copy of ``__getattr__``.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, namespace: MutableMapping[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``.

    ``exports`` maps each public name to the full name of the module defining it; a name is
    imported once, then kept in ``namespace`` (the package's ``globals()``).
    """

    def get_attribute(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = pkgutil.resolve_name(f"{module}:{name}")
        namespace[name] = value
        return value

    def list_names() -> list[str]:
        return sorted(set(namespace) | set(namespace.get("__all__", ())))

    return get_attribute, list_names
