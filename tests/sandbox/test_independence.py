"""The sandbox imports nothing from the provider side of `monite_pulumi`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import monite_pulumi.sandbox

SANDBOX = Path(monite_pulumi.sandbox.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


# The package's version (for `monite-sandbox --version`) is no provider code: the package's
# __init__ loads it for every import anyway (see the next test).
ALLOWED_OUTSIDE = {"monite_pulumi._version"}


def test_no_module_imports_outside_the_sandbox() -> None:
    offenders = {
        f"{path.relative_to(SANDBOX)}: {name}"
        for path in SANDBOX.rglob("*.py")
        for name in _imported_modules(path)
        if name.startswith("monite_pulumi")
        and not name.startswith("monite_pulumi.sandbox")
        and name not in ALLOWED_OUTSIDE
    }
    assert offenders == set()


def test_importing_the_app_loads_no_provider_module() -> None:
    code = (
        "import sys, monite_pulumi.sandbox.app, monite_pulumi.sandbox.testing;"
        "print(sorted(m for m in sys.modules if m.startswith('monite_pulumi')"
        " and not m.startswith('monite_pulumi.sandbox')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The package's __init__ loads its version and its lazy-export mechanism (no provider code).
    assert out.stdout.strip() == (
        "['monite_pulumi', 'monite_pulumi._lazy', 'monite_pulumi._version']"
    )
