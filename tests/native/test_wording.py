"""Failure reasons name what the user wrote: camelCase in the native face, as its schema does."""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.core import wording
from tests.harness.native import NativeClient

ENTITY: dict[str, Any] = {
    "type": "organization",
    "email": "ops@acme.example",
    "address": {"country": "DE", "city": "Berlin", "postalCode": "10115", "line1": "Str. 1"},
    "organization": {"legalName": "Acme GmbH"},
}
ENTITY_ID = "8b4a4b5e-3f0e-4c1a-9a51-0f0c4f1e2d3c"
SNAKE = ("allow_replacement", "adopt_id", "adopt_existing", "wait_for", "=True", "None")


def _no_python_spelling(reason: str) -> None:
    for spelling in SNAKE:
        assert spelling not in reason, (spelling, reason)


def test_a_refused_replacement_names_allow_replacement_as_the_schema_does(
    native: NativeClient,
) -> None:
    olds, _ = native.check("Entity", {}, ENTITY)
    moved = {**ENTITY, "address": {**ENTITY["address"], "country": "FR"}}
    _, failures = native.check("Entity", olds, moved)
    reasons = dict(failures)
    assert set(reasons) == {"address.country"}
    assert "allowReplacement: true" in reasons["address.country"]
    assert 'changing address.country from "DE" to "FR"' in reasons["address.country"]
    _no_python_spelling(reasons["address.country"])


def test_option_conflicts_name_the_options_as_the_schema_does(native: NativeClient) -> None:
    news = {"entityId": ENTITY_ID, "adoptId": ENTITY_ID, "adoptExisting": True, "waitFor": "x"}
    _, failures = native.check("AccountingConnection", {}, news)
    reasons = dict(failures)
    assert set(reasons) == {"adoptId", "waitFor"}
    assert "adoptExisting: true" in reasons["adoptId"]
    assert 'or left out (null), got "x"' in reasons["waitFor"]
    for reason in reasons.values():
        _no_python_spelling(reason)


@pytest.mark.parametrize(
    ("face", "expected"),
    [
        (wording.DYNAMIC, ("allow_replacement=True", "adopt_id", "'DE'", "ProductArgs")),
        (
            wording.NATIVE,
            ("allowReplacement: true", "adoptId", '"DE"', "monite:index:Product resource"),
        ),
    ],
)
def test_each_face_renders_the_same_parts_its_way(
    face: wording.Face, expected: tuple[str, str, str, str]
) -> None:
    with wording.speaking(face):
        rendered = (
            wording.setting("allow_replacement", True),
            wording.name("adopt_id"),
            wording.literal("DE"),
            wording.args_of("Product"),
        )
    assert rendered == expected
    assert wording.setting("wait_for", "connected") == 'wait_for="connected"'  # default: dynamic


def test_the_adopt_conflict_names_adopt_existing_wherever_the_plugin_was_started() -> None:
    """``python -m monite_pulumi.native`` is the plugin too: the face decides, not argv."""
    from monite_pulumi.providers._fix_hints import adopt_conflict_message

    argv = ["/venv/lib/python3.11/site-packages/monite_pulumi/native/__main__.py", "127.0.0.1:1"]
    with wording.speaking(wording.NATIVE):
        message = adopt_conflict_message(ENTITY_ID, "c-1", "connected", None, argv)
    assert "`adoptExisting: true`" in message
    assert "AccountingConnectionArgs" not in message


def test_settings_declaring_nothing_list_the_settings_as_the_schema_does(
    native: NativeClient,
) -> None:
    _, failures = native.check("EntitySettings", {}, {"entityId": ENTITY_ID})
    reason = dict(failures)["entityId"]
    assert "documentIds, paymentPriority" in reason
    assert "document_ids" not in reason
