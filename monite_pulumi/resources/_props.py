"""Turn typed Args dataclasses into the property bag a dynamic resource registers.

Pulumi serialises dicts, lists and Outputs but not dataclasses, so nested Args are flattened here
by hand (``dataclasses.asdict`` would deep-copy Outputs, which must stay as they are).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import pulumi
from pulumi.dynamic import Resource, ResourceProvider


def to_property(value: Any) -> Any:
    """Convert one Args value (dataclass, mapping, list or plain/Output) into a property value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_property(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if getattr(value, field.name) is not None
        }
    if isinstance(value, Mapping):
        return {key: to_property(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_property(item) for item in value]
    return value


def resource_props(args: Any, output_names: Iterable[str]) -> dict[str, Any]:
    """Every declared output as ``None`` (so it exists on the resource) plus the given inputs."""
    props: dict[str, Any] = dict.fromkeys(output_names)
    props.update(to_property(args))
    return props


def with_secret_outputs(
    opts: pulumi.ResourceOptions | None, secret_outputs: Sequence[str]
) -> pulumi.ResourceOptions:
    """The user's options plus ``additional_secret_outputs``, set by the resource class itself.

    The dynamic provider server cannot mark outputs secret (it answers ``acceptSecrets=False``),
    so outputs such as a ``connection_url`` are marked here, where users cannot forget it.
    """
    extra = pulumi.ResourceOptions(additional_secret_outputs=list(secret_outputs))
    return pulumi.ResourceOptions.merge(opts, extra)


A = TypeVar("A")


class MoniteResource(Resource, Generic[A]):
    """What every dynamic resource does: its provider, its declared outputs, its secret outputs.

    A subclass (``MoniteResource[EntityArgs]``: the Args type its ``__init__`` takes) names its
    provider class and declares its outputs as annotations (generated from the declaration: the
    output names in every stack's state, pinned by tests); ``__init__`` registers the args.
    """

    provider_class: ClassVar[type[ResourceProvider]]
    secret_outputs: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, resource_name: str, args: A, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        outputs = type(self).__annotations__
        if self.secret_outputs:
            opts = with_secret_outputs(opts, self.secret_outputs)
        super().__init__(self.provider_class(), resource_name, resource_props(args, outputs), opts)
