"""Skip where an optional tool is missing; fail instead where CI says everything must run.

CI (`.ci/run`) sets ``MONITE_PULUMI_REQUIRE_ALL=1``: there a missing Chromium or a missing
official ``monite`` SDK (the bench's parity check) is a failure, since CI installs both through
the project's own files (scripts/ensure-chromium.sh, the ``bench`` extra). The real-CLI end-to-end
test is the one skip allowed in CI (it needs the ``pulumi`` CLI and the internet for its plugin).
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ALL = "MONITE_PULUMI_REQUIRE_ALL"


def everything_required() -> bool:
    return os.environ.get(REQUIRE_ALL, "") not in ("", "0")


def unavailable(reason: str) -> NoReturn:
    """Skip with ``reason``; under MONITE_PULUMI_REQUIRE_ALL fail with it."""
    if everything_required():
        pytest.fail(f"{reason} ({REQUIRE_ALL} is set: nothing may skip)", pytrace=False)
    pytest.skip(reason)
