"""The late-processing fault: a gateway answers (504, or drops the connection) at once and the
request is processed ``process_late_ms`` later all the same, as behind a real gateway timeout.

Run against the real server (uvicorn in a subprocess): the late request lives on its event loop.
Nothing here sleeps: ``GET /_sandbox/late_requests?wait=`` waits until none is pending.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from monite_pulumi.sandbox.testing import API_VERSION, RunningSandbox
from tests.harness import add_fault, sandbox_requests
from tests.sandbox.conftest import organization_body


def _api(sandbox: RunningSandbox) -> httpx.Client:
    headers = {
        "X-Monite-Version": API_VERSION,
        "Authorization": f"Bearer {sandbox.access_token()}",
    }
    return httpx.Client(base_url=sandbox.api_url, headers=headers, timeout=10)


def _emails(api: httpx.Client, email: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api.get("/entities", params={"email": email}).json()["data"]
    return found


def _late(sandbox: RunningSandbox, wait: float = 0) -> dict[str, int]:
    answer = sandbox.control.get("/_sandbox/late_requests", params={"wait": wait})
    answer.raise_for_status()
    result: dict[str, int] = answer.json()
    return result


def test_504_at_once_and_the_object_appears_later(sandbox: RunningSandbox) -> None:
    fault = add_fault(
        sandbox, method="POST", path="^/entities$", status=504, process_late_ms=1500, count=1
    )
    with _api(sandbox) as api:
        answer = api.post("/entities", json=organization_body(email="late@acme.test"))
        assert answer.status_code == 504
        assert _emails(api, "late@acme.test") == []  # not yet: the look after a 504 misses it
        assert _late(sandbox)["pending"] == 1
        assert _late(sandbox, wait=10) == {"pending": 0, "processed": 1, "discarded": 0}
        assert len(_emails(api, "late@acme.test")) == 1
    entries = [e for e in sandbox_requests(sandbox)["entries"] if e["fault"] == fault]
    assert [(e["status"], e["dropped"], e["late"]) for e in entries] == [
        (504, False, False),
        (201, False, True),
    ]


def test_without_status_the_connection_drops_at_once(sandbox: RunningSandbox) -> None:
    fault = add_fault(sandbox, method="POST", path="^/entities$", process_late_ms=300, count=1)
    with _api(sandbox) as api:
        with pytest.raises(httpx.RemoteProtocolError):
            api.post("/entities", json=organization_body(email="dropped@acme.test"))
        assert _late(sandbox, wait=10)["processed"] == 1
        assert len(_emails(api, "dropped@acme.test")) == 1
    entries = [e for e in sandbox_requests(sandbox)["entries"] if e["fault"] == fault]
    assert [(e["status"], e["dropped"], e["late"]) for e in entries] == [
        (0, True, False),
        (201, False, True),
    ]


def test_reset_discards_what_is_still_pending(sandbox: RunningSandbox) -> None:
    add_fault(sandbox, method="POST", path="^/entities$", status=504, process_late_ms=500)
    with _api(sandbox) as api:
        assert api.post("/entities", json=organization_body()).status_code == 504
    sandbox.control.post("/_sandbox/reset").raise_for_status()
    assert _late(sandbox, wait=10) == {"pending": 0, "processed": 0, "discarded": 1}
    assert sandbox.control.get("/_sandbox/objects").json()["entities"] == []


def test_reset_ends_a_long_held_request_at_once(sandbox: RunningSandbox) -> None:
    """A request held for ten minutes must not stay pending (and waited on) after a reset: the
    next test's ``late_requests`` would count it (found when a Cancel test held one)."""
    add_fault(sandbox, method="POST", path="^/entities$", status=504, process_late_ms=600_000)
    with _api(sandbox) as api:
        assert api.post("/entities", json=organization_body()).status_code == 504
    assert _late(sandbox)["pending"] == 1
    sandbox.control.post("/_sandbox/reset").raise_for_status()
    assert _late(sandbox, wait=10) == {"pending": 0, "processed": 0, "discarded": 1}


def test_late_processing_and_drop_after_processing_exclude_each_other(
    sandbox: RunningSandbox,
) -> None:
    both = {"process_late_ms": 100, "drop_after_processing": True}
    answer = sandbox.control.post("/_sandbox/faults", json=both)
    assert answer.status_code == 422
    assert "use one" in answer.text
    alone = sandbox.control.post("/_sandbox/faults", json={"process_late_ms": 100})
    assert alone.status_code == 201
