"""The console scripts' entry points: each checks its extra before importing it.

``monite-pulumi`` needs the ``cli`` extra (typer, rich) and ``monite-sandbox`` the ``sandbox``
extra (fastapi, uvicorn, jinja2). Without it the command says which extra to install, in one
sentence and with exit code 3, instead of a ``ModuleNotFoundError`` traceback. ``--version``
works either way.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

from monite_pulumi._version import __version__

__all__ = [
    "EXTRAS",
    "MISSING_EXTRA_EXIT_CODE",
    "local_engine",
    "missing_modules",
    "operator",
    "sandbox",
]

MISSING_EXTRA_EXIT_CODE = 3
"""The operator command's code for configuration problems (docs/cli.md); the sandbox's too."""
EXTRAS: dict[str, tuple[str, ...]] = {
    "cli": ("typer", "rich"),
    "sandbox": ("fastapi", "uvicorn", "jinja2"),
    "engine": ("cryptography",),
}


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]


def _start(command: str, extra: str, argv: Sequence[str]) -> None:
    """Print the version, or exit with a sentence when the extra is missing."""
    if list(argv) == ["--version"]:
        print(f"{command} {__version__}")
        raise SystemExit(0)
    missing = missing_modules(extra)
    if missing:
        print(
            f"{command}: needs the '{extra}' extra of monite-pulumi ({', '.join(missing)} not "
            f"installed): pip install -e '<your monite-pulumi clone>[{extra}]', or the wheel "
            f"`make wheel` builds: pip install "
            f"'<clone>/dist/monite_pulumi-{__version__}-py3-none-any.whl[{extra}]'.",
            file=sys.stderr,
        )
        raise SystemExit(MISSING_EXTRA_EXIT_CODE)


def operator() -> None:
    """``monite-pulumi``: the operator command (needs the ``cli`` extra)."""
    _start("monite-pulumi", "cli", sys.argv[1:])
    from monite_pulumi.cli import main

    main()


def sandbox() -> None:
    """``monite-sandbox``: the local Monite (needs the ``sandbox`` extra)."""
    _start("monite-sandbox", "sandbox", sys.argv[1:])
    from monite_pulumi.sandbox.__main__ import main

    main()


def local_engine() -> None:
    """``monite-local-engine``: the local stand-in for the Pulumi engine (``engine`` extra)."""
    _start("monite-local-engine", "engine", sys.argv[1:])
    from monite_pulumi.local_engine.cli import main

    raise SystemExit(main())
