"""The documented workflow program runs, and wires what the page says it wires."""

from __future__ import annotations

import re
from pathlib import Path

from tests.program.programs import CONNECTION, ENTITY, PRODUCT, ROOT, leaf, run_program

DOC = ROOT / "docs" / "accounting-connection.md"


def test_documented_workflow_declares_catalog_before_connection(tmp_path: Path) -> None:
    program = re.search(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert program is not None
    (tmp_path / "__main__.py").write_text(program.group(1))
    run = run_program(tmp_path, project="accounting-docs")
    assert run.error is None
    (connection,) = run.of_type(CONNECTION).values()
    products = sorted(run.urn(PRODUCT, name) for name in run.of_type(PRODUCT))
    assert len(products) == 2
    assert set(products) <= set(connection["dependencies"])
    assert run.urn(ENTITY, "acme") in connection["dependencies"]
    assert connection["additional_secret_outputs"] == ["connection_url"]
    assert connection["inputs"]["require_product_catalog"] is True
    assert leaf(run.exports["acme_connection_status"])[0] == "pending_auth"
