"""A live connection the state does not know, through the local engine: the fix is said in the
tenant entry's words (`accounting: {adopt_existing: true}`) with the local engine's command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.e2e.local_engine_run import LocalProject

pytestmark = pytest.mark.slow

TENANT = "northwind-ltd"  # connected, no accounts receivable: no catalog needed


def only_tenant(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [tenant for tenant in tenants if tenant["name"] == TENANT]


def test_the_adopt_fix_names_the_tenant_entry_and_the_local_engine(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    elsewhere = LocalProject(tmp_path / "elsewhere", sandbox)
    elsewhere.edit_tenants(only_tenant)
    assert elsewhere.up().code == 0
    (entity_id,) = elsewhere.state_ids("Entity")

    project = LocalProject(tmp_path / "project", sandbox)

    def adopt_entity_only(tenants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**tenant, "adopt": {"entity_id": entity_id}} for tenant in only_tenant(tenants)]

    project.edit_tenants(adopt_entity_only)
    up = project.up()

    assert up.code != 0
    assert "which no Pulumi state knows about" in up.stderr
    assert "set `accounting: {adopt_existing: true}`" in up.stderr
    assert "AccountingConnectionArgs" not in up.stderr
    assert "Then run `monite-local-engine up` again." in up.stderr
