"""The main job (`scripts/up.sh`) on a machine without the pulumi CLI.

With `MONITE_ENGINE=cli` and no way to install the CLI it must say so, give the manual command,
exit non-zero and leave the local sandbox running and usable. With the default (`auto`) it runs
the main job with the local engine instead: the dev stack's tenants exist at the end, and a
second run changes nothing. Bad settings stop it with one line before anything starts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port bound but not listening: connecting to it is refused, and nobody else can take it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(pid_file: Path) -> None:
    if not pid_file.exists():
        return
    try:
        process = psutil.Process(int(pid_file.read_text().strip()))
    except psutil.NoSuchProcess:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def test_without_the_cli_and_without_internet_it_fails_clearly_and_keeps_the_sandbox(
    tmp_path: Path, closed_port: int
) -> None:
    if shutil.which("pulumi", path=SYSTEM_PATH) is not None:
        pytest.skip(f"a pulumi CLI is installed on {SYSTEM_PATH}: cannot test its absence")
    sandbox_dir = tmp_path / "sandbox"
    tools_dir = tmp_path / "tools"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MONITE_", "PULUMI_"))
    }
    env.update(
        PATH=SYSTEM_PATH,
        MONITE_SANDBOX_PORT=str(free_port()),
        MONITE_SANDBOX_DIR=str(sandbox_dir),
        MONITE_TOOLS_DIR=str(tools_dir),
        MONITE_PULUMI_INSTALLER_URL=f"http://127.0.0.1:{closed_port}/install.sh",
        MONITE_ENGINE="cli",
    )
    try:
        done = run_up(env)
        output = done.stdout + done.stderr

        assert done.returncode != 0, output
        assert "could not install the pulumi CLI" in done.stderr, output
        assert "curl -fsSL https://get.pulumi.com | sh -s -- --version" in done.stderr
        assert f"--install-root {tools_dir}/pulumi --no-edit-path" in done.stderr
        assert not (tools_dir / "pulumi" / "bin" / "pulumi").exists()
        assert "sandbox-secret" not in output
        env_file = sandbox_dir / "env.sh"
        assert f"passphrase): {env_file}" in output
        assert env_file.stat().st_mode & 0o777 == 0o600
        assert 'export MONITE_CLIENT_SECRET="sandbox-secret"' in env_file.read_text()

        url = (sandbox_dir / "sandbox.url").read_text().strip()
        assert f"dashboard  {url}/" in done.stderr
        assert url.startswith(f"http://127.0.0.1:{env['MONITE_SANDBOX_PORT']}")
        with httpx.Client(base_url=url, timeout=10, trust_env=False) as client:
            token = client.post(
                "/v1/auth/token",
                json={
                    "grant_type": "client_credentials",
                    "client_id": "00000000-0000-4000-8000-000000000001",
                    "client_secret": "sandbox-secret",
                },
                headers={"X-Monite-Version": "2024-05-25"},
            )
            assert token.status_code == 200, token.text
            entities = client.get(
                "/v1/entities",
                headers={
                    "X-Monite-Version": "2024-05-25",
                    "Authorization": f"Bearer {token.json()['access_token']}",
                },
            )
            assert entities.status_code == 200, entities.text
    finally:
        stop(sandbox_dir / "sandbox.pid")


def no_cli_env(tmp_path: Path, closed_port: int, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MONITE_", "PULUMI_"))
    }
    env.update(
        PATH=SYSTEM_PATH,
        MONITE_SANDBOX_PORT=str(free_port()),
        MONITE_SANDBOX_DIR=str(tmp_path / "sandbox"),
        MONITE_TOOLS_DIR=str(tmp_path / "tools"),
        MONITE_PULUMI_INSTALLER_URL=f"http://127.0.0.1:{closed_port}/install.sh",
        MONITE_LOCAL_ENGINE_STATE_DIR=str(tmp_path / "state"),
    )
    env.update(extra)
    return env


def run_up(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return bash(str(ROOT / "scripts" / "up.sh"), cwd=ROOT, env=env)


def bash(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False
    )


def test_without_the_cli_it_runs_the_main_job_with_the_local_engine(
    tmp_path: Path, closed_port: int
) -> None:
    if shutil.which("pulumi", path=SYSTEM_PATH) is not None:
        pytest.skip(f"a pulumi CLI is installed on {SYSTEM_PATH}: cannot test its absence")
    env = no_cli_env(tmp_path, closed_port)
    state_file = tmp_path / "state" / "dev.json"
    try:
        first = run_up(env)
        output = first.stdout + first.stderr
        assert first.returncode == 0, output
        assert "using the local engine instead" in output
        assert "engine: monite-local-engine, a local stand-in for the Pulumi engine" in output
        assert f"state in {state_file}" in output
        assert "+ 13 created" in first.stdout
        for tenant in ("acme-gmbh", "jane-doe", "john-smith", "northwind-ltd"):
            assert f"  {tenant}: entity " in first.stdout
        assert "connection pending_auth" in first.stdout
        assert "connection not_requested" in first.stdout
        assert "authorise at" not in first.stdout  # connection URLs only on request
        assert "sandbox-secret" not in output
        sandbox_pid = int((tmp_path / "sandbox" / "sandbox.pid").read_text())
        assert "sandbox-secret" not in " ".join(psutil.Process(sandbox_pid).cmdline())  # ps
        assert state_file.exists()
        env_text = (tmp_path / "sandbox" / "env.sh").read_text()
        assert f'export MONITE_LOCAL_ENGINE_STATE_DIR="{tmp_path / "state"}"' in env_text

        url = (tmp_path / "sandbox" / "sandbox.url").read_text().strip()
        with httpx.Client(base_url=url, timeout=10, trust_env=False) as client:
            entities = client.get("/_sandbox/objects").json()["entities"]
        assert sorted(entity["email"] for entity in entities) == [
            "accounts@northwind.example",
            "finance@acme.example",
            "jane@doe.example",
            "john@smith.example",
        ]

        second = run_up(env)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "13 unchanged" in second.stdout
        assert "created" not in second.stdout
        assert "updated" not in second.stdout

        # The printed next steps, run as printed from another directory with a clean shell.
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        shell_env = {k: v for k, v in env.items() if not k.startswith(("MONITE_", "PULUMI_"))}
        refresh = run_step(next_step(first.stdout, 2), elsewhere, shell_env)
        assert "11 unchanged" in refresh.stdout, refresh.stdout + refresh.stderr
        assert "  acme-gmbh: pending_auth" in refresh.stdout  # the drift check read the export
        destroy = run_step(next_step(first.stdout, 3), elsewhere, shell_env)
        assert "- 13 deleted" in destroy.stdout, destroy.stdout + destroy.stderr
        with httpx.Client(base_url=url, timeout=10, trust_env=False) as client:
            entities = client.get("/_sandbox/objects").json()["entities"]
        assert [e for e in entities if e.get("status", "active") == "active"] == []
    finally:
        stop(tmp_path / "sandbox" / "sandbox.pid")


def next_step(printed: str, number: int) -> list[str]:
    """The commands (indented 7) of step ``number`` of what `make up` printed under "Next",
    but `kill`: the test stops the sandbox itself."""
    lines = printed.split("\nNext ", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {number}. "))
    commands = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.startswith(("  (", *(f"  {n}. " for n in range(10)))):
            break
        if line.startswith(" " * 7) and not line.strip().startswith("kill "):
            commands.append(line.strip())
    return commands


def run_step(
    commands: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run printed commands in one bash, as a user pastes them (a failing drift check goes on)."""
    return bash("-c", "\n".join(commands), cwd=cwd, env=env)


PORT_RULE = "up: MONITE_SANDBOX_PORT must be a port number from 0 to 65535 (0: any free port)"


@pytest.mark.parametrize(
    ("variable", "value", "line"),
    [
        ("MONITE_SANDBOX_PORT", "abc", f"{PORT_RULE}, not 'abc'"),
        ("MONITE_SANDBOX_PORT", "70000", f"{PORT_RULE}, not '70000'"),
        (
            "MONITE_ENGINE",
            "terraform",
            "up: MONITE_ENGINE must be cli, local or auto (the default), not 'terraform'",
        ),
    ],
)
def test_a_bad_setting_stops_it_with_one_line(
    tmp_path: Path, closed_port: int, variable: str, value: str, line: str
) -> None:
    env = no_cli_env(tmp_path, closed_port, **{variable: value})
    done = run_up(env)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [line]
    assert not (tmp_path / "sandbox").exists()
