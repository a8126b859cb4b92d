"""A local stand-in for the Pulumi engine: runs a Python program's dynamic resources offline.

It serves the ResourceMonitor and Engine gRPC services to the real Pulumi SDK running the
project's program, drives each resource through the real ``python -m pulumi.dynamic`` provider
server, and keeps the stack's state in ``.monite-local-engine/<stack>.json`` (deployment version
3, secrets encrypted). It knows resources only through the program and the gRPC protocol, never
through this package's providers. It is for tests and offline use; the Pulumi CLI remains the way
to deploy. docs/local-engine.md has the rules it follows and where each comes from.
"""

from monite_pulumi._version import __version__

__all__ = ["ENGINE_VERSION", "PULUMI_SOURCE_VERSION"]

ENGINE_VERSION = __version__
PULUMI_SOURCE_VERSION = "v3.259.0"
"""The pulumi/pulumi tag whose engine source the rules here were read from."""
