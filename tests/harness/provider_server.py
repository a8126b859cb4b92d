"""Start and stop ``python -m pulumi.dynamic``, the provider server the Pulumi engine runs.

The server prints its gRPC port on stdout, then serves until killed. It is started exactly as
the engine's ``pulumi-resource-pulumi-python`` plugin does (``python -u -m pulumi.dynamic``), with
this project importable and the caller's environment passed through.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["ProviderServer", "running_provider_server"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class ProviderServer:
    """A running provider server: its process handle and the gRPC target to dial."""

    process: subprocess.Popen[bytes]
    port: int
    stderr: IO[bytes]

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stderr_text(self) -> str:
        """What the server has written to stderr so far (its log, if MONITE_PULUMI_LOG is set)."""
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")


class _StdoutReader(threading.Thread):
    """Reads the port line, then drains stdout so stray prints never fill the pipe."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.first_line = b""
        self.got_first_line = threading.Event()

    def run(self) -> None:
        self.first_line = self.stream.readline()
        self.got_first_line.set()
        while self.stream.read(65536):
            pass


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def running_provider_server(
    env: Mapping[str, str] | None = None, command: Sequence[str] | None = None
) -> Iterator[ProviderServer]:
    """Run one provider server process for the block; ``env`` adds to (or overrides) ours.

    ``command`` runs another plugin the same way (the native ``pulumi-resource-monite``).
    """
    environment = {**os.environ, **(env or {})}
    python_path = [str(PROJECT_ROOT), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(part for part in python_path if part)
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            list(command or [sys.executable, "-u", "-m", "pulumi.dynamic"]),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=environment,
            cwd=PROJECT_ROOT,
        )
        assert process.stdout is not None
        reader = _StdoutReader(process.stdout)
        reader.start()
        try:
            reader.got_first_line.wait(_STARTUP_TIMEOUT)
            line = reader.first_line.strip()
            if not line.isdigit():
                _stop(process)
                stderr.seek(0)
                log = stderr.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"the provider server printed no port ({line!r}): {log}")
            yield ProviderServer(process=process, port=int(line), stderr=stderr)
        finally:
            _stop(process)
            reader.join(timeout=10)
            process.stdout.close()
