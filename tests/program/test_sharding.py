"""`<project>:shard: "i/n"`: every tenant in exactly one shard, stably, and each stack declares
exactly its shard's tenants (the platform program and the many-tenants example, under mocks)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from monite_pulumi.platform import Shard, ShardConfigError, parse_shard, shard_of
from tests.program.programs import (
    ENTITY,
    EXAMPLES,
    ROOT,
    ProgramRun,
    run_program,
    stack_config,
)

PROJECT = "monite-platform"
SHARDS = 4


def tenant_entry(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "organization",
        "email": f"billing@{name}.example",
        "address": {"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "A 1"},
        "organization": {"legal_name": f"{name} GmbH"},
    }


def names(count: int, prefix: str = "tenant") -> list[str]:
    return [f"{prefix}-{number:03d}" for number in range(count)]


def shards_holding(name: str, count: int = SHARDS) -> list[int]:
    return [index for index in range(count) if Shard(index, count).holds(name)]


# -- which shard holds a tenant ----------------------------------------------------------------


def test_120_tenants_each_in_exactly_one_of_4_shards_and_none_left_empty() -> None:
    tenants = names(120)
    holders = {name: shards_holding(name) for name in tenants}
    assert all(len(found) == 1 for found in holders.values())
    sizes = [sum(1 for found in holders.values() if found == [index]) for index in range(SHARDS)]
    assert sum(sizes) == 120
    assert min(sizes) >= 15  # a digest spreads names; none of 4 stacks is left near-empty


def test_the_shard_is_the_sha256_digest_of_the_name_not_pythons_salted_hash() -> None:
    for name in ("acme", "bakery-berlin", "jane-doe", "tenant-042"):
        digest = hashlib.sha256(name.encode()).digest()
        assert shard_of(name, SHARDS) == int.from_bytes(digest[:8], "big") % SHARDS
    pinned = {name: shard_of(name, SHARDS) for name in names(120)}
    script = (
        "import json; from monite_pulumi.platform import shard_of; "
        f"print(json.dumps({{n: shard_of(n, {SHARDS}) for n in {sorted(pinned)!r}}}))"
    )
    for seed in ("1", "2"):  # another process, another string-hash salt: the same shards
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        assert json.loads(done.stdout) == pinned


def test_adding_or_removing_tenants_never_moves_another_one() -> None:
    before = {name: shards_holding(name) for name in names(120)}
    kept = names(120)[20:]  # 20 tenants removed ...
    after_names = kept + names(30, prefix="newcomer")  # ... and 30 added
    for name in kept:
        assert shards_holding(name) == before[name]
    assert all(len(shards_holding(name)) == 1 for name in after_names)


def test_a_shard_keeps_the_order_of_the_list() -> None:
    tenants = names(40)
    selected = Shard(2, SHARDS).select(tenants, str)
    assert selected == [name for name in tenants if shard_of(name, SHARDS) == 2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0/4", Shard(0, 4)), ("3/4", Shard(3, 4)), (" 1 / 2 ", Shard(1, 2)), ("0/1", Shard(0, 1)),
     (None, None), ("", None)],
)  # fmt: skip
def test_shard_values_accepted(value: object, expected: Shard | None) -> None:
    assert parse_shard(value, key="monite-platform:shard") == expected


@pytest.mark.parametrize(
    ("value", "detail"),
    [("4/4", "i must be below n, got 4/4"), ("1/0", "n must be 1 to 1000, got 0"),
     ("-1/4", "got '-1/4'"), ("1", "got '1'"), ("1/4/2", "got '1/4/2'"), ("a/b", "got 'a/b'"),
     (3, "got 3")],
)  # fmt: skip
def test_a_malformed_shard_names_the_key_and_the_allowed_form(value: object, detail: str) -> None:
    with pytest.raises(ShardConfigError) as raised:
        parse_shard(value, key="monite-platform:shard")
    message = str(raised.value)
    assert message.startswith('monite-platform:shard: expected "i/n"')
    assert '"0/4", "1/4", "2/4" or "3/4"' in message
    assert detail in message


# -- what a shard stack declares (under mocks) --------------------------------------------------


@pytest.fixture(scope="module")
def tenants_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tenants") / "tenants.yaml"
    path.write_text(yaml.safe_dump([tenant_entry(name) for name in names(120)]))
    return path


def run_shard(shard: str | None, tenants_file: Path) -> ProgramRun:
    config: dict[str, Any] = {f"{PROJECT}:tenantsFile": str(tenants_file)}
    if shard is not None:
        config[f"{PROJECT}:shard"] = shard
    return run_program(ROOT, project=PROJECT, stack="shard", config=config)


def test_each_shard_stack_declares_exactly_its_tenants_and_together_all(
    tenants_file: Path,
) -> None:
    declared: dict[int, set[str]] = {}
    for index in range(SHARDS):
        run = run_shard(f"{index}/{SHARDS}", tenants_file)
        assert run.error is None, run.error
        declared[index] = set(run.of_type(ENTITY))
        expected = {name for name in names(120) if shard_of(name, SHARDS) == index}
        assert declared[index] == expected
        assert set(run.exports) == expected
    assert set().union(*declared.values()) == set(names(120))
    assert sum(len(found) for found in declared.values()) == 120


def test_without_a_shard_the_stack_declares_every_tenant(tenants_file: Path) -> None:
    run = run_shard(None, tenants_file)
    assert run.error is None, run.error
    assert set(run.of_type(ENTITY)) == set(names(120))


def test_a_bad_tenant_in_another_shard_still_fails_every_shard(tmp_path: Path) -> None:
    """Every shard validates the whole list: an error never hides in a stack not run today."""
    entries = [tenant_entry(name) for name in names(8)]
    broken = next(e for e in entries if shard_of(e["name"], SHARDS) != 0)
    broken["address"]["country"] = "Germany"
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(entries))
    run = run_shard(f"0/{SHARDS}", path)
    assert run.error is not None
    assert run.error["type"] == "TenantConfigRunError"  # a RunError: no traceback in the CLI
    assert f"tenant '{broken['name']}' (tenants.yaml[" in run.error["message"]
    assert run.of_type(ENTITY) == {}


def test_a_malformed_shard_fails_before_any_resource(tenants_file: Path) -> None:
    run = run_shard("4/4", tenants_file)
    assert run.error is not None
    assert run.error["type"] == "ShardConfigRunError"  # a RunError: no traceback in the CLI
    assert run.error["message"].startswith(f'{PROJECT}:shard: expected "i/n"')
    assert run.resources == [] or run.of_type(ENTITY) == {}


def test_tenants_and_a_tenants_file_together_are_refused(tenants_file: Path) -> None:
    config = {
        f"{PROJECT}:tenantsFile": str(tenants_file),
        f"{PROJECT}:tenants": [tenant_entry("acme")],
    }
    run = run_program(ROOT, project=PROJECT, stack="shard", config=config)
    assert run.error is not None
    assert f"{PROJECT}:tenants and {PROJECT}:tenantsFile: set one of them" in run.error["message"]


def test_an_unreadable_tenants_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    run = run_shard(None, missing)
    assert run.error is not None
    assert f"{missing}: cannot read the tenants file" in run.error["message"]
    garbled = tmp_path / "garbled.yaml"
    garbled.write_text("- name: acme\n  type: [organization\n")
    run = run_shard(None, garbled)
    assert run.error is not None
    assert f"{garbled}: not valid YAML (line " in run.error["message"]


def test_the_shipped_shard_stacks_split_their_tenant_list() -> None:
    listed = [entry["name"] for entry in yaml.safe_load(
        (ROOT / "stacks" / "sharded-tenants.yaml").read_text()
    )]  # fmt: skip
    seen: list[str] = []
    for index in range(SHARDS):
        config = stack_config(ROOT, f"shard-{index}-of-{SHARDS}")
        assert config[f"{PROJECT}:shard"] == f"{index}/{SHARDS}"
        run = run_program(ROOT, project=PROJECT, stack=f"shard-{index}-of-{SHARDS}", config=config)
        assert run.error is None, run.error
        assert set(run.of_type(ENTITY)) == {n for n in listed if shard_of(n, SHARDS) == index}
        assert run.of_type(ENTITY), f"shard {index} of the shipped list is empty"
        seen.extend(run.of_type(ENTITY))
    assert sorted(seen) == sorted(listed)


def test_the_many_tenants_example_declares_only_its_shard_of_the_csv() -> None:
    folder = EXAMPLES / "many-tenants"
    with (folder / "tenants.csv").open(newline="") as handle:
        rows = [row["name"] for row in csv.DictReader(handle)]
    assert len(rows) == 120
    run = run_program(folder, project="monite-many-tenants",
                      config={"monite-many-tenants:shard": "1/4"})  # fmt: skip
    assert run.error is None, run.error
    assert set(run.of_type(ENTITY)) == {name for name in rows if shard_of(name, SHARDS) == 1}
