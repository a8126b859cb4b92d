"""What a user installs: one version, the declared licence, instructions that do not ask the
package index for the unpublished name, and a changelog entry for the version."""

from __future__ import annotations

import re
from pathlib import Path

from monite_pulumi._version import __version__

ROOT = Path(__file__).resolve().parents[1]
WHEEL = f"monite_pulumi-{__version__}-py3-none-any.whl"
# `pip install monite-pulumi`, `pip install 'monite-pulumi[cli]'`, ...: the package index.
_FROM_THE_INDEX = re.compile(
    r"pip3? install[^\n`#]*?[\s'\"]monite-pulumi(?:\[[^\]]*\])?['\"]?(?:\s|$|`)"
)
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # tomllib is 3.11+ only


def test_the_version_lives_in_one_place() -> None:
    assert 'dynamic = ["version"]' in PYPROJECT
    version_source = r'^\[tool\.hatch\.version\]\npath = "monite_pulumi/_version.py"$'
    assert re.search(version_source, PYPROJECT, re.MULTILINE)
    quoted = re.compile(rf"['\"]{re.escape(__version__)}['\"]")
    stray = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "monite_pulumi").rglob("*.py")
        if path.name != "_version.py" and quoted.search(path.read_text(encoding="utf-8"))
    ]
    assert stray == []


def test_license_file_states_the_declared_licence() -> None:
    assert re.search(r'^license = "Apache-2.0"$', PYPROJECT, re.MULTILINE)
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "SPDX-License-Identifier: Apache-2.0"
    assert re.search(r"^Copyright \d{4} \S", text, re.MULTILINE)
    assert "https://www.apache.org/licenses/LICENSE-2.0" in text


def test_the_changelog_has_this_version_and_an_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert any(heading.startswith(__version__) for heading in headings)


def test_every_example_installs_the_wheel_of_this_version() -> None:
    for requirements in sorted((ROOT / "examples").glob("*/requirements.txt")):
        lines = [
            line.strip()
            for line in requirements.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        assert len(lines) == 1, requirements
        assert WHEEL in lines[0], f"{requirements}: {lines[0]} (the version is {__version__})"


def _instructions() -> list[Path]:
    pages = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "examples").rglob("*.md")]
    pages += list((ROOT / "examples").rglob("*.yml"))
    pages += list((ROOT / "examples").rglob("requirements.txt"))
    return sorted(pages)


def test_no_instruction_asks_the_package_index_for_the_unpublished_name() -> None:
    offending = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in _instructions()
        for match in _FROM_THE_INDEX.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


def test_the_index_pattern_catches_what_it_should() -> None:
    assert _FROM_THE_INDEX.search("pip install 'monite-pulumi[cli]'\n")
    assert _FROM_THE_INDEX.search("run `pip install monite-pulumi` first")
    assert not _FROM_THE_INDEX.search("pip install -e '.[cli]'")
    assert not _FROM_THE_INDEX.search(f"pip install 'dist/{WHEEL}[cli]'")
    assert not _FROM_THE_INDEX.search("pip install -e '.[sandbox]'  # in a monite-pulumi clone")
