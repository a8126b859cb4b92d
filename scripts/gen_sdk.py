"""Generate the Python SDK of the native provider from its schema: monite_pulumi/native/sdk.py
and the Args classes both faces take, monite_pulumi/core/args.py.

Usage: ``python scripts/gen_sdk.py`` (writes the module), ``--check`` (exit 1 if it is stale;
tests/native/test_sdk.py runs the same comparison). The input is the schema the plugin serves
(``monite_pulumi.native.schema.package_schema``); the output follows Pulumi's generated Python
SDKs: one ``pulumi.CustomResource`` per resource (token ``monite:index:<Type>``), typed
``<Type>Args`` dataclasses (the same names as the dynamic face's classes where they mean the
same), outputs as snake_case attributes, and the snake_case <-> camelCase translation of
property names in ``translate_input_property`` / ``translate_output_property``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monite_pulumi.core.declaration import Field, TypeRef  # noqa: E402
from monite_pulumi.core.declarations import DECLARATIONS  # noqa: E402
from monite_pulumi.native.schema import package_schema, snake  # noqa: E402

OUT = ROOT / "monite_pulumi" / "native" / "sdk.py"
ARGS_OUT = ROOT / "monite_pulumi" / "core" / "args.py"

_PRIMITIVE = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _py_name(camel_name: str, spec: dict[str, Any]) -> str:
    named: str | None = spec.get("language", {}).get("python", {}).get("name")
    return named or snake(camel_name)


def _type_name(token: str) -> str:
    return token.rsplit(":", 1)[-1]


def _annotation(spec: dict[str, Any], *, args: bool) -> str:
    ref = spec.get("$ref", "")
    if ref == "pulumi.json#/Any":
        return "Any"
    if ref.startswith("#/types/"):
        # An Args object or a plain mapping of it (what Pulumi's ArgsDict allows).
        return f"{_type_name(ref)}Args | Mapping[str, Any]" if args else "dict[str, Any]"
    kind = spec.get("type")
    if kind == "array":
        item = _annotation(spec["items"], args=args)
        return f"Sequence[{item}]" if args else f"list[{item}]"
    if kind == "object":
        item = _annotation(spec["additionalProperties"], args=args)
        return f"Mapping[str, {item}]" if args else f"dict[str, {item}]"
    return _PRIMITIVE[str(kind)]


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
    lines = [
        "",
        "",
        f"class {name}(_NativeResource):",
        *_doc(f"{resource['description']} Token ``{token}``.", "    "),
        "",
    ]
    for key, spec in resource["properties"].items():
        annotation = _annotation(spec, args=False)
        lines.append(f"    {_py_name(key, spec)}: pulumi.Output[{annotation}]")
    secrets = [key for key, spec in resource["properties"].items() if spec.get("secret")]
    lines += [
        "",
        f"    _TOKEN = {token!r}",
        f"    _SECRETS = {tuple(snake(key) for key in secrets)!r}",
        "",
        "    def __init__(",
        f"        self, name: str, args: {name}Args, opts: pulumi.ResourceOptions | None = None",
        "    ) -> None:",
        "        self._register(name, to_property(args), opts)",
    ]
    return lines


_SDK_HEAD = '''"""The Python SDK of the native provider ``monite`` (tokens ``monite:index:<Type>``).

GENERATED by scripts/gen_sdk.py from the provider's schema: do not edit; tests/native/test_sdk.py
checks it is current. Names are snake_case here and camelCase on the wire, translated as Pulumi's
generated SDKs translate them. The Args classes are those of monite_pulumi.core.args, shared
with the dynamic resources.
"""

# ruff: noqa: S105

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import pulumi

from monite_pulumi.core.args import (
{imports}
)
from monite_pulumi.resources._props import to_property, with_secret_outputs

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

_HELPERS = """

_R = TypeVar("_R", bound="_NativeResource")


class _NativeResource(pulumi.CustomResource):
    \"\"\"What every resource of the SDK does: register its token, translate names, ``get``.\"\"\"

    _TOKEN: ClassVar[str]
    _SECRETS: ClassVar[tuple[str, ...]]

    def _register(self, name: str, inputs: Any, opts: pulumi.ResourceOptions | None) -> None:
        props: dict[str, Any] = dict.fromkeys(type(self).__annotations__)  # the outputs
        props.update(inputs or {})
        opts = with_secret_outputs(opts, self._SECRETS)
        pulumi.CustomResource.__init__(self, self._TOKEN, name, props, opts)

    @classmethod
    def get(
        cls: type[_R],
        name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> _R:
        \"\"\"An existing object by its id (Read with the id alone).\"\"\"
        resource = cls.__new__(cls)
        merged = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        resource._register(name, {}, merged)
        return resource

    def translate_input_property(self, prop: str) -> str:
        return _CAMEL.get(prop, prop)

    def translate_output_property(self, prop: str) -> str:
        return _SNAKE.get(prop, prop)
"""


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
    """monite_pulumi/native/sdk.py: the resource classes and the name tables."""
    schema = package_schema()
    names: dict[str, str] = {}
    lines: list[str] = []
    for kind in schema["types"].values():
        for key, spec in kind["properties"].items():
            names[_py_name(key, spec)] = key
    for key, spec in schema["provider"]["inputProperties"].items():
        names[_py_name(key, spec)] = key
    for token, resource in schema["resources"].items():
        for key, spec in {**resource["inputProperties"], **resource["properties"]}.items():
            names[_py_name(key, spec)] = key
        lines += _resource_class(token, resource)
    lines += _provider_class(schema["provider"]["inputProperties"])
    renamed = {py: camel for py, camel in sorted(names.items()) if py != camel}
    table = ["", "_CAMEL: dict[str, str] = {"]
    table += [f"    {py!r}: {camel!r}," for py, camel in renamed.items()]
    table += ["}", "_SNAKE: dict[str, str] = {camel: py for py, camel in _CAMEL.items()}"]
    classes = [_type_name(token) for token in schema["resources"]]
    args = [f"{_type_name(token)}Args" for token in [*schema["types"], *schema["resources"]]]
    head = _SDK_HEAD.replace("{imports}", "\n".join(f"    {name}," for name in sorted(args)))
    exported = [*classes, *args, "Provider", "ProviderArgs"]
    body = "\n".join(_all(exported) + table) + "\n" + _HELPERS + "\n".join(lines)
    return _formatted(head + body + "\n")


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
    for out, text in ((ARGS_OUT, render_args()), (OUT, render())):
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
