"""The project directory: ``Pulumi.yaml`` and the stack's ``Pulumi.<stack>.yaml`` config.

Config keys are namespaced as the CLI does (a bare key belongs to the project); values reach the
program as strings, objects as JSON (the Python language host's ``PULUMI_CONFIG``,
sdk/python/cmd/pulumi-language-python/main.go ``constructConfig``). ``secure:`` values are
decrypted with the stack file's ``encryptionsalt`` and ``PULUMI_CONFIG_PASSPHRASE``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monite_pulumi.local_engine.crypter import Crypter, passphrase_from_env

__all__ = ["Project", "ProjectError", "StackConfig", "load_project"]


class ProjectError(Exception):
    """The directory is not a Pulumi Python project this engine can run, or its config is bad."""


@dataclass(frozen=True)
class StackConfig:
    values: dict[str, str] = field(default_factory=dict)
    """Namespaced key -> string value (objects as JSON), secrets decrypted."""
    secret_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Project:
    directory: Path
    name: str
    main: str
    virtualenv: Path | None
    stack_config_dir: Path
    runtime_options: dict[str, str] = field(default_factory=dict)

    @property
    def python(self) -> str:
        """The interpreter of the project's virtualenv, as the language host's toolchain picks."""
        if self.virtualenv is not None:
            candidate = self.virtualenv / "bin" / "python"
            if candidate.exists():
                return str(candidate)
        return sys.executable

    def stack_file(self, stack: str) -> Path:
        return self.stack_config_dir / f"Pulumi.{stack}.yaml"

    def load_config(self, stack: str) -> StackConfig:
        path = self.stack_file(stack)
        if not path.exists():
            return StackConfig()
        document = _read_yaml(path)
        raw = document.get("config") or {}
        if not isinstance(raw, dict):
            raise ProjectError(f"{path}: `config` must be a mapping of keys to values")
        crypter: Crypter | None = None
        values: dict[str, str] = {}
        secret_keys: set[str] = set()
        for key, value in raw.items():
            name = key if ":" in str(key) else f"{self.name}:{key}"
            if isinstance(value, dict) and set(value) == {"secure"}:
                if crypter is None:
                    salt = document.get("encryptionsalt")
                    if not isinstance(salt, str):
                        raise ProjectError(
                            f"{path}: {name} is `secure:` but the file has no `encryptionsalt`"
                        )
                    crypter = Crypter.from_salt_state(passphrase_from_env(), salt)
                values[name] = crypter.decrypt(str(value["secure"]))
                secret_keys.add(name)
            elif isinstance(value, str):
                values[name] = value
            else:
                values[name] = json.dumps(value)
        return StackConfig(values=values, secret_keys=frozenset(secret_keys))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise ProjectError(f"cannot read {path}: {error}") from error
    if not isinstance(document, dict):
        raise ProjectError(f"{path}: expected a YAML mapping")
    return document


def load_project(directory: Path) -> Project:
    directory = directory.resolve()
    path = directory / "Pulumi.yaml"
    if not path.exists():
        raise ProjectError(f"no Pulumi.yaml in {directory} (use --cwd DIR)")
    document = _read_yaml(path)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise ProjectError(f"{path}: `name` is required")
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise ProjectError(
            f"{path}: runtime is {runtime_name!r}; the local engine runs Python programs only"
        )
    options = runtime.get("options", {}) if isinstance(runtime, dict) else {}
    venv = options.get("virtualenv") if isinstance(options, dict) else None
    config_dir = document.get("stackConfigDir")
    return Project(
        directory=directory,
        name=name,
        main=str(document.get("main") or "."),
        virtualenv=(directory / venv) if isinstance(venv, str) else None,
        stack_config_dir=directory / config_dir if isinstance(config_dir, str) else directory,
        runtime_options=(
            {str(k): str(v) for k, v in options.items()} if isinstance(options, dict) else {}
        ),
    )
