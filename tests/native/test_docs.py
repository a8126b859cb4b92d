"""docs/native-provider.md: the YAML program uses only what the schema declares."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from monite_pulumi.native.schema import package_schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "native-provider.md"


def _block(language: str) -> str:
    """The program of ``language``: the first block of it under "Using it from any language"."""
    text = DOC.read_text("utf-8").split("## Using it from any language", 1)[1]
    found = re.search(rf"```{language}\n(.*?)```", text, re.S)
    assert found, language
    return found.group(1)


def _check_object(value: Any, spec: dict[str, Any], path: str) -> list[str]:
    schema = package_schema()
    ref = spec.get("$ref", "")
    if not ref.startswith("#/types/") or not isinstance(value, dict):
        return []
    kind = schema["types"][ref.removeprefix("#/types/")]
    problems = [f"{path}.{key}" for key in value if key not in kind["properties"]]
    problems += [f"{path}.{key} missing" for key in kind["required"] if key not in value]
    for key, item in value.items():
        if key in kind["properties"]:
            problems += _check_object(item, kind["properties"][key], f"{path}.{key}")
    return problems


def test_the_yaml_program_uses_only_declared_properties() -> None:
    program = yaml.safe_load(_block("yaml"))
    schema = package_schema()
    declared = program["resources"]
    problems: list[str] = []
    for name, resource in declared.items():
        spec = schema["resources"][resource["type"]]
        props = resource["properties"]
        problems += [f"{name}.{key}" for key in props if key not in spec["inputProperties"]]
        problems += [f"{name}.{key} missing" for key in spec["requiredInputs"] if key not in props]
        for key, value in props.items():
            if key in spec["inputProperties"]:
                problems += _check_object(value, spec["inputProperties"][key], f"{name}.{key}")
    text = _block("yaml")
    for resource, output in re.findall(r"\$\{(\w+)\.(\w+)\}", text):
        spec = schema["resources"][declared[resource]["type"]]
        if output not in spec["properties"] and output not in ("id", "urn"):
            problems.append(f"${{{resource}.{output}}}")
    assert problems == []
    assert program["plugins"]["providers"][0]["name"] == "monite"


def test_every_language_has_a_program() -> None:
    for language in ("yaml", "typescript", "go", "csharp"):
        assert "Entity" in _block(language)
