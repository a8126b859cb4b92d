"""Monite's spec as the tests know it: the facts `scripts/spec_facts.py` keeps of it.

`tests/data/monite-spec-facts.json` is committed (a clone needs nothing outside the repository):
the paths, methods, parameters and schemas of the endpoints this project uses, in the spec's own
OpenAPI shape, without prose. Regenerate it from a new spec with
`python scripts/spec_facts.py PATH/TO/monite-openapi.json`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

FACTS_PATH = Path(__file__).resolve().parent / "data" / "monite-spec-facts.json"


@cache
def load_facts() -> dict[str, Any]:
    """The committed facts (paths and components, as in the spec)."""
    facts: dict[str, Any] = json.loads(FACTS_PATH.read_text(encoding="utf-8"))
    return facts
