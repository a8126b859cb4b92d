"""Property values as the engine keeps them: JSON with Pulumi's signature objects inside.

A secret is ``{SIG_KEY: SECRET_SIG, "value": v}`` and an unknown (preview) value is the
``UNKNOWN`` string, exactly as they travel in a protobuf ``Struct`` between the SDK, the engine
and a provider (sdk/python/lib/pulumi/runtime/rpc.py). Working on that JSON keeps the engine
free of any provider code: it never needs to know what a property means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2

__all__ = [
    "SECRET_SIG",
    "SIG_KEY",
    "UNKNOWN",
    "annotate_secrets",
    "contains_secrets",
    "contains_unknowns",
    "deep_equals",
    "displayed",
    "from_struct",
    "is_secret",
    "make_secret",
    "mark_secret_outputs",
    "strip_secrets",
    "to_struct",
]

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"  # noqa: S105 - a signature
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

Props = dict[str, Any]


def _tidy(value: Any) -> Any:
    """Struct numbers are doubles; whole ones are written back as ints (as the CLI's JSON does)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    return value


def from_struct(struct: struct_pb2.Struct | None) -> Props:
    if struct is None:
        return {}
    result: Props = _tidy(json_format.MessageToDict(struct))
    return result


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(dict(props))
    return struct


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG


def displayed(value: Any, show_secrets: bool) -> Any:
    """A value as the CLI shows it: secrets as ``[secret]`` unless asked, unknowns as
    ``[unknown]`` (a preview's values the program cannot know yet)."""
    if is_secret(value):
        return displayed(value.get("value"), show_secrets) if show_secrets else "[secret]"
    if value == UNKNOWN:
        return "[unknown]"
    if isinstance(value, dict):
        return {key: displayed(item, show_secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [displayed(item, show_secrets) for item in value]
    return value


def make_secret(value: Any) -> Any:
    return value if is_secret(value) else {SIG_KEY: SECRET_SIG, "value": value}


def strip_secrets(value: Any) -> Any:
    """The plain value, every secret wrapper removed (removeSecrets in provider_plugin.go)."""
    if is_secret(value):
        return strip_secrets(value.get("value"))
    if isinstance(value, dict):
        return {key: strip_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_secrets(item) for item in value]
    return value


def deep_equals(old: Any, new: Any) -> bool:
    """Two property values as the engine compares inputs (sdk/go/common/resource/properties_diff.go
    ``PropertyMap.DeepEquals``): a null key equals a missing one, a secret equals only a secret
    of an equal value."""
    if is_secret(old) or is_secret(new):
        return is_secret(old) and is_secret(new) and deep_equals(old.get("value"), new.get("value"))
    if isinstance(old, dict) and isinstance(new, dict):
        return all(deep_equals(old.get(key), new.get(key)) for key in {*old, *new})
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(deep_equals, old, new))
    if isinstance(old, bool) != isinstance(new, bool):
        return False
    return bool(old == new)


def contains_unknowns(value: Any) -> bool:
    if value == UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknowns(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_unknowns(item) for item in value)
    return False


def contains_secrets(value: Any) -> bool:
    if is_secret(value):
        return True
    if isinstance(value, dict):
        return any(contains_secrets(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_secrets(item) for item in value)
    return False


def annotate_secrets(outputs: Props, inputs: Mapping[str, Any]) -> Props:
    """Outputs named like a secret input become secret; objects on both sides are walked.

    sdk/go/common/resource/plugin/provider_plugin.go, ``annotateSecrets`` (called from Check,
    Create, Read and Update when the provider answered ``acceptSecrets=false``, as the dynamic
    server does): a provider that cannot take secrets must not make them plain. Where the input
    and the output are both objects it recurses, so one secret key does not make the whole
    object secret; anything else holding a secret (a list, say) becomes secret whole.
    """
    result = dict(outputs)
    for key, in_value in inputs.items():
        if key not in result:
            continue
        out_value = result[key]
        if _is_object(out_value) and _is_object(in_value):
            result[key] = annotate_secrets(out_value, in_value)
        elif not is_secret(out_value) and contains_secrets(in_value):
            result[key] = make_secret(out_value)
    return result


def _is_object(value: Any) -> bool:
    """A property map, not a signature object (a secret)."""
    return isinstance(value, dict) and SIG_KEY not in value


def mark_secret_outputs(outputs: Props, names: Iterable[str]) -> Props:
    """``additionalSecretOutputs``: the named outputs are secret whatever the provider said."""
    wanted = set(names)
    return {
        key: make_secret(value) if key in wanted and value is not None else value
        for key, value in outputs.items()
    }
