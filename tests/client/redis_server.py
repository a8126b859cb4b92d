"""A real `redis-server` (Debian's package) on 127.0.0.1 at a free port, for the store's tests.

Installed by the project's own set-up (scripts/ensure-redis.sh, run by `make test`); where it is
missing the tests skip, and fail under MONITE_PULUMI_REQUIRE_ALL=1 as CI sets
(tests/availability.py).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis

from tests.availability import unavailable

PASSWORD = "store-password-DO-NOT-LEAK-42"
_READY_SECONDS = 10.0


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://:{PASSWORD}@127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(binary: str) -> RedisServer:
    port = _free_port()
    command = [
        binary,
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--requirepass", PASSWORD,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer(port, process)
    client = redis.Redis(host="127.0.0.1", port=port, password=PASSWORD, socket_timeout=1)
    deadline = time.monotonic() + _READY_SECONDS
    while True:
        try:
            client.ping()
            client.close()
            return server
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise
            time.sleep(0.02)


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """Start one, yield it, stop it (a test may stop it earlier: the store going away)."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed (scripts/ensure-redis.sh installs it)")
    for attempt in range(3):  # the free port can be taken between the probe and the start
        try:
            server = _start(binary)
            break
        except redis.ConnectionError:
            if attempt == 2:
                raise
    try:
        yield server
    finally:
        server.stop()
