"""Build README.md from docs/README.template.md.

README.md is the one page a user reads first: short, linking the docs/ pages that hold the rest.
What it shows is taken from files that tests run, so it cannot go stale:

- `<!-- include-code: PATH lang=LANG start=WORD -->` stands for a fenced code block with the file
  at PATH (from its first line starting with WORD, e.g. past a module docstring);
- `<!-- include: docs/page.md shift=N -->` stands for a whole page with its headings moved N
  levels down (code blocks untouched);
- `{{version}}` is the version in monite_pulumi/_version.py.

tests/test_readme.py fails when README.md is not what this script builds: run
`python scripts/build_readme.py` after editing the template or an included file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "docs" / "README.template.md"
README = ROOT / "README.md"
VERSION_FILE = ROOT / "monite_pulumi" / "_version.py"
_INCLUDE = re.compile(r"^<!-- include: (?P<path>\S+)(?: shift=(?P<shift>\d+))? -->$")
_INCLUDE_CODE = re.compile(
    r"^<!-- include-code: (?P<path>\S+) lang=(?P<lang>\w+)(?: start=(?P<start>\S+))? -->$"
)
_HEADING = re.compile(r"^(#{1,6}) ")


def version() -> str:
    """The package version, from its one place."""
    match = re.search(r'__version__ = "([^"]+)"', VERSION_FILE.read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"no __version__ in {VERSION_FILE}")
    return match[1]


def code_block(path: str, lang: str, start: str | None) -> str:
    """The file as a fenced block, from its first line starting with ``start``."""
    lines = (ROOT / path).read_text(encoding="utf-8").rstrip().splitlines()
    if start is not None:
        first = next((i for i, line in enumerate(lines) if line.startswith(start)), None)
        if first is None:
            raise SystemExit(f"{path}: no line starts with {start!r}")
        lines = lines[first:]
    return "\n".join([f"```{lang}", *lines, "```"])


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
    for line in template.replace("{{version}}", version()).splitlines():
        code = _INCLUDE_CODE.match(line.strip())
        if code is not None:
            source = code["path"]
            out.append(f"<!-- from {source}: edit there, then run scripts/build_readme.py -->")
            out.append(code_block(source, code["lang"], code["start"]))
            continue
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
