"""Answers that are not what Monite's spec promises: a clear error, never a raw dump.

HTML error pages and bodies that are not JSON come from a stub server; well-formed JSON with
missing fields or an unknown status value comes from the sandbox's fault rules (``body``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import EngineClient, ProviderCallError, add_fault, sandbox_objects
from tests.harness.fixtures import EngineFactory, stack_config
from tests.providers.inputs import organization_inputs
from tests.reliability.chaos_state import CONNECTIONS, ENTITIES
from tests.reliability.stub_monite import Answer, stub_monite

ENTITY_ID = "9b2c7b44-8a33-4c7e-9a43-5a8f3e6f1f10"
HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"
RAW_DUMPS = ("ValidationError", "JSONDecodeError", "pydantic_core", "Traceback (most recent")


def _assert_clear(error: ProviderCallError, *expected: str) -> None:
    assert error.message.startswith("monite_pulumi.providers._messages.ResourceError: Could not")
    for text in expected:
        assert text in error.message, error.message
    # The details are the whole traceback the CLI prints: one exception, no chained dump.
    for dump in RAW_DUMPS[:3]:
        assert dump not in error.details, error.details
    assert error.details.count(RAW_DUMPS[3]) <= 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            Answer(502, "text/html", HTML_502),
            ("ServerError", "-> 502", "not JSON (text/html)", "Retry later"),
        ),
        (
            Answer(200, "application/json", b'{"id": "9b2c7b44", "status": '),
            (
                "MalformedResponseError",
                "expected EntityResponse",
                "not JSON",
                "Check that monite:apiUrl points at a Monite API root",
            ),
        ),
        (
            Answer(200, "text/html", b"<html>login page</html>"),
            ("MalformedResponseError", "not JSON (text/html)"),
        ),
    ],
    ids=["html-502-page", "invalid-json", "html-200-page"],
)
def test_answers_that_are_not_json_give_a_clear_error(
    answer: Answer,
    expected: tuple[str, ...],
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
) -> None:
    with stub_monite() as stub:
        stub.answer = answer
        config = stack_config(sandbox, **{"monite:apiUrl": stub.api_url, "monite:maxAttempts": "2"})
        engine = engine_factory(config)
        outs = {**organization_inputs(), "entity_id": ENTITY_ID}
        with pytest.raises(ProviderCallError) as failed:
            engine.read(ENTITIES, ENTITY_ID, outs)
    _assert_clear(failed.value, f"read Monite entity {ENTITY_ID}", *expected)


def _created_entity(
    engine: EngineClient, sandbox: RunningSandbox
) -> tuple[str, Any, dict[str, Any]]:
    created = engine.create(ENTITIES, organization_inputs())
    row = next(row for row in sandbox_objects(sandbox)["entities"] if row["id"] == created.id)
    return created.id, created.outs, row


def test_an_answer_missing_required_fields_names_them_without_a_dump(
    engine: EngineClient, sandbox: RunningSandbox
) -> None:
    entity_id, outs, row = _created_entity(engine, sandbox)
    partial = {key: value for key, value in row.items() if key not in ("created_at", "type")}
    add_fault(sandbox, method="GET", path=f"^/entities/{entity_id}$", status=200, body=partial)
    with pytest.raises(ProviderCallError) as failed:
        engine.read(ENTITIES, entity_id, outs)
    _assert_clear(
        failed.value,
        "MalformedResponseError",
        "does not match EntityResponse",
        "created_at",
        "type",
    )


def test_an_unknown_status_is_kept_with_a_warning(
    engine_factory: EngineFactory, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    log = tmp_path / "provider.log"
    env = {"MONITE_PULUMI_LOG": "warning", "MONITE_PULUMI_LOG_FILE": str(log)}
    engine = engine_factory(env=env)
    entity_id, outs, row = _created_entity(engine, sandbox)
    connection = engine.create(CONNECTIONS, {"entity_id": entity_id, "reconnect_on_revoke": True})
    link = next(
        item
        for item in sandbox_objects(sandbox)["accounting_connections"]
        if item["id"] == connection.id
    )
    add_fault(
        sandbox,
        method="GET",
        path=f"^/entities/{entity_id}$",
        status=200,
        body={**row, "status": "archived"},
    )
    add_fault(
        sandbox,
        method="GET",
        path=f"^/accounting_connections/{connection.id}$",
        status=200,
        body={**link, "status": "suspended"},
    )

    assert engine.read(ENTITIES, entity_id, outs).outs["status"] == "archived"
    assert engine.read(CONNECTIONS, connection.id, connection.outs).outs["status"] == "suspended"
    warnings = log.read_text()
    assert "'archived', unknown to this version of monite-pulumi; kept as is" in warnings
    assert "'suspended', unknown to this version of monite-pulumi; kept as is" in warnings
    assert link["connection_url"] not in warnings
    assert json.dumps(link["connection_url"]) not in warnings
