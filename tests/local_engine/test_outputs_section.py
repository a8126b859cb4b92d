"""The Outputs section of the local engine's display (progress.go ``printOutputs``)."""

from __future__ import annotations

import io

from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.properties import UNKNOWN, make_secret

BEFORE = {"kept": "a", "moved": "b", "gone": {"entity_id": "e-1"}, "link": make_secret("https://x")}
AFTER = {"kept": "a", "moved": "c", "added": UNKNOWN, "link": make_secret("https://x")}


def shown(*, dry_run: bool, before: dict[str, object], after: dict[str, object]) -> str:
    out = io.StringIO()
    Progress(dry_run=dry_run, as_json=False, out=out).outputs(before, after)
    return out.getvalue()


def test_a_preview_shows_only_what_changes_by_name() -> None:
    text = shown(dry_run=True, before=BEFORE, after=AFTER)
    assert text.splitlines()[1:] == [
        "Outputs:",
        "  + added: [unknown]",
        '  - gone: {"entity_id": "e-1"}',
        "  ~ moved: b => c",
    ]


def test_an_update_shows_every_output_and_never_a_secret() -> None:
    text = shown(dry_run=False, before=BEFORE, after=AFTER)
    assert "    kept: a" in text
    assert "    link: [secret]" in text
    assert "https://x" not in text


def test_no_change_in_a_preview_prints_no_section() -> None:
    assert shown(dry_run=True, before=BEFORE, after=BEFORE) == ""


def test_json_mode_keeps_stdout_to_the_one_document() -> None:
    out = io.StringIO()
    Progress(dry_run=True, as_json=True, out=out).outputs(BEFORE, AFTER)
    assert out.getvalue() == ""
