"""A throwaway `redis-server` (Debian's package) on 127.0.0.1 at a free port: the shared
rate-limit store (`monite:rateLimitStore`) for the bench and the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["PASSWORD", "RedisMissingError", "RedisServer", "redis_server"]

PASSWORD = "store-password-DO-NOT-LEAK-42"
_READY_SECONDS = 10.0


class RedisMissingError(RuntimeError):
    """No `redis-server` on PATH (scripts/ensure-redis.sh installs Debian's)."""


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://:{PASSWORD}@127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        """Stop it (idempotent): what a store going away mid-run looks like to its clients."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    """Whether it answers PING (RESP, with the password), without needing the redis package."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(f"AUTH {PASSWORD}\r\nPING\r\n".encode())
            received = b""
            while b"PONG" not in received and len(received) < 1024:
                chunk = connection.recv(1024)
                if not chunk:
                    return False
                received += chunk
            return True
    except OSError:
        return False


def _start(binary: str) -> RedisServer | None:
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
    deadline = time.monotonic() + _READY_SECONDS
    while not _answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            return None  # the port was taken between the probe and the start, say
        time.sleep(0.02)
    return server


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """Start one, yield it, stop it (the caller may stop it earlier)."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisMissingError("redis-server is not installed (scripts/ensure-redis.sh)")
    for _ in range(3):
        server = _start(binary)
        if server is not None:
            break
    else:
        raise RuntimeError("redis-server did not start on 127.0.0.1")
    try:
        yield server
    finally:
        server.stop()
