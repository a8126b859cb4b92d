"""A project whose program uses the native plugin ``fakenat`` (fake_native_provider.py).

The program declares ``fakenat:index:Thing`` resources from the stack config ``things``: each
``{"name", "label", "region"}`` plus optionally ``"provider": "<explicit provider name>"``,
``"import": "<id>"``, ``"label_from": "<other thing>"`` (its ``label`` input is the other
thing's ``code`` output) and ``"bad": true`` (an input Check refuses); ``gets`` reads
existing things (name -> id: ``ResourceOptions(id=...)``, a ReadResource); ``providers`` declares
explicit ``pulumi:providers:fakenat`` resources (name -> inputs); ``lookup`` invokes
``fakenat:index:getThing`` with that id and exports the answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from tests.local_engine.fake_native_provider import install_plugin

PROGRAM = """
import json
import pulumi
from pulumi import CustomResource, Output, ProviderResource, ResourceOptions


class Thing(CustomResource):
    code: Output[str]
    serial: Output[float]

    def __init__(self, name, props, opts=None):
        super().__init__(
            "fakenat:index:Thing", name, {**props, "code": None, "serial": None}, opts
        )


class Provider(ProviderResource):
    def __init__(self, name, props):
        props = {k: pulumi.Output.secret(v) if k == "token" else v for k, v in props.items()}
        super().__init__("fakenat", name, props)


config = pulumi.Config()
providers = {
    name: Provider(name, props)
    for name, props in json.loads(config.get("providers") or "{}").items()
}
things = {}
for spec in json.loads(config.get("things") or "[]"):
    props = {"name": spec["label"], "region": spec["region"]}
    if spec.get("label_from"):
        props["name"] = things[spec["label_from"]].code
    if spec.get("bad"):
        props["bad"] = True
    opts = ResourceOptions(
        provider=providers.get(spec.get("provider", "")),
        import_=spec.get("import"),
    )
    things[spec["name"]] = Thing(spec["name"], props, opts)
    pulumi.export(spec["name"], things[spec["name"]].code)
for name, found_id in json.loads(config.get("gets") or "{}").items():
    got = CustomResource(
        "fakenat:index:Thing",
        name,
        {"name": None, "region": None, "code": None, "serial": None},
        ResourceOptions(id=found_id),
    )
    pulumi.export(name, got.code)
for name, source in json.loads(config.get("late_providers") or "{}").items():
    # a provider whose config is another resource's output (unknown in a preview of its create)
    providers[name] = Provider(name, {"region": things[source].serial.apply(str)})
for spec in json.loads(config.get("late_things") or "[]"):
    props = {"name": spec["label"], "region": spec["region"]}
    opts = ResourceOptions(provider=providers[spec["provider"]])
    things[spec["name"]] = Thing(spec["name"], props, opts)
if config.get("lookup"):
    found = pulumi.Output.from_input(
        pulumi.runtime.invoke("fakenat:index:getThing", {"id": config.get("lookup")}).value
    )
    pulumi.export("lookup", found)
"""

PASSPHRASE = "native-plugin-tests"


class NativeProject:
    """The project, its plugin (in ``bin/``, on PATH unless ``on_path=False``) and its runs."""

    def __init__(self, directory: Path, *, on_path: bool = True) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "Pulumi.yaml").write_text("name: nativetest\nruntime: python\n")
        (directory / "__main__.py").write_text(PROGRAM)
        self.plugin = install_plugin(directory / "bin")
        self.store = directory / "store.json"
        self.log = directory / "calls.jsonl"
        self.config: dict[str, Any] = {"fakenat:region": "eu"}
        self.write_config()
        path = os.environ.get("PATH", "")
        self.env = {
            **os.environ,
            "PATH": f"{self.plugin.parent}{os.pathsep}{path}" if on_path else path,
            "FAKENAT_STORE": str(self.store),
            "FAKENAT_LOG": str(self.log),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        }

    def write_config(self, **changes: Any) -> None:
        self.config.update(
            {
                f"nativetest:{key}": value if isinstance(value, str) else json.dumps(value)
                for key, value in changes.items()
            }
        )
        document = {"config": self.config}
        (self.directory / "Pulumi.dev.yaml").write_text(yaml.safe_dump(document))

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        self.log.unlink(missing_ok=True)
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "monite_pulumi.local_engine",
                *args,
                "--cwd",
                str(self.directory),
                "--stack",
                "dev",
            ],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    def calls(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line]

    def methods(self) -> Counter[str]:
        return Counter(call["method"] for call in self.calls())

    def state(self) -> list[dict[str, Any]]:
        path = self.directory / ".monite-local-engine" / "dev.json"
        resources: list[dict[str, Any]] = json.loads(path.read_text())["deployment"]["resources"]
        return resources

    def by_name(self) -> dict[str, dict[str, Any]]:
        return {r["urn"].rsplit("::", 1)[-1]: r for r in self.state()}

    def objects(self) -> dict[str, Any]:
        objects: dict[str, Any] = json.loads(self.store.read_text())["objects"]
        return objects
