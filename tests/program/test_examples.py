"""Every example under set_mocks: what it declares, the wiring, and what it exports."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from tests.program.programs import (
    CONNECTION,
    ENTITY,
    EXAMPLES,
    PRODUCT,
    ProgramRun,
    leaf,
    run_program,
    stack_config,
)

PIPELINE_SHARDS = ["shard-0-of-2", "shard-1-of-2"]


def test_every_example_is_a_standalone_project() -> None:
    for name in ("quickstart", "many-tenants", "pipeline", "lookups"):
        folder = EXAMPLES / name
        project = yaml.safe_load((folder / "Pulumi.yaml").read_text())
        assert project["runtime"]["name"] == "python", name
        assert project["runtime"]["options"]["virtualenv"] == "venv", name
        assert (folder / "__main__.py").is_file(), name
        assert (folder / "README.md").is_file(), name
        requirements = (folder / "requirements.txt").read_text()
        assert "monite_pulumi-" in requirements, name  # the wheel: not on the package index


def test_quickstart_declares_entity_product_connection() -> None:
    run = run_program(
        EXAMPLES / "quickstart",
        project="monite-quickstart",
        config=stack_config(EXAMPLES / "quickstart", "dev"),
    )

    assert run.error is None
    assert list(run.of_type(ENTITY)) == ["quickstart"]
    assert list(run.of_type(PRODUCT)) == ["consulting-hour"]
    connection = run.of_type(CONNECTION)["quickstart"]
    assert run.urn(PRODUCT, "consulting-hour") in connection["dependencies"]
    assert connection["inputs"]["entity_id"] == "entity-quickstart"
    assert "connection_url" in connection["additional_secret_outputs"]
    assert leaf(run.exports["entity_id"]) == ("entity-quickstart", False)
    assert leaf(run.exports["connection_status"]) == ("pending_auth", False)
    assert leaf(run.exports["connection_url"])[1] is True


def test_many_tenants_declares_every_csv_row() -> None:
    folder = EXAMPLES / "many-tenants"
    with (folder / "tenants.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))

    run = run_program(folder, project="monite-many-tenants")

    assert run.error is None
    assert len(rows) >= 100
    assert sorted(run.of_type(ENTITY)) == sorted(row["name"] for row in rows)
    connected = {row["name"] for row in rows if row["connect_accounting"] == "yes"}
    assert set(run.of_type(CONNECTION)) == connected
    products = run.of_type(PRODUCT)
    for name, connection in run.of_type(CONNECTION).items():
        mine = {r["urn"] for r in products.values() if r["name"].startswith(f"{name}-")}
        assert mine <= set(connection["dependencies"]), name
    assert len(run.exports) == len(rows)
    assert all(
        leaf(export["connection_url"])[1]
        for export in run.exports.values()
        if "connection_url" in export
    )


def test_many_tenants_names_the_bad_row(tmp_path: Path) -> None:
    source = (EXAMPLES / "many-tenants" / "tenants.csv").read_text().splitlines()
    header, first, second = source[0], source[1], source[2]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([header, first, second.replace(",NL,", ",Holland,")]) + "\n")

    run = run_program(
        EXAMPLES / "many-tenants",
        project="monite-many-tenants",
        config={"monite-many-tenants:tenantsFile": str(bad)},
    )

    assert run.error is not None
    name = second.split(",")[0]
    assert f"tenant '{name}' (bad.csv[1]): field 'address.country'" in run.error["message"]
    assert run.resources == []


def test_many_tenants_takes_a_price_cell_only_as_whole_minor_units(tmp_path: Path) -> None:
    source = (EXAMPLES / "many-tenants" / "tenants.csv").read_text().splitlines()
    header, priced = source[0], source[2]
    assert ",1274,EUR," in priced
    name = priced.split(",")[0]
    run = run_program(
        EXAMPLES / "many-tenants",
        project="monite-many-tenants",
        config={"monite-many-tenants:tenantsFile": str(_csv(tmp_path, header, priced))},
    )
    assert run.error is None
    (product,) = run.of_type(PRODUCT).values()
    assert product["inputs"]["price"] == {"value": 1274, "currency": "EUR"}

    for cell in ("1274.00", "12,74", "true"):
        bad = _csv(tmp_path, header, priced.replace(",1274,", f',"{cell}",'))
        run = run_program(
            EXAMPLES / "many-tenants",
            project="monite-many-tenants",
            config={"monite-many-tenants:tenantsFile": str(bad)},
        )
        assert run.error is not None, cell
        message = run.error["message"]
        assert (
            f"tenant '{name}' (bad.csv[0]): product 'Standard item': "
            "field 'products[0].price.value': must be a whole number of minor units"
        ) in message
        assert run.resources == []


def _csv(folder: Path, *lines: str) -> Path:
    path = folder / "bad.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_pipeline_shards_run_the_platform_program_over_one_tenant_list() -> None:
    folder = EXAMPLES / "pipeline"
    listed = [entry["name"] for entry in yaml.safe_load((folder / "tenants.yaml").read_text())]
    declared: dict[str, ProgramRun] = {}
    for stack in PIPELINE_SHARDS:
        run = run_program(
            folder, project="monite-pipeline", stack=stack, config=stack_config(folder, stack)
        )
        assert run.error is None, run.error
        assert run.of_type(ENTITY), f"{stack} declares no tenant"
        declared[stack] = run
    names = [name for run in declared.values() for name in run.of_type(ENTITY)]
    assert sorted(names) == sorted(listed)  # each tenant in exactly one shard

    run = next(run for run in declared.values() if "acme" in run.of_type(ENTITY))
    assert "acme" in run.of_type(CONNECTION)
    assert (
        run.urn(PRODUCT, "acme-consulting-hour") in run.of_type(CONNECTION)["acme"]["dependencies"]
    )
    assert leaf(run.exports["acme"]["connection_url"])[1] is True
    assert all(r["protect"] for r in run.resources if r["name"].startswith("acme"))


def test_pipeline_workflow_previews_applies_and_checks_drift() -> None:
    text = (EXAMPLES / "pipeline" / ".github" / "workflows" / "monite.yml").read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    jobs = workflow["jobs"]

    def commands(job: str) -> list[str]:
        return [step["run"] for step in jobs[job]["steps"] if "run" in step]

    assert {"pull_request", "push", "schedule"} <= set(triggers)
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in jobs["preview"]["if"]
    assert any(c.startswith("pulumi preview") for c in commands("preview"))
    assert "refs/heads/main" in jobs["up"]["if"]
    assert any(c.startswith("pulumi up") and "--refresh" in c for c in commands("up"))
    assert "schedule" in jobs["drift"]["if"]
    for job in ("preview", "up"):
        assert jobs[job]["strategy"]["matrix"]["stack"] == PIPELINE_SHARDS
        assert jobs[job]["env"]["PULUMI_STACK"] == "${{ matrix.stack }}"
    assert workflow["env"]["SHARD_STACKS"].split() == PIPELINE_SHARDS
    drift = commands("drift")
    refresh = next(i for i, c in enumerate(drift) if "pulumi refresh" in c)
    check = next(i for i, c in enumerate(drift) if "drift_check.py" in c)
    assert refresh < check
    assert "pulumi stack export" in drift[check]
    assert "drift_check.py exports/*.json" in drift[check]  # every shard judged at once
    assert "--show-secrets" not in text
    assert "stack output" not in text


def test_the_pipeline_matrix_names_every_shard_stack_and_only_those() -> None:
    folder = EXAMPLES / "pipeline"
    stacks = sorted(path.name[len("Pulumi.") : -len(".yaml")]
                    for path in folder.glob("Pulumi.*.yaml"))  # fmt: skip
    assert stacks == PIPELINE_SHARDS
    for index, stack in enumerate(PIPELINE_SHARDS):
        config = stack_config(folder, stack)
        assert config["monite-pipeline:shard"] == f"{index}/{len(PIPELINE_SHARDS)}"
        assert config["monite-pipeline:tenantsFile"] == "tenants.yaml"
