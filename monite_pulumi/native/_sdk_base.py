"""The base of every resource of the native SDK (monite_pulumi.native.sdk, generated).

A resource registers its token with its props as an instance of its input type (``_PROPS``), so
Pulumi translates names by type metadata, declared names only (sdk/python/lib/pulumi/resource.py,
``Resource.__init__``: an ``@input_type`` props object sets ``typ``); the keys of a free-form map
stay as the user wrote them. Outputs are named by the class's annotations.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

import pulumi

from monite_pulumi.resources._props import to_property, with_secret_outputs

__all__ = ["NativeResource"]

A = TypeVar("A")
R = TypeVar("R", bound="NativeResource[Any]")


class NativeResource(pulumi.CustomResource, Generic[A]):
    """Register the token and the input type; ``get`` an existing object by its id."""

    _TOKEN: ClassVar[str]
    _PROPS: ClassVar[type]
    _SECRETS: ClassVar[tuple[str, ...]]

    def __init__(self, name: str, args: A, opts: pulumi.ResourceOptions | None = None) -> None:
        self._register(name, to_property(args), opts)

    def _register(self, name: str, inputs: Any, opts: pulumi.ResourceOptions | None) -> None:
        props: Any = object.__new__(self._PROPS)
        props.__dict__.update(dict.fromkeys(type(self).__annotations__))  # the outputs
        props.__dict__.update(inputs or {})
        opts = with_secret_outputs(opts, self._SECRETS)
        pulumi.CustomResource.__init__(self, self._TOKEN, name, props, opts)

    @classmethod
    def get(
        cls: type[R],
        name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> R:
        """An existing object by its id (Read with the id alone)."""
        resource = cls.__new__(cls)
        merged = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        resource._register(name, {}, merged)
        return resource
