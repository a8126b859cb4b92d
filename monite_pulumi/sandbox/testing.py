"""`running_sandbox()`: a real sandbox in a subprocess on a free port, for tests and benches."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

import httpx

from monite_pulumi.sandbox.options import (
    CLIENT_SECRET_ENV,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
)

API_VERSION = "2024-05-25"
_LISTENING = re.compile(r"^monite-sandbox listening on (http://\S+)$")


@dataclass
class RunningSandbox:
    """A started sandbox: where it listens, its partner credentials, its control client."""

    url: str
    client_id: str
    client_secret: str = field(repr=False)
    process: subprocess.Popen[str] = field(repr=False)
    control: httpx.Client = field(repr=False)

    @property
    def api_url(self) -> str:
        return f"{self.url}/v1"

    def access_token(self) -> str:
        """A fresh bearer token for the default partner."""
        answer = httpx.post(
            f"{self.api_url}/auth/token",
            headers={"X-Monite-Version": API_VERSION},
            json={
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            },
        )
        answer.raise_for_status()
        token: str = answer.json()["access_token"]
        return token


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


@contextmanager
def running_sandbox(
    *,
    data: str = ":memory:",
    client_id: str = DEFAULT_CLIENT_ID,
    client_secret: str = DEFAULT_CLIENT_SECRET,
    rate_limit: int = 30,
    token_lifetime: int = 1800,
    host: str = "127.0.0.1",
    control: bool = True,
    startup_timeout: float = 30.0,
) -> Iterator[RunningSandbox]:
    """Start `python -m monite_pulumi.sandbox --port 0 ...`, wait for its address, stop it after."""
    command = [
        sys.executable,
        "-m",
        "monite_pulumi.sandbox",
        "--host", host,
        "--port", "0",
        "--data", data,
        "--client-id", client_id,
        "--rate-limit", str(rate_limit),
        "--token-lifetime", str(token_lifetime),
    ]  # fmt: skip
    if not control:
        command.append("--no-control")
    process = subprocess.Popen(  # noqa: S603 - our own module, no shell
        command,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        env={**os.environ, CLIENT_SECRET_ENV: client_secret},  # not argv: `ps` shows argv
    )
    lines: queue.Queue[str | None] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        url = _wait_for_address(lines, startup_timeout)
        with httpx.Client(base_url=url, timeout=30) as control_client:
            yield RunningSandbox(
                url=url,
                client_id=client_id,
                client_secret=client_secret,
                process=process,
                control=control_client,
            )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _wait_for_address(lines: queue.Queue[str | None], timeout: float) -> str:
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"monite-sandbox did not start within {timeout} s") from None
        if line is None:
            raise RuntimeError("monite-sandbox exited before it listened (see its stderr)")
        match = _LISTENING.match(line)
        if match:
            return match.group(1)
