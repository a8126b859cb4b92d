"""A local Monite: the API under `/v1`, its rules, SQLite persistence, faults, a control API.

It imports nothing from the rest of `monite_pulumi`: it is tested against Monite's spec, not
against our client.
"""

from monite_pulumi.sandbox.app import create_app
from monite_pulumi.sandbox.options import SandboxOptions

__all__ = ["SandboxOptions", "create_app"]
