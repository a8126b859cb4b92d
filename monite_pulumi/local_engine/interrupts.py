"""Ctrl-C as the CLI treats it: the first one cancels gently, the second ends at once.

pkg/cmd/pulumi/operations (``cancellationScopes``, backend/display): on the first SIGINT the
engine starts no new step, waits for the steps in flight and records them, and the command ends
"canceled"; on the second it terminates at once. Here the first SIGINT (or SIGTERM) sets the
run's ``cancelled`` event, which every operation checks before starting a step; the second
kills the program and the provider server (their own process groups) and exits 130 without
unwinding, leaving in the state the pending operations of the calls it cut short.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from monite_pulumi.local_engine.children import kill_all

__all__ = ["EXIT_INTERRUPTED", "interrupts"]

EXIT_INTERRUPTED = 130
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _silence() -> None:
    """Our stdout and stderr to /dev/null for the last moments of the process."""
    null = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(null, fd)


@contextmanager
def interrupts(
    cancelled: threading.Event,
    on_hard_exit: Callable[[], None] = lambda: None,
    *,
    freeze: Callable[[], None] = lambda: None,
) -> Iterator[None]:
    """Within the block, the first signal sets ``cancelled`` and the second ends the process
    (after ``on_hard_exit``, e.g. releasing the stack's lock). ``freeze`` stops state writes
    before the children are killed: a call cut short fails in its thread, whose failure path
    would otherwise write the state without that call's pending operation."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread (tests call main() there)
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if not cancelled.is_set():
            cancelled.set()
            print(
                "interrupted: no new step starts; waiting for the steps in flight "
                "(interrupt again to stop at once, leaving them pending)",
                file=sys.stderr,
                flush=True,
            )
            return
        print(
            "error: stopped at once; the calls in flight are pending operations in the state",
            file=sys.stderr,
            flush=True,
        )
        _silence()  # the calls cut short below would each report a failure: not news
        freeze()
        kill_all()
        on_hard_exit()
        os._exit(EXIT_INTERRUPTED)

    previous = {number: signal.signal(number, handle) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
