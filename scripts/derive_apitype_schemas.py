"""Derive the Pulumi state's JSON schemas (sdk/go/common/apitype/*.json) into tests/data/apitype.

Usage: ``python scripts/derive_apitype_schemas.py PULUMI_GIT_DIR [--commit SHA] [--check]``

PULUMI_GIT_DIR is a clone (or bare mirror) of github.com/pulumi/pulumi; the files are read with
``git show <commit>:<path>``. Kept: every schema keyword; dropped: prose (``title``,
``description``, ``$comment``). ``SOURCE.json`` names the repository, the commit and the files,
so a test run needs no Pulumi checkout and the next refresh is one command. The output is a
function of the input (sorted keys, two-space indent, one trailing newline). ``--check`` exits 1,
writing nothing, when the files differ from what the commit gives.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "apitype"
FILES = ("deployments.json", "resources.json", "property-values.json")
SOURCE_DIR = "sdk/go/common/apitype"
PROSE = frozenset({"title", "description", "$comment"})


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _strip(value) for key, value in node.items() if key not in PROSE}
    if isinstance(node, list):
        return [_strip(item) for item in node]
    return node


def _git(repository: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - git with our own arguments
        ["git", "--git-dir", str(repository), *args],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def derive(repository: Path, commit: str) -> dict[str, str]:
    """File name -> the text to write."""
    git_dir = repository / ".git" if (repository / ".git").exists() else repository
    sha = _git(git_dir, "rev-parse", commit).strip()
    out: dict[str, str] = {}
    for name in FILES:
        schema = json.loads(_git(git_dir, "show", f"{sha}:{SOURCE_DIR}/{name}"))
        out[name] = json.dumps(_strip(schema), indent=2, sort_keys=True) + "\n"
    source = {
        "repository": "https://github.com/pulumi/pulumi",
        "commit": sha,
        "files": [f"{SOURCE_DIR}/{name}" for name in FILES],
        "license": "Apache-2.0 (pulumi/pulumi); prose keywords removed",
    }
    out["SOURCE.json"] = json.dumps(source, indent=2, sort_keys=True) + "\n"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository", type=Path, help="a pulumi/pulumi clone or bare mirror")
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files differ")
    args = parser.parse_args()
    files = derive(args.repository, args.commit)
    if args.check:
        stale = [n for n, text in files.items() if (OUT / n).read_text() != text]
        for name in stale:
            print(f"{OUT / name} differs from {args.commit}", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
