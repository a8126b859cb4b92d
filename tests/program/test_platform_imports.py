"""The drift check and tenant validation load without Pulumi (monite_pulumi/platform/__init__).

Checked on ``sys.modules`` of a fresh interpreter: the drift job runs in CI beside the stack, and
tools validating a `tenants` list should not pay for (or need) the Pulumi SDK.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

_PROBE = """
import json, sys
{imports}
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}})))
"""


def _top_level_modules_after(imports: str) -> set[str]:
    output = subprocess.run(
        [sys.executable, "-c", _PROBE.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(output))


def test_the_drift_check_does_not_import_pulumi() -> None:
    loaded = _top_level_modules_after("import monite_pulumi.platform.drift")
    assert "pulumi" not in loaded


@pytest.mark.parametrize(
    "imports",
    [
        "from monite_pulumi.platform import Tenant, TenantConfigError, parse_tenants",
        "import monite_pulumi.platform.loading, monite_pulumi.platform.tenants",
    ],
)
def test_tenant_validation_needs_only_pydantic(imports: str) -> None:
    loaded = _top_level_modules_after(imports)
    assert "pulumi" not in loaded
    assert "pydantic" in loaded


def test_the_probe_sees_pulumi_once_the_program_is_loaded() -> None:
    loaded = _top_level_modules_after("from monite_pulumi.platform import run_platform")
    assert "pulumi" in loaded
