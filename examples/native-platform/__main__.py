"""The native platform program: see native_platform.py."""

from native_platform import run

run()
