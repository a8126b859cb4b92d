"""The native Pulumi provider ``monite`` (plugin ``pulumi-resource-monite``) and its Python SDK.

``main`` serves the provider the way the engine starts a plugin: the engine's address as the
first argument, the port it listens on as the first line of stdout (docs/native-provider.md).
Importing this package loads nothing heavy; ``main`` does.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Entry point of ``pulumi-resource-monite`` (and ``python -m monite_pulumi.native``)."""
    from pulumi.provider.experimental.server import main as serve

    from monite_pulumi._version import __version__
    from monite_pulumi.native.provider import MoniteNativeProvider

    serve(sys.argv[1:], __version__, MoniteNativeProvider())
