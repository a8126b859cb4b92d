"""The platform program: declares every tenant of the stack's `tenants` config."""

from monite_pulumi.platform import run_platform

run_platform()
