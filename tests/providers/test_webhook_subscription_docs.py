"""The program in docs/more-resources.md runs under mocks and wires what the page says."""

from __future__ import annotations

import re
from pathlib import Path

from tests.program.programs import CONNECTION, ENTITY, ROOT, run_program

DOC = ROOT / "docs" / "more-resources.md"
TOKEN = "pulumi-python:dynamic/monite:"


def test_documented_program_declares_the_three_resources(tmp_path: Path) -> None:
    program = re.search(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert program is not None
    (tmp_path / "__main__.py").write_text(program.group(1))
    run = run_program(tmp_path, project="more-resources-docs")
    assert run.error is None
    (hooks,) = run.of_type(f"{TOKEN}WebhookSubscription").values()
    (settings,) = run.of_type(f"{TOKEN}EntitySettings").values()
    (vat,) = run.of_type(f"{TOKEN}EntityVatId").values()
    (connection,) = run.of_type(CONNECTION).values()
    entity = run.urn(ENTITY, "acme")
    assert hooks["additional_secret_outputs"] == ["secret"]
    assert hooks["inputs"]["event_types"] == ["connected", "disconnected", "deauthorized"]
    assert entity in settings["dependencies"]
    assert settings["inputs"]["document_ids"] == {"prefix": "ACME", "min_digits": 6}
    assert vat["inputs"]["type"] == "eu_vat"
    assert hooks["urn"] in connection["dependencies"]
    assert "webhook_secret" in run.exports
