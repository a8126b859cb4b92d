"""The resharding plan: `pulumi state move` commands with exactly the URNs the program declares."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monite_pulumi.platform import parse_tenants, shard_of
from monite_pulumi.platform.resharding import main, plan_moves
from tests.program.programs import ROOT, run_program, stack_config

PROJECT = "monite-platform"


def engine_urn(mocked: str) -> str:
    """The URN the engine gives a resource whose parent is the stack: the SDK's mocks qualify
    the type with the root stack's, the engine never does (urn.New in
    sdk/go/common/resource/urn/urn.go: `parentType != tokens.RootStackType`)."""
    return mocked.replace("::pulumi:pulumi:Stack$", "::")


def dev_tenants_file(tmp_path: Path) -> Path:
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(stack_config(ROOT, "dev")[f"{PROJECT}:tenants"]))
    return path


def test_the_planned_urns_are_exactly_what_the_platform_program_declares(tmp_path: Path) -> None:
    """Entities, products (by key) and connections: a move that missed one would strand it."""
    path = dev_tenants_file(tmp_path)
    config = {f"{PROJECT}:tenantsFile": str(path), f"{PROJECT}:shard": "0/1"}
    run = run_program(ROOT, project=PROJECT, stack="shard-0-of-1", config=config)
    assert run.error is None, run.error
    tenants = parse_tenants(yaml.safe_load(path.read_text()))

    moves = plan_moves(tenants, project=PROJECT, old_count=1, new_count=2)

    assert [move.tenant for move in moves] == [tenant.name for tenant in tenants]
    declared = {engine_urn(resource["urn"]) for resource in run.resources}
    assert {urn for move in moves for urn in move.urns} == declared
    for move in moves:
        assert move.source == "shard-0-of-1"
        assert move.dest == f"shard-{shard_of(move.tenant, 2)}-of-2"


def test_tenants_whose_stack_stays_are_not_moved(tmp_path: Path) -> None:
    tenants = parse_tenants(yaml.safe_load(dev_tenants_file(tmp_path).read_text()))
    moves = plan_moves(tenants, project=PROJECT, old_count=2, new_count=4,
                       stack_name="shard-{i}")  # fmt: skip
    moved = {move.tenant for move in moves}
    for tenant in tenants:
        stays = shard_of(tenant.name, 2) == shard_of(tenant.name, 4)
        assert (tenant.name not in moved) == stays


def test_main_prints_one_reviewable_command_per_moving_tenant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = dev_tenants_file(tmp_path)
    assert main([str(path), "--from", "1", "--to", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    commands = [line for line in lines if line.startswith("pulumi state move")]
    assert len(commands) == 4
    assert lines[0].startswith("# 4 of 4 tenants change stack")
    acme = next(line for line in commands if "Entity::acme-gmbh" in line)
    assert acme.startswith("pulumi state move --source shard-0-of-1 --dest shard-")
    assert "Product::acme-gmbh-consulting-hour" in acme
    assert "AccountingConnection::acme-gmbh" in acme
    assert "--yes" not in acme  # the CLI asks before it moves


def test_main_refuses_bad_counts_and_names_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = dev_tenants_file(tmp_path)
    with pytest.raises(SystemExit):
        main([str(path), "--from", "0", "--to", "2"])
    assert "shard counts are at least 1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(path), "--from", "1", "--to", "2", "--stack-name", "shards"])
    assert "--stack-name: must contain {i}" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.yaml"), "--from", "1", "--to", "2"]) == 2
    assert "cannot read the tenants file" in capsys.readouterr().err
