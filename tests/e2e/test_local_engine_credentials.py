"""A wrong client secret through the local engine: the advice once, then a line per resource.

Before, `refresh` of the dev stack's 11 Monite objects printed the same ~500-character
paragraph eleven times.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monite_pulumi.sandbox.testing import RunningSandbox
from tests.e2e.local_engine_run import LocalProject

pytestmark = pytest.mark.slow

ADVICE = "set the right client secret with"


def test_refused_credentials_are_explained_once_per_run(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    project = LocalProject(tmp_path / "project", sandbox)
    assert project.up().code == 0

    project.env["MONITE_CLIENT_SECRET"] = "not-the-secret"
    refresh = project.run("refresh", "--yes")

    assert refresh.code != 0
    failed = [line for line in refresh.stderr.splitlines() if "AuthenticationError" in line]
    assert len(failed) == 11, refresh.stderr
    assert refresh.stderr.count(ADVICE) == 1
    assert sum("AuthenticationError again: Monite refused" in line for line in failed) == 10
    assert "not-the-secret" not in refresh.stderr + refresh.stdout
