"""The provider tests' ``monite`` fixture (a client of the test itself) for these suites too."""

from tests.providers.conftest import monite

__all__ = ["monite"]
