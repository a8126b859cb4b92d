"""The package version, in one place (read by hatchling and sent as User-Agent)."""

__version__ = "0.1.0"
