"""The committed spec facts: made by scripts/spec_facts.py, deterministic, prose-free, complete.

Monite's spec itself is not in the repository; the script is checked on a small fixture spec
(tests/data/fixture-openapi.json) and the committed file against what this project uses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from monite_pulumi.sandbox import SandboxOptions, create_app
from scripts.spec_facts import ENDPOINTS, EXTRA_SCHEMAS, PROSE, SpecError, facts, render
from tests.client.test_calls import CASES
from tests.spec_facts import FACTS_PATH, load_facts

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "spec_facts.py"


def _fixture_spec() -> dict[str, Any]:
    """A spec in Monite's shape: every endpoint, prose everywhere, a schema nobody uses."""
    operation = {
        "summary": "Say something",
        "description": "Long prose.",
        "operationId": "op",
        "tags": ["Things"],
        "parameters": [
            {"name": "limit", "in": "query", "description": "how many", "example": 5,
             "schema": {"type": "integer", "maximum": 100, "title": "Limit"}},
        ],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}}}},
        },
    }  # fmt: skip
    schemas = {
        "Thing": {
            "title": "Thing",
            "description": "A thing.",
            "type": "object",
            "properties": {
                "description": {"type": "string", "description": "the thing's own text"},
                "title": {"type": "string", "examples": ["Dr"]},
                "kind": {"$ref": "#/components/schemas/Kind"},
            },
            "required": ["kind"],
        },
        "Kind": {"type": "string", "enum": ["b", "a"], "x-speakeasy-name": "kind"},
        "Unused": {"type": "string", "description": "never reached"},
    }
    for name in EXTRA_SCHEMAS:
        schemas[name] = {"type": "string", "enum": ["x"], "description": f"{name} prose"}
    paths: dict[str, dict[str, Any]] = {}
    for method, template in ENDPOINTS:
        paths.setdefault(template, {})[method] = operation
    paths["/not/used"] = {"get": operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": "API", "version": "2024-05-25", "description": "prose"},
        "paths": paths,
        "components": {"schemas": schemas},
        "tags": [{"name": "Things", "description": "prose"}],
    }


def _keys(node: Any, *, under_properties: bool = False) -> set[str]:
    """Every key of ``node`` that is not a property name."""
    if isinstance(node, list):
        return set().union(*(_keys(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set() if under_properties else set(node)
    for key, value in node.items():
        found |= _keys(value, under_properties=(key == "properties" and not under_properties))
    return found


def test_the_script_writes_the_same_bytes_twice_and_sorted(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(_fixture_spec()))
    outputs = []
    for name in ("one.json", "two.json"):
        out = tmp_path / name
        subprocess.run([sys.executable, str(SCRIPT), str(spec_path), "--out", str(out)], check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    text = outputs[0].decode()
    assert text == render(_fixture_spec())
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=1) + "\n"
    check = subprocess.run(
        [sys.executable, str(SCRIPT), str(spec_path), "--out", str(tmp_path / "one.json"),
         "--check"], check=False,
    )  # fmt: skip
    assert check.returncode == 0


def test_the_check_flag_fails_on_a_stale_file(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(_fixture_spec()))
    stale = tmp_path / "facts.json"
    stale.write_text("{}\n")
    check = subprocess.run(
        [sys.executable, str(SCRIPT), str(spec_path), "--out", str(stale), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 1
    assert "run without --check" in check.stdout
    assert stale.read_text() == "{}\n"


def test_the_script_needs_the_spec_path_and_says_what_is_wrong(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2
    assert "spec" in missing.stderr
    absent = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "nope.json"), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert absent.returncode == 2
    assert "nope.json" in absent.stderr
    assert "Traceback" not in absent.stderr


def test_prose_goes_and_facts_stay() -> None:
    kept = facts(_fixture_spec())
    assert not _keys(kept) & PROSE
    assert not any(key.startswith("x-") for key in _keys(kept))
    thing = kept["components"]["schemas"]["Thing"]
    assert set(thing["properties"]) == {"description", "title", "kind"}  # property names stay
    assert kept["components"]["schemas"]["Kind"]["enum"] == ["b", "a"]
    assert "Unused" not in kept["components"]["schemas"]
    assert "/not/used" not in kept["paths"]
    limit = kept["paths"]["/products"]["get"]["parameters"][0]
    assert limit == {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
    assert kept["info"] == {"version": "2024-05-25"}


def test_a_spec_without_an_endpoint_we_use_is_refused() -> None:
    spec = _fixture_spec()
    del spec["paths"]["/products"]["get"]
    with pytest.raises(SpecError, match="GET /products"):
        facts(spec)


def test_the_committed_file_is_prose_free_and_self_contained() -> None:
    committed = load_facts()
    assert FACTS_PATH.read_text(encoding="utf-8") == (
        json.dumps(committed, sort_keys=True, indent=1, separators=(",", ": ")) + "\n"
    )
    assert not _keys(committed) & PROSE
    schemas = committed["components"]["schemas"]
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', FACTS_PATH.read_text()))
    assert refs <= set(schemas)
    assert set(EXTRA_SCHEMAS) <= set(schemas)
    kept = {(method, path) for path, item in committed["paths"].items() for method in item}
    assert kept == set(ENDPOINTS)


def test_the_committed_file_has_every_route_the_sandbox_serves() -> None:
    app = create_app(SandboxOptions(data=":memory:", rate_limit=0))
    served = {
        (method.lower(), route.path.removeprefix("/v1"))
        for route in app.routes
        if isinstance(route, APIRoute) and route.path.startswith("/v1/")
        for method in route.methods or ()
    }
    paths = load_facts()["paths"]
    missing = {(m, p) for m, p in served if m not in paths.get(p, {})}
    assert not missing


def _template_for(path: str, templates: list[str]) -> str | None:
    for template in sorted(templates, key=lambda t: t.count("{")):
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return template
    return None


@pytest.mark.parametrize(("method", "path"), sorted({(case[1], case[2]) for case in CASES}))
def test_the_committed_file_has_every_call_the_client_makes(method: str, path: str) -> None:
    paths = load_facts()["paths"]
    template = _template_for(path, list(paths))
    assert template is not None, path
    assert method.lower() in paths[template]
