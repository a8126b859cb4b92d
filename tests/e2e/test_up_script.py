"""The main job's failure path: no pulumi CLI and no way to install it.

`scripts/up.sh` must say it could not install the CLI, give the manual command, exit non-zero
and leave the local sandbox running and usable.
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
    )
    try:
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "up.sh")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        output = done.stdout + done.stderr

        assert done.returncode != 0, output
        assert "could not install the pulumi CLI" in done.stderr, output
        assert "curl -fsSL https://get.pulumi.com | sh -s -- --version" in done.stderr
        assert f"--install-root {tools_dir}/pulumi --no-edit-path" in done.stderr
        assert not (tools_dir / "pulumi" / "bin" / "pulumi").exists()
        assert "sandbox-secret" not in output

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
