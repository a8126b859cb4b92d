"""Generate the Python SDK of the native provider from its schema: monite_pulumi/native/sdk.py,
the Args classes both faces take, monite_pulumi/core/args.py, and the output annotations of the
dynamic resources (the block marked GENERATED in each monite_pulumi/resources/<type>.py).

Usage: ``python scripts/gen_sdk.py`` (writes the module), ``--check`` (exit 1 if it is stale;
tests/native/test_sdk.py runs the same comparison). The input is the schema the plugin serves
(``monite_pulumi.native.schema.package_schema``); the output follows Pulumi's generated Python
SDKs: one ``pulumi.CustomResource`` per resource (token ``monite:index:<Type>``), typed
``<Type>Args`` dataclasses (the same names as the dynamic face's classes where they mean the
same), outputs as snake_case attributes, and the snake_case <-> camelCase translation of
declared property names by type metadata, as those SDKs do: an input type per resource and
object (``_<Type>Props``) and an output type per object, names given by ``pulumi.property``; a
free-form map's keys are never renamed. Only the provider resource (flat settings) keeps a
``translate_input_property`` table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monite_pulumi.core.declaration import Field, ResourceDeclaration, TypeRef  # noqa: E402
from monite_pulumi.core.declarations import DECLARATIONS  # noqa: E402
from monite_pulumi.native.schema import package_schema, snake  # noqa: E402

OUT = ROOT / "monite_pulumi" / "native" / "sdk.py"
RESOURCES = ROOT / "monite_pulumi" / "resources"
_BLOCK_START = "    # GENERATED outputs (scripts/gen_sdk.py, from the declaration): do not edit"
_BLOCK_END = "    # end of GENERATED outputs"
ARGS_OUT = ROOT / "monite_pulumi" / "core" / "args.py"

_PRIMITIVE = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _py_name(camel_name: str, spec: dict[str, Any]) -> str:
    named: str | None = spec.get("language", {}).get("python", {}).get("name")
    return named or snake(camel_name)


def _type_name(token: str) -> str:
    return token.rsplit(":", 1)[-1]


def _annotation(spec: dict[str, Any], *, args: bool) -> str:
    """The Python type of a schema type: what a user passes (``args``) or reads back."""
    ref = spec.get("$ref", "")
    if ref == "pulumi.json#/Any":
        return "Any"
    if ref.startswith("#/types/"):
        # An Args object or a plain mapping of it (what Pulumi's ArgsDict allows); read back,
        # the output type (a dict keyed by the Python names, with a getter per property).
        return f"{_type_name(ref)}Args | Mapping[str, Any]" if args else _type_name(ref)
    kind = spec.get("type")
    if kind == "array":
        item = _annotation(spec["items"], args=args)
        return f"Sequence[{item}]" if args else f"list[{item}]"
    if kind == "object":
        item = _annotation(spec["additionalProperties"], args=args)
        return f"Mapping[str, {item}]" if args else f"dict[str, {item}]"
    return _PRIMITIVE[str(kind)]


def _wire_annotation(spec: dict[str, Any]) -> str:
    """The type Pulumi's serializer reads to translate names: declared objects by their input
    type (``_<Type>Props``), free-form maps as ``Mapping[str, ...]`` (keys never renamed)."""
    ref = spec.get("$ref", "")
    if ref == "pulumi.json#/Any":
        return "Any"
    if ref.startswith("#/types/"):
        return f"_{_type_name(ref)}Props"
    kind = spec.get("type")
    if kind == "array":
        return f"Sequence[pulumi.Input[{_wire_annotation(spec['items'])}]]"
    if kind == "object":
        return f"Mapping[str, pulumi.Input[{_wire_annotation(spec['additionalProperties'])}]]"
    return _PRIMITIVE[str(kind)]


def _named(camel_name: str, py: str) -> str:
    """The class attribute that names a property on the wire (Pulumi's ``pulumi.property``)."""
    return f' = pulumi.property("{camel_name}")' if camel_name != py else ""


def _props_class(name: str, properties: dict[str, Any]) -> list[str]:
    """``_<Name>Props``: the input type Pulumi translates names by (declared ones only)."""
    lines = ["", "", "@pulumi.input_type", f"class _{name}Props:"]
    lines.append(f'    """Names of {name} on the wire: read by Pulumi\'s serializer."""')
    lines.append("")
    for key, spec in properties.items():
        py = _py_name(key, spec)
        lines.append(f"    {py}: pulumi.Input[{_wire_annotation(spec)}] | None{_named(key, py)}")
    return lines


def _output_class(name: str, description: str, properties: dict[str, Any]) -> list[str]:
    """``<Name>``: an object output, a dict keyed by Python names with a property for each, as
    Pulumi's generated output types are; an absent value is no key."""
    lines = ["", "", "@pulumi.output_type", f"class {name}(dict):  # type: ignore[type-arg]"]
    lines += [*_doc(description, "    "), ""]
    for key, spec in properties.items():
        py = _py_name(key, spec)
        lines.append(f"    {py}: {_annotation(spec, args=False)} | None{_named(key, py)}")
    lines += ["", "    def __init__(self, **values: Any) -> None:"]
    lines.append("        super().__init__({k: v for k, v in values.items() if v is not None})")
    return lines


def _doc(text: str, indent: str) -> list[str]:
    words, lines, line = text.replace('"""', "'''").split(), [], ""
    for word in words:
        if len(indent) + len(line) + len(word) + 1 > 92:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    return [f'{indent}"""{lines[0]}', *(f"{indent}{item}" for item in lines[1:]), f'{indent}"""']


def _arg_annotation(kind: TypeRef) -> str:
    """The Python type of an input of this kind (a nested object: its Args or a mapping)."""
    if kind.kind in _PRIMITIVE:
        return _PRIMITIVE[kind.kind]
    if kind.kind == "object":
        return f"{kind.ref}Args | Mapping[str, Any]"
    if kind.kind in ("array", "map") and kind.items is not None:
        item = _arg_annotation(kind.items)
        return f"Sequence[{item}]" if kind.kind == "array" else f"Mapping[str, {item}]"
    return "Any"


def _args_class(name: str, description: str, fields: tuple[Field, ...]) -> list[str]:
    lines = ["", "", "@dataclass", f"class {name}:", *_doc(description, "    "), ""]
    ordered = [item for item in fields if item.required]
    ordered += [item for item in fields if not item.required]
    for item in ordered:
        annotation = f"pulumi.Input[{_arg_annotation(item.type)}]"
        if item.required:
            lines.append(f"    {item.name}: {annotation}")
        elif isinstance(item.default, list):
            default = "field(default_factory=list)"
            lines.append(f"    {item.name}: {annotation} | None = {default}")
        else:
            lines.append(f"    {item.name}: {annotation} | None = {item.default!r}")
        lines.extend(_doc(item.description, "    "))
    return lines


def _resource_class(token: str, resource: dict[str, Any]) -> list[str]:
    name = _type_name(token)
    lines = _props_class(name, resource["inputProperties"])
    lines += [
        "",
        "",
        f"class {name}(NativeResource[{name}Args]):",
        *_doc(f"{resource['description']} Token ``{token}``.", "    "),
        "",
    ]
    for key, spec in resource["properties"].items():
        py, annotation = _py_name(key, spec), f"pulumi.Output[{_annotation(spec, args=False)}]"
        lines.append(f"    {py}: {annotation}{_named(key, py)}")
    secrets = [key for key, spec in resource["properties"].items() if spec.get("secret")]
    lines += [
        "",
        f"    _TOKEN = {token!r}",
        f"    _PROPS = _{name}Props",
        f"    _SECRETS = {tuple(snake(key) for key in secrets)!r}",
    ]
    return lines


_SDK_HEAD = '''"""The Python SDK of the native provider ``monite`` (tokens ``monite:index:<Type>``).

GENERATED by scripts/gen_sdk.py from the provider's schema: do not edit; tests/native/test_sdk.py
checks it is current. Names are snake_case here and camelCase on the wire, translated as Pulumi's
generated SDKs translate them: by type metadata (an input type per object, ``_<Type>Props``, and
an output type per object), so only declared property names are renamed and the keys of a
free-form map (``partner_metadata``) stay exactly as given. The Args classes are those of
monite_pulumi.core.args, shared with the dynamic resources.
"""

# ruff: noqa: S105

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from monite_pulumi.core.args import (
{imports}
)
from monite_pulumi.native._sdk_base import NativeResource
from monite_pulumi.resources._props import to_property

'''

_ARGS_HEAD = '''"""The typed inputs of every resource, for both faces (``<Type>Args``).

GENERATED by scripts/gen_sdk.py from the resource declarations (monite_pulumi/core/declarations):
do not edit; tests/native/test_sdk.py checks it is current. The dynamic resources
(monite_pulumi.resources) and the native SDK (monite_pulumi.native.sdk) both take
these. A nested object is its Args class or a plain mapping with the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi

'''


def _all(names: list[str]) -> list[str]:
    return ["__all__ = [", *(f"    {name!r}," for name in sorted(names)), "]"]


def render_args() -> str:
    """monite_pulumi/core/args.py: every Args class, from the resource declarations."""
    lines: list[str] = []
    names: list[str] = []
    for declaration in DECLARATIONS.values():
        for kind in declaration.objects:
            names.append(f"{kind.name}Args")
            lines += _args_class(names[-1], kind.description, kind.fields)
    for declaration in DECLARATIONS.values():
        names.append(f"{declaration.name}Args")
        lines += _args_class(names[-1], f"Inputs of {declaration.name}.", declaration.inputs)
    return _formatted(_ARGS_HEAD + "\n".join(_all(names)) + "\n" + "\n".join(lines) + "\n")


def _provider_class(config: dict[str, Any]) -> list[str]:
    """``Provider`` (``pulumi:providers:monite``) and its args: the monite: config keys."""
    lines = ["", "", "@dataclass", "class ProviderArgs:"]
    lines += _doc("An explicit provider's settings; unset ones fall back as the stack's.", "    ")
    lines.append("")
    for key, spec in config.items():
        annotation = f"pulumi.Input[{_annotation(spec, args=True)}]"
        lines.append(f"    {snake(key)}: {annotation} | None = None")
        lines += _doc(spec["description"], "    ")
    secrets = [snake(key) for key, spec in config.items() if spec.get("secret")]
    lines += [
        "",
        "",
        "class Provider(pulumi.ProviderResource):",
        '    """An explicit ``monite`` provider (``pulumi:providers:monite``)."""',
        "",
        "    def __init__(",
        "        self,",
        "        name: str,",
        "        args: ProviderArgs | None = None,",
        "        opts: pulumi.ResourceOptions | None = None,",
        "    ) -> None:",
        "        props = to_property(args or ProviderArgs())",
        f"        for key in {tuple(secrets)!r}:",
        "            if props.get(key) is not None:",
        "                props[key] = pulumi.Output.secret(props[key])",
        '        super().__init__("monite", name, props, opts)',
        "",
        "    def translate_input_property(self, prop: str) -> str:",
        "        return _CAMEL.get(prop, prop)",
    ]
    return lines


def render() -> str:
    """monite_pulumi/native/sdk.py: the resource classes, their input and output types."""
    schema = package_schema()
    lines: list[str] = []
    for token, kind in schema["types"].items():
        name = _type_name(token)
        lines += _props_class(name, kind["properties"])
        lines += _output_class(name, kind["description"], kind["properties"])
    for token, resource in schema["resources"].items():
        lines += _resource_class(token, resource)
    config = schema["provider"]["inputProperties"]
    lines += _provider_class(config)
    renamed = {snake(key): key for key in config if snake(key) != key}
    table = ["", "_CAMEL: dict[str, str] = {"]
    table += [f"    {py!r}: {camel!r}," for py, camel in sorted(renamed.items())]
    table += ["}", '"""The provider\'s settings: flat, so a name table translates them."""']
    classes = [_type_name(token) for token in [*schema["resources"], *schema["types"]]]
    args = [f"{_type_name(token)}Args" for token in [*schema["types"], *schema["resources"]]]
    head = _SDK_HEAD.replace("{imports}", "\n".join(f"    {name}," for name in sorted(args)))
    exported = [*classes, *args, "Provider", "ProviderArgs"]
    body = "\n".join(_all(exported) + table) + "\n" + "\n".join(lines)
    return _formatted(head + body + "\n")


def _dynamic_annotation(kind: TypeRef) -> str:
    """The type of a dynamic resource's output: objects and maps as plain dicts."""
    if kind.kind in _PRIMITIVE:
        return _PRIMITIVE[kind.kind]
    if kind.kind == "array" and kind.items is not None:
        return f"list[{_dynamic_annotation(kind.items)}]"
    if kind.kind == "map" and kind.items is not None:
        return f"dict[str, {_dynamic_annotation(kind.items)}]"
    return "dict[str, Any]" if kind.kind == "object" else "Any"


def dynamic_outputs(declaration: ResourceDeclaration) -> list[str]:
    """The output annotations of the dynamic resource: names and order are every stack's state
    (pinned by tests/test_public_api.py); an optional input or a sometimes-absent output is
    ``T | None``."""
    inputs = {item.name: item for item in declaration.inputs}
    lines = []
    for item in declaration.output_fields:
        annotation = _dynamic_annotation(item.type)
        given = inputs.get(item.name)
        optional = given is not None and not given.required and given.default is None
        if optional or item.may_be_absent:
            annotation += " | None"
        lines.append(f"    {item.name}: pulumi.Output[{annotation}]")
    return lines


def dynamic_module(declaration: ResourceDeclaration) -> Path:
    return RESOURCES / f"{snake(declaration.name)}.py"


def render_dynamic(declaration: ResourceDeclaration, current: str) -> str:
    """The resource module with its GENERATED block made from the declaration."""
    lines = current.splitlines()
    start, end = lines.index(_BLOCK_START), lines.index(_BLOCK_END)
    lines[start + 1 : end] = dynamic_outputs(declaration)
    return "\n".join(lines) + "\n"


def _formatted(text: str) -> str:
    """The module as ``ruff format`` writes it (the project's formatter, a dev dependency)."""
    done = subprocess.run(  # noqa: S603 (ruff of this environment)
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(OUT), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main(argv: list[str]) -> int:
    stale = 0
    made = [(ARGS_OUT, render_args()), (OUT, render())]
    for declaration in DECLARATIONS.values():
        module = dynamic_module(declaration)
        made.append((module, render_dynamic(declaration, module.read_text(encoding="utf-8"))))
    for out, text in made:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if argv == ["--check"]:
            if current != text:
                print(f"{out.relative_to(ROOT)} is stale: run python scripts/gen_sdk.py")
                stale = 1
            continue
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")
    return stale


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
