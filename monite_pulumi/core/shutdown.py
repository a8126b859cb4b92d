"""The engine is shutting down: start nothing new, stop waiting, report what was done.

The Pulumi engine sends a provider ``Cancel`` when the run is cancelled (pkg/resource/deploy/
deployment_executor.go, ``deploymentExecutor.Execute``: once the caller's context is done,
``Host.SignalCancellation``) and before it closes every plugin at the end of a run
(pkg/host/host.go, ``defaultHost.Close`` and ``hostManagedProvider.Close``). The protocol
(proto/pulumi/provider.proto, ``rpc Cancel``) asks the provider "to gracefully shut down and
abort any ongoing resource operations"; the steps already running are not cancelled by the
engine (their context is not the caller's) and it waits for their answers.

So after ``signal``: a call that has not started fails at once without a request (the face
checks ``signalled``); a wait (the settle window after a lost create answer, a connection's
``wait_for``) stops at its next pause and looks once more; a create whose POST went out is
still answered with what that look found, and never POSTs again. A call waiting for the
client's rate limiter (or a retry's pause) stops too, by the client's clock (``ShutdownClock``),
while its call may still stop: ``interruptible`` (set by the face around the call) until a
create has sent its POST (``committed``); from then on its requests wait their turn, since a
raise would leave an object Pulumi does not know about. One instance per process: the engine
cancels a plugin process, not one provider of it.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from contextvars import ContextVar
from datetime import datetime, timezone

from monite_pulumi._logging import get_logger
from monite_pulumi.core._context import bound

__all__ = [
    "SHUTDOWN",
    "SHUTDOWN_CLOCK",
    "EngineShutdownError",
    "Shutdown",
    "ShutdownClock",
    "committed",
    "interruptible",
]

_LOG = get_logger("monite_pulumi.providers")
_INTERRUPTIBLE: ContextVar[bool] = ContextVar("monite_pulumi_interruptible", default=False)


class EngineShutdownError(Exception):
    """A call refused because the engine is shutting down (it sent Cancel)."""


class Shutdown:
    """Whether the engine sent Cancel; a sleep that ends the moment it does."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def signal(self) -> None:
        self._event.set()

    def signalled(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> None:
        """Sleep ``seconds``, or less: it returns as soon as the engine cancels."""
        if seconds > 0:
            self._event.wait(seconds)

    def stop_waiting(self) -> None:
        """Raise, in a pause before a request, when the engine is shutting down."""
        if self.signalled():
            raise EngineShutdownError(
                "Stopped while a request waited for its turn (Monite's rate limit or a retry's "
                "pause): the Pulumi engine is shutting down (it sent Cancel), so that request "
                "was not sent. Run `pulumi refresh`, then the command again."
            )

    def refuse(self, action: str) -> None:
        """Raise before ``action`` starts when the engine is shutting down."""
        if self.signalled():
            raise EngineShutdownError(
                f"Not started: {action}. The Pulumi engine is shutting down (it sent Cancel), so "
                "no request was sent to Monite and nothing changed there for this resource. Run "
                "the command again."
            )


SHUTDOWN = Shutdown()
"""The process's: ``Cancel`` of the native plugin signals it."""


def interruptible() -> AbstractContextManager[None]:
    """A call whose waits for the client may end at Cancel: nothing it sent yet needs
    reporting (the face wraps create, update, delete, read and invoke in it)."""
    return bound(_INTERRUPTIBLE, True)


def committed() -> None:
    """This call's create request went out: from now on its requests must be made."""
    _INTERRUPTIBLE.set(False)


class ShutdownClock:
    """The client's clock (``client._clock.Clock``): the system's, but a sleep of an
    interruptible call ends at Cancel by raising, before the request it was pacing is sent."""

    def __init__(self, shutdown: Shutdown | None = None) -> None:
        self._shutdown = shutdown or SHUTDOWN

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def sleep(self, seconds: float) -> None:
        if not _INTERRUPTIBLE.get():
            if seconds > 0:
                time.sleep(seconds)
            return
        self._shutdown.stop_waiting()
        _LOG.debug("a request waits %.2f s for its turn; Cancel ends the wait", seconds)
        self._shutdown.sleep(seconds)
        self._shutdown.stop_waiting()


SHUTDOWN_CLOCK = ShutdownClock()
