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
    leaf,
    run_program,
    stack_config,
)


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
    run = run_program(EXAMPLES / "many-tenants", project="monite-many-tenants",
                      config={"monite-many-tenants:tenantsFile": str(_csv(tmp_path, header,
                                                                           priced))})
    assert run.error is None
    (product,) = run.of_type(PRODUCT).values()
    assert product["inputs"]["price"] == {"value": 1274, "currency": "EUR"}

    for cell in ("1274.00", "12,74", "true"):
        bad = _csv(tmp_path, header, priced.replace(",1274,", f',"{cell}",'))
        run = run_program(EXAMPLES / "many-tenants", project="monite-many-tenants",
                          config={"monite-many-tenants:tenantsFile": str(bad)})
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


def test_pipeline_runs_the_platform_program() -> None:
    folder = EXAMPLES / "pipeline"

    run = run_program(
        folder, project="monite-pipeline", stack="staging", config=stack_config(folder, "staging")
    )

    assert run.error is None
    assert sorted(run.of_type(ENTITY)) == ["acme", "jane-doe"]
    assert sorted(run.of_type(CONNECTION)) == ["acme", "jane-doe"]
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
    drift = commands("drift")
    refresh = next(i for i, c in enumerate(drift) if c.startswith("pulumi refresh"))
    check = next(i for i, c in enumerate(drift) if "drift_check.py" in c)
    assert refresh < check
    assert "pulumi stack export" in drift[check]
    assert "--show-secrets" not in text
    assert "stack output" not in text
