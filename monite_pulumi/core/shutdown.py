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
still answered with what that look found, and never POSTs again. One instance per process:
the engine cancels a plugin process, not one provider of it.
"""

from __future__ import annotations

import threading

__all__ = ["SHUTDOWN", "EngineShutdownError", "Shutdown"]


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
