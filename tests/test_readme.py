"""README.md is built from docs/: it must be what scripts/build_readme.py makes of them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_is_built_from_the_docs_pages() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_readme_gives_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make up" in readme
    assert "make test" in readme
    assert ci.strip().splitlines()[-1] == "make test"


def test_readme_is_short_and_links_every_docs_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 300
    links = set(re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme))
    local = {link for link in links if not re.match(r"[a-z]+://", link)}
    assert all((ROOT / link).exists() for link in local), sorted(
        link for link in local if not (ROOT / link).exists()
    )
    pages = {f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md")}
    assert pages - {"docs/README.template.md"} <= local


def test_readme_has_no_stale_claims() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "not implemented yet" not in readme
    # The reference folder beside the repository (spelt apart so that this guard itself does not
    # name it): a user's clone has none.
    assert "/".join(("..", "shared")) not in readme
