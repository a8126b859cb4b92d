"""Fix messages name the layer the user wrote and the command of the engine in use."""

from __future__ import annotations

import pytest

from monite_pulumi.providers._fix_hints import adopt_conflict_message, engine_in_use, rerun

SERVER = "/venv/lib/python3.11/site-packages/pulumi/dynamic/__main__.py"


class StackConfig:
    """What the dynamic provider gets: namespaced keys, bare ones in the project's namespace."""

    def __init__(self, **values: str) -> None:
        self.values = values

    def get(self, key: str) -> object:
        return self.values.get(key)


@pytest.mark.parametrize(
    ("argv", "engine", "command"),
    [
        ([SERVER, "127.0.0.1:40123"], "cli", "`pulumi up`"),
        ([SERVER], "local", "`monite-local-engine up`"),
        (
            ["pytest", "-q"],
            "unknown",
            "`pulumi up` (or `monite-local-engine up` where the Pulumi CLI is not installed)",
        ),
    ],
)
def test_the_engine_is_told_by_the_servers_command_line(
    argv: list[str], engine: str, command: str
) -> None:
    assert engine_in_use(argv) == engine
    assert rerun("up", argv) == command


def test_a_tenant_from_the_stack_config_is_told_the_yaml_fix() -> None:
    message = adopt_conflict_message("e-1", "c-1", "connected", StackConfig(tenants="[...]"))
    assert "`accounting: {adopt_existing: true}`" in message
    assert '`adopt: {connection_id: "c-1"}`' in message
    assert "AccountingConnectionArgs" not in message


def test_a_tenants_file_is_the_yaml_layer_too() -> None:
    message = adopt_conflict_message("e-1", "c-1", "connected", StackConfig(tenantsFile="t.yaml"))
    assert "`accounting: {adopt_existing: true}`" in message


def test_a_python_program_is_told_the_args_fix() -> None:
    for config in (None, StackConfig()):
        message = adopt_conflict_message("e-1", "c-1", "pending_auth", config)
        assert 'set adopt_existing=True in this AccountingConnectionArgs, or adopt_id="c-1"' in (
            message
        )
        assert "accounting: {" not in message


def test_the_native_plugin_is_told_its_own_input_names_and_the_cli() -> None:
    argv = ["/venv/bin/pulumi-resource-monite", "127.0.0.1:40123"]
    message = adopt_conflict_message("e-1", "c-1", "connected", StackConfig(tenants="[]"), argv)
    assert "`adoptExisting: true` on this AccountingConnection" in message
    assert '`adoptId: "c-1"`' in message
    assert message.endswith("Then run `pulumi up` again.")
    assert engine_in_use(argv) == "cli"
