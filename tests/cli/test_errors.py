"""Bad input, missing or wrong credentials and failing APIs: one line, an exit code, no secret."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from monite_pulumi._version import __version__
from monite_pulumi.cli import ExitCode
from monite_pulumi.client import reset_shared_state
from monite_pulumi.config import ENVIRONMENT_URLS
from monite_pulumi.sandbox.testing import RunningSandbox
from tests.cli._run import run
from tests.cli._seed import World
from tests.cli.conftest import isolated_env

Env = dict[str, str | None]


def _one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("chase", "--older-than", "soon"),
        ("status", "--pending-older-than", "2 weeks"),
        ("status", "--status", "bogus"),
        ("status", "--workers", "0"),
        ("--environment", "mars", "status"),
        ("sync",),
    ],
)
def test_bad_options_are_usage_errors(runner: CliRunner, env: Env, args: tuple[str, ...]) -> None:
    result = run(runner, env, *args)

    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.output


def test_bad_age_explains_the_format(runner: CliRunner, env: Env) -> None:
    result = run(runner, env, "chase", "--older-than", "soon")

    assert "e.g. 2d" in result.stderr


def test_entity_that_is_neither_id_nor_email(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "open", "acme")

    assert result.exit_code == ExitCode.USAGE
    assert "entity id (UUID) or an email" in _one_line_error(result.stderr)


def test_unknown_entity(runner: CliRunner, env: Env, world: World) -> None:
    missing = str(uuid.uuid4())

    result = run(runner, env, "sync", missing)

    assert result.exit_code == ExitCode.NOT_FOUND
    assert _one_line_error(result.stderr) == f"error: no entity with id {missing}"


def test_ambiguous_email_names_every_match(runner: CliRunner, env: Env, world: World) -> None:
    result = run(runner, env, "open", "twins@example.test")

    assert result.exit_code == ExitCode.NOT_FOUND
    line = _one_line_error(result.stderr)
    assert all(twin.id in line for twin in world.twins)


def test_missing_secret_says_how_to_provide_it(runner: CliRunner, sandbox: RunningSandbox) -> None:
    env = isolated_env({"MONITE_API_URL": sandbox.api_url, "MONITE_CLIENT_ID": sandbox.client_id})

    result = run(runner, env, "status")

    assert result.exit_code == ExitCode.CONFIGURATION
    line = _one_line_error(result.stderr)
    assert line.startswith("error: missing Monite client secret:")
    assert "MONITE_CLIENT_SECRET" in line
    assert "--ask-secret" in line
    assert "MONITE_CLIENT_ID" not in line  # it is set: only the missing one is named


def test_client_id_can_come_from_the_flag(
    runner: CliRunner, sandbox: RunningSandbox, world: World
) -> None:
    env = isolated_env(
        {"MONITE_API_URL": sandbox.api_url, "MONITE_CLIENT_SECRET": sandbox.client_secret}
    )

    result = run(runner, env, "--client-id", sandbox.client_id, "status", "--json")

    assert result.exit_code == 0, result.output
    assert world.connected.id in result.stdout


def test_ask_secret_reads_a_hidden_prompt(
    runner: CliRunner, sandbox: RunningSandbox, world: World
) -> None:
    env = isolated_env({"MONITE_API_URL": sandbox.api_url, "MONITE_CLIENT_ID": sandbox.client_id})

    result = run(
        runner, env, "--ask-secret", "open", world.pending.id, input=sandbox.client_secret + "\n"
    )

    assert result.exit_code == 0, result.output
    assert sandbox.client_secret not in result.output
    assert world.pending_link.connection_url in result.stdout


def test_wrong_secret_is_a_configuration_error_without_the_secret(
    runner: CliRunner, sandbox: RunningSandbox
) -> None:
    wrong = "not-the-secret-" + uuid.uuid4().hex
    env = isolated_env(
        {
            "MONITE_API_URL": sandbox.api_url,
            "MONITE_CLIENT_ID": sandbox.client_id,
            "MONITE_CLIENT_SECRET": wrong,
        }
    )

    reset_shared_state()  # a token cached by earlier runs in this process would still work

    result = run(runner, env, "status")

    assert result.exit_code == ExitCode.CONFIGURATION
    line = _one_line_error(result.stderr)
    assert wrong not in result.output
    assert f"Monite at {sandbox.api_url} refused the client credentials" in line
    assert "MONITE_CLIENT_SECRET" in line
    assert "--ask-secret" in line
    assert "pulumi config" not in line  # this command never reads Pulumi config


@pytest.fixture
def failing_listing(sandbox: RunningSandbox) -> Iterator[None]:
    rule = {"method": "GET", "path": "^/entities$", "status": 503}
    sandbox.control.post("/_sandbox/faults", json=rule).raise_for_status()
    yield
    sandbox.control.delete("/_sandbox/faults").raise_for_status()


def test_server_failure_is_one_line_and_exit_5(
    runner: CliRunner, env: Env, world: World, failing_listing: None
) -> None:
    result = run(runner, {**env, "MONITE_MAX_ATTEMPTS": "1"}, "status")

    assert result.exit_code == ExitCode.API
    assert "503" in _one_line_error(result.stderr)


def test_ask_secret_without_a_terminal_or_input_says_what_to_do(
    runner: CliRunner, sandbox: RunningSandbox
) -> None:
    env = isolated_env({"MONITE_API_URL": sandbox.api_url, "MONITE_CLIENT_ID": sandbox.client_id})

    result = run(runner, env, "--ask-secret", "status", input="")

    assert result.exit_code == ExitCode.CONFIGURATION
    line = _one_line_error(result.stderr)
    assert "--ask-secret found no terminal" in line
    assert "MONITE_CLIENT_SECRET" in line
    assert "Aborted" not in result.output
    assert "GetPassWarning" not in result.output


def test_missing_client_id_names_the_variable(runner: CliRunner, sandbox: RunningSandbox) -> None:
    env = isolated_env(
        {"MONITE_API_URL": sandbox.api_url, "MONITE_CLIENT_SECRET": sandbox.client_secret}
    )

    result = run(runner, env, "status")

    assert result.exit_code == ExitCode.CONFIGURATION
    line = _one_line_error(result.stderr)
    assert line == "error: missing Monite client id: set MONITE_CLIENT_ID (or pass --client-id)"


def test_bad_choice_lists_the_allowed_values_without_value_error(
    runner: CliRunner, env: Env
) -> None:
    result = run(runner, env, "status", "-s", "bogus")

    assert result.exit_code == ExitCode.USAGE
    assert "'bogus' is not one of 'active', 'inactive', 'deleted'" in result.stderr
    assert "Value error" not in result.output


@pytest.fixture
def closed_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there any more


def test_refused_connection_names_the_url(runner: CliRunner, closed_url: str) -> None:
    env = isolated_env(
        {
            "MONITE_API_URL": closed_url,
            "MONITE_CLIENT_ID": "id",
            "MONITE_CLIENT_SECRET": "cli-errors-test-secret",
            "MONITE_MAX_ATTEMPTS": "1",
        }
    )

    result = run(runner, env, "status")

    assert result.exit_code == ExitCode.API
    line = _one_line_error(result.stderr)
    assert f"could not reach {closed_url}" in line
    assert "MONITE_API_URL" in line


def test_refused_connection_to_monite_suggests_the_local_sandbox(
    runner: CliRunner, closed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Monite's sandbox URL, pointed at a closed local port: no traffic leaves the machine.
    monkeypatch.setitem(ENVIRONMENT_URLS, "sandbox", closed_url)
    env = isolated_env(
        {
            "MONITE_CLIENT_ID": "id",
            "MONITE_CLIENT_SECRET": "cli-errors-test-secret",
            "MONITE_MAX_ATTEMPTS": "1",
        }
    )

    result = run(runner, env, "-e", "sandbox", "status")

    assert result.exit_code == ExitCode.API
    line = _one_line_error(result.stderr)
    assert f"could not reach {closed_url}" in line
    assert "pass -e local" in line


def test_version(runner: CliRunner, env: Env) -> None:
    result = run(runner, env, "--version")

    assert result.exit_code == 0
    assert result.stdout.strip() == f"monite-pulumi {__version__}"


def test_unexpected_failure_names_only_its_type(
    runner: CliRunner, env: Env, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("token=abc123 leaked into a message")

    monkeypatch.setattr("monite_pulumi.cli._app.collect_rows", broken)

    result = run(runner, env, "status")

    assert result.exit_code == ExitCode.API
    assert _one_line_error(result.stderr).startswith("error: unexpected RuntimeError")
    assert "abc123" not in result.output
