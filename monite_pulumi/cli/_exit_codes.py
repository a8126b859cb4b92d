"""The exit codes of ``monite-pulumi``, documented in docs/cli.md; CI scripts rely on them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Why the command ended; stable across releases."""

    OK = 0
    FOUND = 1
    """``chase`` found connections pending longer than the age (the CI signal); ``duplicates``
    found likely duplicates; ``export`` wrote entries the tenant validation refuses (listed on
    stderr, to fix by hand)."""
    USAGE = 2
    """Bad option or argument (Click's own code for usage errors)."""
    CONFIGURATION = 3
    """Missing or invalid settings, or Monite rejected the credentials."""
    NOT_FOUND = 4
    """ENTITY is unknown or ambiguous, or it has no connection to act on."""
    API = 5
    """Monite (or the network) failed the request after retries."""
