"""How the CLI starts the plugin from source: PulumiPlugin.yaml and the provider folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from tests.harness.native import NativeClient
from tests.harness.provider_server import running_provider_server

ROOT = Path(__file__).resolve().parents[2]


def test_pulumi_plugin_yaml_runs_the_provider_folder_with_python() -> None:
    plugin = yaml.safe_load((ROOT / "provider" / "PulumiPlugin.yaml").read_text("utf-8"))
    assert plugin["runtime"]["name"] == "python"
    assert plugin["runtime"]["options"]["virtualenv"] == "../.venv"


def test_the_language_host_way_of_starting_it_serves_the_schema() -> None:
    # pulumi-language-python RunPlugin: `python <plugin dir> <engine address>` runs __main__.py
    command = [sys.executable, "-u", str(ROOT / "provider"), "127.0.0.1:1"]
    with running_provider_server(command=command) as server, NativeClient(server.target) as client:
        assert json.loads(client.schema())["name"] == "monite"
