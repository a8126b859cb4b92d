"""The local engine runs a native provider plugin as the Pulumi CLI does (plugins.py,
providers_registry.py), on a plugin of the tests' own (fake_native_provider.py)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from monite_pulumi.local_engine.plugins import IGNORE_AMBIENT, PluginError, find_plugin
from monite_pulumi.local_engine.project import load_project
from monite_pulumi.local_engine.providers_registry import default_provider_name
from tests.local_engine.native_project import NativeProject

ONE = [{"name": "a", "label": "alpha", "region": "eu"}]
TWO = [*ONE, {"name": "b", "label": "x", "region": "eu", "label_from": "a"}]
DEFAULT_URN = "urn:pulumi:dev::nativetest::pulumi:providers:fakenat::default"


def _ok(run: object) -> None:
    assert getattr(run, "returncode", 1) == 0, getattr(run, "stderr", "")


def test_up_registers_the_default_provider_with_the_package_config(tmp_path: Path) -> None:
    """default_providers.go: provider ``default`` with the ``fakenat:`` config (namespace
    stripped), a UUID id; the plugin is started with the engine address and configured with
    ``fakenat:config:<key>`` variables; every resource names the provider by ``urn::id``."""
    project = NativeProject(tmp_path)
    project.write_config(things=TWO)
    _ok(project.run("up", "--yes"))
    state = project.by_name()
    provider = state["default"]
    assert provider["urn"] == DEFAULT_URN
    assert provider["inputs"] == {"region": "eu"} == provider["outputs"]
    uuid.UUID(provider["id"])
    assert state["a"]["provider"] == f"{DEFAULT_URN}::{provider['id']}"
    assert state["a"]["outputs"]["code"] == "eu-alpha"
    assert state["b"]["inputs"]["name"] == "eu-alpha"
    configure = [c for c in project.calls() if c["method"] == "Configure"]
    assert configure[0]["variables"] == {"fakenat:config:region": "eu"}
    assert project.methods()["Create"] == 2


def test_a_second_up_changes_nothing_and_creates_nothing(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    project.write_config(things=TWO)
    _ok(project.run("up", "--yes"))
    second = project.run("up", "--yes", "--json", "--expect-no-changes")
    _ok(second)
    assert {s["op"] for s in json.loads(second.stdout)["steps"]} == {"same"}
    assert project.methods()["Create"] == project.methods()["Update"] == 0


def test_preview_sends_create_and_update_with_preview_and_keeps_known_outputs(
    tmp_path: Path,
) -> None:
    """provider_plugin.go ``Create``/``Update``: a plugin that supports previews is called
    with ``preview``; what it knows stays known, so the dependent ``b`` (whose input is
    ``a``'s ``code``) is not changed by a preview of a one-field change of ``a``."""
    project = NativeProject(tmp_path)
    project.write_config(things=TWO)
    first = project.run("preview", "--json")
    _ok(first)
    creates = [c for c in project.calls() if c["method"] == "Create"]
    assert [c["preview"] for c in creates] == [True, True]
    assert creates[1]["news"]["name"] == "eu-alpha"  # a's code, known in the preview
    assert not project.store.exists() or project.objects() == {}
    _ok(project.run("up", "--yes"))
    project.write_config(things=[{**TWO[0], "label": "beta"}, TWO[1]])
    preview = project.run("preview", "--json")
    _ok(preview)
    ops = {s["urn"].rsplit("::", 1)[-1]: s["op"] for s in json.loads(preview.stdout)["steps"]}
    assert ops == {"nativetest-dev": "same", "default": "same", "a": "update", "b": "update"}
    updates = [c for c in project.calls() if c["method"] == "Update"]
    assert [c["preview"] for c in updates] == [True, True]
    assert updates[1]["news"]["name"] == "eu-beta"  # known, not the unknown marker
    assert project.objects()["t-1"]["inputs"]["name"] == "alpha"  # nothing changed


def test_an_explicit_provider_resource_serves_its_resources(tmp_path: Path) -> None:
    """registry.go: CheckConfig then Configure with the provider's own inputs, a UUID id; the
    resource's ``provider`` names it and no default provider is registered."""
    project = NativeProject(tmp_path)
    thing = {**ONE[0], "provider": "west"}
    project.write_config(providers={"west": {"region": "us"}}, things=[thing])
    _ok(project.run("up", "--yes"))
    state = project.by_name()
    assert "default" not in state
    west = state["west"]
    assert west["type"] == "pulumi:providers:fakenat"
    assert state["a"]["provider"] == f"{west['urn']}::{west['id']}"
    methods = [c["method"] for c in project.calls()]
    assert methods.index("CheckConfig") < methods.index("Configure") < methods.index("Create")
    configure = next(c for c in project.calls() if c["method"] == "Configure")
    assert configure["variables"] == {"fakenat:config:region": "us"}


def test_a_provider_secret_stays_secret_when_check_config_drops_the_mark(
    tmp_path: Path,
) -> None:
    """provider_plugin.go ``CheckConfig``: ``annotateSecrets(inputs, news)`` always, so the
    provider's secret input is encrypted in the state and sent to Configure as a secret."""
    project = NativeProject(tmp_path)
    project.write_config(
        providers={"west": {"region": "us", "token": "tok-123"}},
        things=[{**ONE[0], "provider": "west"}],
    )
    _ok(project.run("up", "--yes"))
    state_text = (tmp_path / ".monite-local-engine" / "dev.json").read_text()
    assert "tok-123" not in state_text
    configure = next(c for c in project.calls() if c["method"] == "Configure")
    assert configure["token_is_secret"] is True


def test_a_provider_whose_config_is_unknown_answers_the_preview_itself(tmp_path: Path) -> None:
    """provider_plugin.go ``Configure``/``Create``: a configuration with unknowns is not sent,
    and a preview's Create of its resources answers nothing without calling the plugin."""
    project = NativeProject(tmp_path)
    project.write_config(
        things=ONE,
        late_providers={"late": "a"},
        late_things=[{"name": "z", "label": "zed", "region": "eu", "provider": "late"}],
    )
    _ok(project.run("preview"))
    creates = [c["urn"].rsplit("::", 1)[-1] for c in project.calls() if c["method"] == "Create"]
    assert creates == ["a"]
    _ok(project.run("up", "--yes"))
    assert project.by_name()["z"]["outputs"]["code"] == "eu-zed"


def test_check_config_failures_fail_the_provider_step(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    project.write_config(providers={"moon": {"region": "mars"}}, things=[])
    run = project.run("up", "--yes")
    assert run.returncode != 0
    assert "region: no such region" in run.stderr


def test_check_failures_name_the_property_and_nothing_is_created(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    project.write_config(things=[{**ONE[0], "bad": True}])
    run = project.run("up", "--yes")
    assert run.returncode != 0
    assert "bad: bad is not allowed" in run.stderr
    assert project.methods()["Create"] == 0


def test_import_reads_with_the_id_alone_then_checks_the_read_inputs(tmp_path: Path) -> None:
    """step.go ``ImportStep.Apply`` + step_generator.go ``continueStepsFromImport``: Read with
    no inputs and no state, Check with the read inputs as olds, Diff; no Create; the state
    holds what was read, as an up would have made it."""
    made = NativeProject(tmp_path / "made")
    made.write_config(things=ONE)
    _ok(made.run("up", "--yes"))
    project = NativeProject(tmp_path / "imported")
    project.store.write_text(made.store.read_text())
    project.write_config(things=[{**ONE[0], "import": "t-1"}])
    _ok(project.run("up", "--yes"))
    read = next(c for c in project.calls() if c["method"] == "Read")
    assert (read["id"], read["properties"], read["inputs"]) == ("t-1", {}, {})
    check = next(c for c in project.calls() if c["method"] == "Check")
    assert check["olds"] == {"name": "alpha", "region": "eu"}
    assert project.methods()["Create"] == 0
    imported, original = project.by_name()["a"], made.by_name()["a"]
    for key in ("id", "inputs", "outputs", "type"):
        assert imported[key] == original[key], key
    again = project.run("up", "--yes", "--expect-no-changes")
    _ok(again)


def test_an_import_id_other_than_the_object_id_stays_the_same_import(tmp_path: Path) -> None:
    """step_generator.go ``continueStepsFromRefresh``: the state's ``importID`` (not the object
    id the Read answered) is compared with the program's ``import_`` on the next run."""
    project = NativeProject(tmp_path)
    project.write_config(things=ONE)
    _ok(project.run("up", "--yes"))
    (tmp_path / ".monite-local-engine" / "dev.json").unlink()
    project.write_config(things=[{**ONE[0], "import": "scope/t-1"}])
    _ok(project.run("up", "--yes"))
    recorded = project.by_name()["a"]
    assert (recorded["id"], recorded["importID"]) == ("t-1", "scope/t-1")
    _ok(project.run("up", "--yes", "--expect-no-changes"))
    assert project.methods()["Read"] == 0


def test_import_with_different_inputs_updates_the_imported_object(tmp_path: Path) -> None:
    """continueStepsFromImport: a Diff with changes after the import is an Update."""
    project = NativeProject(tmp_path)
    project.write_config(things=ONE)
    _ok(project.run("up", "--yes"))
    (tmp_path / ".monite-local-engine" / "dev.json").unlink()
    project.write_config(things=[{**ONE[0], "label": "gamma", "import": "t-1"}])
    _ok(project.run("up", "--yes"))
    assert project.methods()["Update"] == 1
    assert project.methods()["Create"] == 0
    assert project.objects()["t-1"]["inputs"]["name"] == "gamma"


def test_import_of_a_missing_object_fails(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    project.write_config(things=[{**ONE[0], "import": "t-99"}])
    run = project.run("up", "--yes")
    assert run.returncode != 0
    assert "resource 't-99' does not exist" in run.stderr


def test_invoke_reaches_the_provider_function(tmp_path: Path) -> None:
    project = NativeProject(tmp_path)
    project.write_config(things=ONE)
    _ok(project.run("up", "--yes"))
    project.write_config(lookup="t-1")
    _ok(project.run("up", "--yes"))
    out = project.run("stack", "output", "lookup", "--json")
    assert json.loads(out.stdout) == {"name": "alpha"}


def test_a_get_reads_the_object_and_undeclared_it_is_only_forgotten(tmp_path: Path) -> None:
    """step.go ``ReadStep.Apply``: Read with the id and the program's properties; the state
    records it ``external``; no longer declared, ``DeleteStep.Apply`` deletes nothing."""
    project = NativeProject(tmp_path)
    project.write_config(things=ONE)
    _ok(project.run("up", "--yes"))
    project.write_config(things=ONE, gets={"seen": "t-1"})
    _ok(project.run("up", "--yes"))
    read = next(c for c in project.calls() if c["method"] == "Read")
    assert read["id"] == "t-1"
    seen = project.by_name()["seen"]
    assert seen["external"] is True
    assert seen["outputs"]["code"] == "eu-alpha"
    project.write_config(things=ONE, gets={})
    _ok(project.run("up", "--yes"))
    assert "seen" not in project.by_name()
    assert project.methods()["Delete"] == 0
    assert "t-1" in project.objects()
    project.write_config(things=ONE, gets={"ghost": "t-404"})
    missing = project.run("up", "--yes")
    assert missing.returncode != 0
    assert "resource 't-404' does not exist" in missing.stderr


def test_refresh_and_destroy_load_the_provider_from_the_state(tmp_path: Path) -> None:
    """registry.go ``Same`` (not from Check): refresh and destroy configure the plugin from the
    provider's recorded inputs; destroy deletes every object."""
    project = NativeProject(tmp_path)
    project.write_config(things=TWO)
    _ok(project.run("up", "--yes"))
    _ok(project.run("refresh", "--yes", "--expect-no-changes"))
    assert project.methods()["Read"] == 2
    _ok(project.run("destroy", "--yes"))
    assert project.objects() == {}
    assert project.state() == []


@pytest.mark.slow
def test_many_calls_in_flight(tmp_path: Path) -> None:
    """The plugin gets as many calls at once as the engine's parallelism allows, not the
    dynamic server's 4: eight Creates wait for each other (FAKENAT_GATHER) and all finish."""
    project = NativeProject(tmp_path)
    project.env["FAKENAT_GATHER"] = "8"
    project.write_config(
        things=[{"name": f"t{i}", "label": f"l{i}", "region": "eu"} for i in range(8)]
    )
    _ok(project.run("up", "--yes"))
    assert len(project.objects()) == 8


def test_plugin_found_in_pulumi_yaml_plugins_before_path(tmp_path: Path) -> None:
    """plugins.go ``getPluginInfoAndPath``: a project plugin first, then $PATH, which
    ``PULUMI_IGNORE_AMBIENT_PLUGINS`` turns off (the CLI's missing-plugin message)."""
    project = NativeProject(tmp_path, on_path=False)
    loaded = load_project(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(project.plugin.parent))
        assert find_plugin(loaded, "fakenat") == project.plugin
        patch.setenv(IGNORE_AMBIENT, "1")
        with pytest.raises(PluginError, match=r"'pulumi-resource-fakenat' found in the workspace$"):
            find_plugin(loaded, "fakenat")
        (tmp_path / "Pulumi.yaml").write_text(
            "name: nativetest\nruntime: python\nplugins:\n  providers:\n"
            "    - name: fakenat\n      path: ./bin\n"
        )
        assert find_plugin(load_project(tmp_path), "fakenat") == tmp_path / "bin" / (
            "pulumi-resource-fakenat"
        )
    project.write_config(things=ONE)
    _ok(project.run("up", "--yes"))


def test_default_provider_names_follow_the_requested_version() -> None:
    assert default_provider_name("") == "default"
    assert default_provider_name("1.2.3") == "default_1_2_3"
    assert default_provider_name("1.2.3-alpha.1+b5") == "default_1_2_3_alpha_1_b5"
