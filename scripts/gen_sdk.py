"""Generate the Python SDK of the native provider from its schema: monite_pulumi/native/sdk.py.

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

from monite_pulumi.native.schema import package_schema, snake  # noqa: E402

OUT = ROOT / "monite_pulumi" / "native" / "sdk.py"

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
        name = _type_name(ref)
        return f"{name}Args" if args else "dict[str, Any]"
    kind = spec.get("type")
    if kind == "array":
        return f"list[{_annotation(spec['items'], args=args)}]"
    if kind == "object":
        return f"dict[str, {_annotation(spec['additionalProperties'], args=args)}]"
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


def _args_class(
    name: str, description: str, props: dict[str, Any], required: list[str]
) -> list[str]:
    lines = ["", "", "@dataclass", f"class {name}:", *_doc(description, "    "), ""]
    ordered = [key for key in props if key in required]
    ordered += [key for key in props if key not in required]
    for key in ordered:
        spec = props[key]
        annotation = f"pulumi.Input[{_annotation(spec, args=True)}]"
        if key in required:
            lines.append(f"    {_py_name(key, spec)}: {annotation}")
        else:
            default = spec.get("default")
            lines.append(f"    {_py_name(key, spec)}: {annotation} | None = {default!r}")
        lines.extend(_doc(spec["description"], "    "))
    return lines


def _resource_class(token: str, resource: dict[str, Any]) -> list[str]:
    name = _type_name(token)
    lines = [
        "",
        "",
        f"class {name}(pulumi.CustomResource):",
        *_doc(f"{resource['description']} Token ``{token}``.", "    "),
        "",
    ]
    for key, spec in resource["properties"].items():
        annotation = _annotation(spec, args=False)
        lines.append(f"    {_py_name(key, spec)}: pulumi.Output[{annotation}]")
    outputs = ", ".join(repr(_py_name(key, spec)) for key, spec in resource["properties"].items())
    secrets = [key for key, spec in resource["properties"].items() if spec.get("secret")]
    lines += [
        "",
        f"    _TOKEN = {token!r}",
        f"    _OUTPUTS = ({outputs},)",
        f"    _SECRETS = {tuple(snake(key) for key in secrets)!r}",
        "",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        f"        args: {name}Args,",
        "        opts: pulumi.ResourceOptions | None = None,",
        "    ) -> None:",
        "        props = dict.fromkeys(self._OUTPUTS)",
        "        props.update(_input_props(args))",
        "        opts = _with_secrets(opts, self._SECRETS)",
        "        super().__init__(self._TOKEN, resource_name, props, opts)",
        "",
        "    @classmethod",
        "    def get(",
        "        cls,",
        "        resource_name: str,",
        "        id: pulumi.Input[str],",
        "        opts: pulumi.ResourceOptions | None = None,",
        f"    ) -> {name}:",
        '        """An existing object by its id (Read with the id alone)."""',
        "        resource = cls.__new__(cls)",
        "        merged = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))",
        "        props = dict.fromkeys(cls._OUTPUTS)",
        "        base = pulumi.CustomResource",
        "        base.__init__(resource, cls._TOKEN, resource_name, props, merged)",
        "        return resource",
        "",
        "    def translate_input_property(self, prop: str) -> str:",
        "        return _CAMEL.get(prop, prop)",
        "",
        "    def translate_output_property(self, prop: str) -> str:",
        "        return _SNAKE.get(prop, prop)",
    ]
    return lines


_HEAD = '''"""The Python SDK of the native provider ``monite`` (tokens ``monite:index:<Type>``).

GENERATED by scripts/gen_sdk.py from the provider's schema: do not edit; tests/native/test_sdk.py
checks it is current. Names are snake_case here and camelCase on the wire, translated as Pulumi's
generated SDKs translate them.
"""

# ruff: noqa: S105

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

'''

_HELPERS = """

def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: _plain(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if getattr(value, item.name) is not None
        }
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _input_props(args: Any) -> dict[str, Any]:
    props: dict[str, Any] = _plain(args)
    return props


def _with_secrets(
    opts: pulumi.ResourceOptions | None, secrets: tuple[str, ...]
) -> pulumi.ResourceOptions:
    extra = pulumi.ResourceOptions(additional_secret_outputs=list(secrets))
    return pulumi.ResourceOptions.merge(opts, extra)
"""


def render() -> str:
    schema = package_schema()
    names: dict[str, str] = {}
    lines: list[str] = []
    for token, kind in schema["types"].items():
        for key, spec in kind["properties"].items():
            names[_py_name(key, spec)] = key
        lines += _args_class(
            f"{_type_name(token)}Args", kind["description"], kind["properties"], kind["required"]
        )
    for token, resource in schema["resources"].items():
        for key, spec in {**resource["inputProperties"], **resource["properties"]}.items():
            names[_py_name(key, spec)] = key
        lines += _args_class(
            f"{_type_name(token)}Args",
            f"Inputs of {_type_name(token)}.",
            resource["inputProperties"],
            resource["requiredInputs"],
        )
        lines += _resource_class(token, resource)
    renamed = {py: camel for py, camel in sorted(names.items()) if py != camel}
    table = ["", "_CAMEL: dict[str, str] = {"]
    table += [f"    {py!r}: {camel!r}," for py, camel in renamed.items()]
    table += ["}", "_SNAKE: dict[str, str] = {camel: py for py, camel in _CAMEL.items()}"]
    classes = [_type_name(token) for token in schema["resources"]]
    args = [f"{_type_name(token)}Args" for token in [*schema["types"], *schema["resources"]]]
    exported = sorted([*classes, *args])
    all_lines = ["__all__ = [", *(f"    {name!r}," for name in exported), "]"]
    text = _HEAD + "\n".join(all_lines + table) + "\n" + _HELPERS + "\n".join(lines) + "\n"
    return _formatted(text)


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
    text = render()
    if argv == ["--check"]:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run python scripts/gen_sdk.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
