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


def test_the_install_line_gives_every_command_its_extra() -> None:
    from monite_pulumi._commands import EXTRAS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if line.startswith("pip install ")]
    assert lines, "README.md has no install line"
    for line in lines:
        extras = set(re.findall(r"\[([a-z,]+)\]", line)[0].split(","))
        assert set(EXTRAS) <= extras, line  # `monite-local-engine --help` needs `engine`
    wheel_check = (ROOT / "scripts" / "check_wheel.py").read_text(encoding="utf-8")
    checked = re.search(r'^README_EXTRAS = "([a-z,]+)"', wheel_check, re.MULTILINE)
    assert checked is not None
    assert set(checked[1].split(",")) == set(EXTRAS)  # the wheel check runs the same install


def test_readme_and_quickstart_say_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line for line in ci.splitlines() if line.startswith("make ")]
    assert steps == ["make bench-deps", "make test"]
    for page in ("README.md", "docs/quickstart.md"):
        text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
        said = text[text.index(".ci/run") :][:200]
        positions = [said.find(f"`{step}`") for step in steps]
        assert min(positions) >= 0, (page, said)
        assert positions == sorted(positions), (page, said)
        assert "runs exactly `make test`" not in text, page


def test_doc_images_are_relative_and_exist() -> None:
    for page in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            assert not target.startswith("/"), (page.name, target)  # breaks outside a forge
            assert (page.parent / target).is_file(), (page.name, target)
