"""Build README.md from docs/README.template.md and the docs/ pages it includes.

The docs pages are the sources (their code blocks are run by tests); README.md is the one page a
user reads first, so it carries them whole. `<!-- include: docs/page.md shift=N -->` stands for the
page with its headings moved N levels down (code blocks untouched). tests/test_readme.py fails when
README.md is not what this script builds: run `python scripts/build_readme.py` after editing docs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "docs" / "README.template.md"
README = ROOT / "README.md"
_INCLUDE = re.compile(r"^<!-- include: (?P<path>\S+)(?: shift=(?P<shift>\d+))? -->$")
_HEADING = re.compile(r"^(#{1,6}) ")


def shift_headings(text: str, levels: int) -> str:
    """Move every Markdown heading outside fenced code down by ``levels``."""
    lines = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and _HEADING.match(line):
            line = "#" * levels + line
        lines.append(line)
    return "\n".join(lines)


def build(template: str) -> str:
    """The README text for a template."""
    out = []
    for line in template.splitlines():
        match = _INCLUDE.match(line.strip())
        if match is None:
            out.append(line)
            continue
        page = (ROOT / match["path"]).read_text(encoding="utf-8").strip()
        out.append(f"<!-- from {match['path']}: edit there, then run scripts/build_readme.py -->")
        out.append(shift_headings(page, int(match["shift"] or 0)))
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    text = build(TEMPLATE.read_text(encoding="utf-8"))
    if "--check" in sys.argv[1:]:
        if README.read_text(encoding="utf-8") != text:
            print("README.md is out of date: run python scripts/build_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
