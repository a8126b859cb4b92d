"""Check and diff of AccountingConnection: pure functions of the properties, no HTTP call."""

from __future__ import annotations

from typing import Any

import pytest

from monite_pulumi.providers.accounting_connection import AccountingConnectionProvider
from tests.harness import UNKNOWN

ENTITY_ID = "3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f"
PROVIDER = AccountingConnectionProvider()
INPUTS: dict[str, Any] = {
    "entity_id": ENTITY_ID,
    "reconnect_on_revoke": True,
    "adopt_existing": False,
    "require_product_catalog": False,
}


def stored(status: str, **changes: Any) -> dict[str, Any]:
    """Outputs as a refresh leaves them in state."""
    outs = {
        **INPUTS,
        "connection_id": "c-1",
        "connection_url": "http://127.0.0.1:1/connect/c-1?token=t0ken",
        "status": status,
        "errors": [],
        "created_at": "2024-06-08T19:52:22.557280+00:00",
        "updated_at": "2024-06-08T19:52:22.557291+00:00",
        "api_url": "http://127.0.0.1:1/v1",
        "schema_version": 1,
    }
    outs.update(changes)
    return outs


@pytest.mark.parametrize("status", ["disconnected", "deauthorized"])
@pytest.mark.parametrize("reconnect", [True, None, UNKNOWN])
def test_revoked_connection_is_replaced(status: str, reconnect: Any) -> None:
    news = {**INPUTS, "reconnect_on_revoke": reconnect}
    diff = PROVIDER.diff("c-1", stored(status), news)
    assert (diff.changes, diff.replaces, diff.delete_before_replace) == (True, ["status"], True)


@pytest.mark.parametrize("status", ["disconnected", "deauthorized"])
def test_revoked_connection_is_kept_when_reconnect_is_off(status: str) -> None:
    news = {**INPUTS, "reconnect_on_revoke": False}
    diff = PROVIDER.diff("c-1", stored(status, reconnect_on_revoke=False), news)
    assert (diff.changes, diff.replaces) == (False, [])


@pytest.mark.parametrize("status", ["pending_auth", "connected"])
def test_live_connection_has_no_change(status: str) -> None:
    diff = PROVIDER.diff("c-1", stored(status), dict(INPUTS))
    assert (diff.changes, diff.replaces, diff.delete_before_replace) == (False, [], True)


def test_entity_change_and_revocation_replace_together() -> None:
    news = {**INPUTS, "entity_id": UNKNOWN}
    diff = PROVIDER.diff("c-1", stored("deauthorized"), news)
    assert (diff.changes, diff.replaces) == (True, ["entity_id", "status"])


def test_state_without_options_or_version_diffs_cleanly() -> None:
    old = stored("connected")
    for name in ("reconnect_on_revoke", "adopt_existing", "require_product_catalog"):
        del old[name]
    del old["schema_version"]
    assert PROVIDER.diff("c-1", old, dict(INPUTS)).changes is False


def test_check_applies_defaults_and_reports_per_field() -> None:
    checked = PROVIDER.check({}, {"entity_id": ENTITY_ID})
    assert checked.failures == []
    assert checked.inputs == INPUTS

    bad = PROVIDER.check({}, {"entity_id": "acme", "adopt_existing": "yes", "platform": "xero"})
    reasons = {failure.property: failure.reason for failure in bad.failures or []}
    assert reasons["entity_id"] == "must be a Monite id (a UUID)"
    assert reasons["adopt_existing"] == "must be true or false"
    assert reasons["platform"].startswith("is not an input of monite:accounting connection")
    assert PROVIDER.check({}, {}).failures[0].property == "entity_id"
    assert PROVIDER.check({}, {"entity_id": UNKNOWN}).failures == []
