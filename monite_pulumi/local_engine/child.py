"""What every process the engine starts runs first: a watch on the engine, then the entry point.

``python -u child.py -m pulumi.dynamic`` (the dynamic provider server) or ``python -u child.py
<script> ARGS`` (the program's executor). Run by path with the project's interpreter, so it
imports nothing but the standard library: the program's environment needs only the Pulumi SDK,
as under the CLI. The engine passes the read end of a pipe whose write end only it holds
(``MONITE_LOCAL_ENGINE_PARENT_FD``); when the engine is gone, however it ended (``kill -9``
included), the read returns and this process ends at once, so no program or provider outlives
the run (the CLI ends its plugins with it: sdk/go/common/resource/plugin/plugin.go
``(*Plugin).Close``).
"""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import threading

PARENT_FD_ENV = "MONITE_LOCAL_ENGINE_PARENT_FD"
ORPHANED_EXIT = 137


def _watch_parent(fd: int, group: bool) -> None:
    try:
        while os.read(fd, 1):
            pass
    except OSError:
        pass
    if group:  # ``--exec``: the plugin is in this process's group; end it too
        os.killpg(os.getpgrp(), signal.SIGKILL)
    os._exit(ORPHANED_EXIT)


def _exec(argv: list[str]) -> None:
    """``--exec ARGV``: run an executable (a provider plugin, which cannot run this file
    itself) as a child sharing stdio and process group; a SIGTERM is passed on to it."""
    plugin = subprocess.Popen(argv)  # noqa: S603 - the plugin the engine found
    signal.signal(signal.SIGTERM, lambda *_: plugin.terminate())
    sys.exit(plugin.wait())


def main() -> None:
    fd = os.environ.pop(PARENT_FD_ENV, "")
    executing = sys.argv[1:2] == ["--exec"]
    if fd.isdigit():
        watch = threading.Thread(target=_watch_parent, args=(int(fd), executing), daemon=True)
        watch.start()
    if executing:
        _exec(sys.argv[2:])
        return
    # Not this file's directory on the path (its modules would shadow the program's): the
    # project directory, as ``python -m`` from there would have it.
    sys.path[0] = os.getcwd()
    arguments = sys.argv[1:]
    if arguments[:1] == ["-m"]:
        sys.argv = [arguments[1], *arguments[2:]]
        runpy.run_module(arguments[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = arguments
        runpy.run_path(arguments[0], run_name="__main__")


if __name__ == "__main__":
    main()
