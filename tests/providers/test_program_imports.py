"""What a Pulumi program pays to import: the resource classes, never the HTTP stack.

The program only registers resources (the provider classes are pickled by reference); every call
to Monite runs in the provider server. So loading the resource classes must not import httpx,
pydantic or the client: they are what made the import cost 135% of ``import pulumi``. Checked on
``sys.modules`` of a fresh interpreter, never on a timing.
"""

from __future__ import annotations

import json
import subprocess
import sys

from monite_pulumi.providers._settings_input import SettingsInput
from monite_pulumi.providers.entity_settings import SETTINGS_FIELDS

HEAVY = ("httpx", "pydantic", "pydantic_core", "monite_pulumi.client", "monite_pulumi.config")

_PROBE = """
import json, pkgutil, sys, importlib
import monite_pulumi
import monite_pulumi.resources
from monite_pulumi import (
    AccountingConnection, Entity, EntitySettings, EntityVatId, Product, WebhookSubscription,
)
for module in pkgutil.iter_modules(monite_pulumi.resources.__path__):
    importlib.import_module(f"monite_pulumi.resources.{module.name}")
heavy = json.loads(sys.argv[1])
print(json.dumps(sorted(
    name for name in sys.modules if any(name == h or name.startswith(h + ".") for h in heavy)
)))
"""


def _loaded_after(probe: str) -> list[str]:
    output = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded: list[str] = json.loads(output)
    return loaded


def test_resource_classes_load_without_the_http_stack() -> None:
    assert _loaded_after(_PROBE) == []


def test_probe_sees_the_http_stack_when_it_is_imported() -> None:
    # The guard above can fail: the same probe notices the client once something imports it.
    loaded = _loaded_after("import monite_pulumi.client\n" + _PROBE)
    assert "httpx" in loaded
    assert "pydantic" in loaded


def test_settings_fields_are_the_input_model_fields() -> None:
    # entity_settings repeats the names so that the program need not import pydantic.
    assert tuple(SettingsInput.model_fields) == SETTINGS_FIELDS
