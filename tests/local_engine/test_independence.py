"""The local engine knows resources only through the program and the gRPC protocol, as the real
engine does: none of its modules imports this package's providers, resources or client."""

from __future__ import annotations

import ast
from pathlib import Path

import monite_pulumi.local_engine

PACKAGE = Path(monite_pulumi.local_engine.__file__).parent
ALLOWED = ("monite_pulumi.local_engine", "monite_pulumi._version", "monite_pulumi._commands")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_engine_imports_provider_code() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        ours = {name for name in imported_modules(path) if name.startswith("monite_pulumi")}
        assert all(name.startswith(ALLOWED) for name in ours), (path.name, ours)
