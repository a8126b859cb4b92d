"""``connection_url`` is a secret output, and no log line or error text ever contains it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monite_pulumi.client import MoniteClient
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.harness import ProviderCallError, add_fault
from tests.harness.fixtures import EngineFactory
from tests.program.programs import CONNECTION, PRODUCT, run_program
from tests.providers.accounting_connection.workflow import (
    CONNECTIONS,
    assert_url_only_where_secret,
    authorize,
    connect,
    create_entity,
    deauthorize,
)

PROGRAM = Path(__file__).with_name("accounting_connection") / "secret_program.py"


def test_register_request_marks_connection_url_secret(tmp_path: Path) -> None:
    shutil.copy(PROGRAM, tmp_path / "__main__.py")
    run = run_program(tmp_path, project="secret-outputs")
    assert run.error is None
    connections = run.of_type(CONNECTION)
    assert connections["plain"]["additional_secret_outputs"] == ["connection_url"]
    with_options = connections["with-options"]
    assert with_options["additional_secret_outputs"] == ["connection_url", "status"]
    assert with_options["protect"] is True
    assert with_options["dependencies"] == [run.urn(PRODUCT, "hour")]
    assert with_options["inputs"]["require_product_catalog"] is True


def test_no_log_line_or_error_text_contains_the_url(
    engine_factory: EngineFactory,
    sandbox: RunningSandbox,
    monite: MoniteClient,
    tmp_path: Path,
) -> None:
    log = tmp_path / "provider.log"
    engine = engine_factory(env={"MONITE_PULUMI_LOG": "debug", "MONITE_PULUMI_LOG_FILE": str(log)})
    entity_id = create_entity(engine)
    add_fault(
        sandbox,
        method="POST",
        path="^/accounting_connections$",
        drop_after_processing=True,
        count=1,
    )
    _, created = connect(engine, entity_id)
    authorize(sandbox, created.id)
    deauthorize(sandbox, created.id)
    refreshed = engine.read(CONNECTIONS, created.id, created.outs)
    assert refreshed.outs["status"] == "deauthorized"

    with pytest.raises(ProviderCallError) as refused:
        connect(engine, create_entity(engine), require_product_catalog=True)
    other = create_entity(engine)
    orphan = monite.create_accounting_connection(other)
    with pytest.raises(ProviderCallError) as conflict:
        connect(engine, other)
    _, adopted = connect(engine, other, adopt_existing=True)
    engine.delete(CONNECTIONS, created.id, refreshed.outs)

    urls = [created.outs["connection_url"], orphan.connection_url]
    assert adopted.outs["connection_url"] == orphan.connection_url
    for outs, url in ((created.outs, urls[0]), (refreshed.outs, urls[0]), (adopted.outs, urls[1])):
        assert_url_only_where_secret(outs, url)
    text = log.read_text()
    assert "method=POST path=/v1/accounting_connections " in text
    assert "adopting live accounting connection" in text
    for url in urls:
        token = url.rpartition("token=")[2]
        for where in (text, refused.value.details, conflict.value.details):
            assert url not in where
            assert token not in where
