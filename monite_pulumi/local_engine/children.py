"""The engine's child processes: their own process group, ended on every way the engine ends.

Each child (the program, the provider server) starts in a new session, so a Ctrl-C at the
terminal reaches only the engine, which decides what the children do (finish the steps in
flight, or end at once). Each runs ``child.py`` first, which ends the child when the engine is
gone: the read end of :data:`_WATCH` never sees EOF while this process lives. On a hard exit
the engine kills every child's group itself (:func:`kill_all`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["CHILD_SCRIPT", "kill_all", "popen", "spawn"]

CHILD_SCRIPT = str(Path(__file__).with_name("child.py"))
_PARENT_FD_ENV = "MONITE_LOCAL_ENGINE_PARENT_FD"  # child.py's PARENT_FD_ENV
_lock = threading.Lock()
_watch: tuple[int, int] | None = None
_children: list[subprocess.Popen[bytes]] = []


def _watch_fd() -> int:
    """The read end of a pipe whose write end only this process holds (not inheritable)."""
    global _watch
    with _lock:
        if _watch is None:
            _watch = os.pipe()
        return _watch[0]


def popen(
    python: str, arguments: Sequence[str], *, env: Mapping[str, str], **options: Any
) -> subprocess.Popen[bytes]:
    """Start ``python -u child.py ARGUMENTS`` in its own session, watching this process."""
    fd = _watch_fd()
    process: subprocess.Popen[bytes] = subprocess.Popen(  # noqa: S603 - the project's interpreter
        [python, "-u", CHILD_SCRIPT, *arguments],
        env={**env, _PARENT_FD_ENV: str(fd)},
        pass_fds=(fd,),
        start_new_session=True,
        **options,
    )
    with _lock:
        _children[:] = [child for child in _children if child.poll() is None]
        _children.append(process)
    return process


def spawn(
    argv: Sequence[str], *, env: Mapping[str, str], **options: Any
) -> subprocess.Popen[bytes]:
    """Start an executable (a provider plugin, plugins.py) as ``child.py --exec ARGV`` with
    this interpreter: the same session, watch and group as every child, the plugin inside."""
    return popen(sys.executable, ["--exec", *argv], env=env, **options)


def kill_all() -> None:
    """End every child's process group at once (the second Ctrl-C, or an error exit)."""
    with _lock:
        children = list(_children)
    for child in children:
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
