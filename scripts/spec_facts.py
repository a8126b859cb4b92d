"""Derive from Monite's OpenAPI spec the facts the tests check against, as a compact JSON file.

Usage: ``python scripts/spec_facts.py PATH/TO/monite-openapi.json [--out FILE] [--check]``

The spec is Monite's document, not part of this repository; the tests read what this script
keeps of it (``tests/data/monite-spec-facts.json``) so that a clone runs every test on its own.
Kept: the paths and methods of the endpoints this project calls or serves (``ENDPOINTS``), their
parameters, request bodies and responses, and every schema those reach (with enums, patterns,
lengths and formats), plus the code lists named in ``EXTRA_SCHEMAS``. Dropped: prose
(descriptions, summaries, titles, examples, tags, operation ids) and everything else in the spec.

The output is a function of the spec alone (sorted keys, fixed separators, one trailing newline):
running the script again on the same spec writes the same bytes. ``--check`` exits 1, writing
nothing, when FILE differs from what the spec gives (after Monite publishes a new spec, run it
without ``--check`` and review the diff).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "tests" / "data" / "monite-spec-facts.json"

# (method, path template): what the client calls and the sandbox serves. A test checks that every
# sandbox route and every client call is here.
ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("post", "/auth/token"),
    ("post", "/auth/revoke"),
    ("get", "/entities"),
    ("post", "/entities"),
    ("get", "/entities/{entity_id}"),
    ("patch", "/entities/{entity_id}"),
    ("post", "/entities/{entity_id}/activate"),
    ("post", "/entities/{entity_id}/deactivate"),
    ("get", "/entities/{entity_id}/partner_metadata"),
    ("put", "/entities/{entity_id}/partner_metadata"),
    ("get", "/entities/{entity_id}/settings"),
    ("patch", "/entities/{entity_id}/settings"),
    ("get", "/entities/{entity_id}/vat_ids"),
    ("post", "/entities/{entity_id}/vat_ids"),
    ("get", "/entities/{entity_id}/vat_ids/{id}"),
    ("patch", "/entities/{entity_id}/vat_ids/{id}"),
    ("delete", "/entities/{entity_id}/vat_ids/{id}"),
    ("get", "/products"),
    ("post", "/products"),
    ("get", "/products/{product_id}"),
    ("patch", "/products/{product_id}"),
    ("delete", "/products/{product_id}"),
    ("get", "/measure_units"),
    ("post", "/measure_units"),
    ("get", "/measure_units/{unit_id}"),
    ("patch", "/measure_units/{unit_id}"),
    ("delete", "/measure_units/{unit_id}"),
    ("get", "/accounting_connections"),
    ("post", "/accounting_connections"),
    ("get", "/accounting_connections/{connection_id}"),
    ("post", "/accounting_connections/{connection_id}/disconnect"),
    ("post", "/accounting_connections/{connection_id}/sync"),
    ("get", "/webhook_subscriptions"),
    ("post", "/webhook_subscriptions"),
    ("get", "/webhook_subscriptions/{webhook_subscription_id}"),
    ("patch", "/webhook_subscriptions/{webhook_subscription_id}"),
    ("delete", "/webhook_subscriptions/{webhook_subscription_id}"),
    ("post", "/webhook_subscriptions/{webhook_subscription_id}/enable"),
    ("post", "/webhook_subscriptions/{webhook_subscription_id}/disable"),
    ("post", "/webhook_subscriptions/{webhook_subscription_id}/regenerate_secret"),
)

# Schemas the tests name although no kept endpoint reaches them: the error shapes Monite answers
# with on any path, and the code lists the client's validation mirrors.
EXTRA_SCHEMAS: tuple[str, ...] = (
    "AllowedCountries",
    "CurrencyEnum",
    "ErrorSchemaResponse",
    "HTTPValidationError",
)

# Annotation keys: words for people, not facts a test can check.
PROSE = frozenset(
    {
        "callbacks",
        "description",
        "example",
        "examples",
        "externalDocs",
        "operationId",
        "schema_name",
        "summary",
        "tags",
        "title",
    }
)
_REF_PREFIX = "#/components/schemas/"


class SpecError(Exception):
    """The spec lacks something this project uses (an endpoint, a schema)."""


def strip_prose(node: Any) -> Any:
    """A copy of ``node`` without annotation keys; property *names* (``description``...) stay."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: strip_prose(schema) for name, schema in value.items()}
        elif key not in PROSE and not key.startswith("x-"):
            out[key] = strip_prose(value)
    return out


def _refs(node: Any) -> set[str]:
    """Names of the component schemas ``node`` refers to directly."""
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set()
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        found.add(ref[len(_REF_PREFIX) :])
    for value in node.values():
        found |= _refs(value)
    return found


def facts(spec: dict[str, Any]) -> dict[str, Any]:
    """The kept part of ``spec``: the endpoints, the schemas they reach, no prose."""
    paths: dict[str, dict[str, Any]] = {}
    for method, template in ENDPOINTS:
        operation = spec.get("paths", {}).get(template, {}).get(method)
        if operation is None:
            raise SpecError(f"the spec has no {method.upper()} {template}")
        paths.setdefault(template, {})[method] = strip_prose(operation)
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    wanted = _refs(paths) | set(EXTRA_SCHEMAS)
    kept: dict[str, Any] = {}
    while wanted:
        name = wanted.pop()
        if name in kept:
            continue
        if name not in schemas:
            raise SpecError(f"the spec has no schema {name!r}")
        kept[name] = strip_prose(schemas[name])
        wanted |= _refs(kept[name]) - set(kept)
    return {
        "openapi": spec.get("openapi"),
        "info": {"version": spec.get("info", {}).get("version")},
        "paths": paths,
        "components": {"schemas": kept},
    }


def render(spec: dict[str, Any]) -> str:
    """The file's exact text: sorted keys, fixed separators, ASCII, one trailing newline."""
    return json.dumps(facts(spec), sort_keys=True, indent=1, separators=(",", ": ")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="Monite's OpenAPI document (JSON)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the facts file to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if --out differs; write nothing"
    )
    args = parser.parse_args(argv)
    try:
        spec = json.loads(args.spec.read_text(encoding="utf-8"))
        text = render(spec)
    except (OSError, ValueError, SpecError) as error:
        print(f"spec_facts: cannot derive the facts from {args.spec}: {error}", file=sys.stderr)
        return 2
    out: Path = args.out
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != text:
            print(f"spec_facts: {out} is not what {args.spec} gives; run without --check")
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
