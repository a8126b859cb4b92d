"""The platform program: every tenant of the stack's `tenants` config, declared and exported."""

from monite_pulumi.platform import run_platform

run_platform()
