"""Derive Pulumi's package metaschema into tests/data/pulumi_metaschema.json.

Usage: ``python scripts/derive_pulumi_metaschema.py <pulumi/pulumi git dir> [commit]``
(a clone, or the bare mirror ``fetch github:pulumi/pulumi`` gives). It reads
pkg/codegen/schema/pulumi.json at the commit (default HEAD), keeps the rules and drops the
prose (``title`` and ``description`` keywords), records where it came from in ``$comment``,
and writes it sorted. The test suite validates the native provider's schema against it
(tests/native/test_schema.py); the regexes stay ECMA-262 as Pulumi wrote them, and the test
turns named groups ``(?<n>`` into Python's ``(?P<n>`` when it loads the file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "pulumi_metaschema.json"
SOURCE = "pkg/codegen/schema/pulumi.json"
_SCHEMA_MAPS = ("properties", "$defs", "patternProperties", "definitions")


def without_prose(schema: Any) -> Any:
    """The schema with its ``title``/``description`` keywords removed, recursively."""
    if isinstance(schema, list):
        return [without_prose(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kept: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("title", "description") and isinstance(value, str):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            kept[key] = {name: without_prose(item) for name, item in value.items()}
        else:
            kept[key] = without_prose(value)
    return kept


def _git(git_dir: str, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise SystemExit("git is needed to read the pulumi/pulumi repository")
    done = subprocess.run(  # noqa: S603 (git on the given repository)
        [git, "--git-dir", git_dir, *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def derive(git_dir: str, commit: str) -> dict[str, Any]:
    resolved = _git(git_dir, "rev-parse", commit).strip()
    text = _git(git_dir, "show", f"{resolved}:{SOURCE}")
    derived = without_prose(json.loads(text))
    derived["$comment"] = (
        f"Derived from pulumi/pulumi {resolved} {SOURCE} by scripts/derive_pulumi_metaschema.py "
        "(rules only). Patterns are ECMA-262."
    )
    return dict(derived)


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    derived = derive(argv[0], argv[1] if len(argv) > 1 else "HEAD")
    OUT.write_text(json.dumps(derived, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
