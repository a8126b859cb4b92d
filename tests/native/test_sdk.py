"""The Python SDK of the native provider: generated from the schema, current, and wired right."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_the_sdk_is_what_the_generator_makes_of_the_schema() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_sdk.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sdk_uses_the_dynamic_names_where_they_mean_the_same() -> None:
    import monite_pulumi.resources as dynamic
    from monite_pulumi.native import sdk

    shared = set(dynamic.__all__) & set(sdk.__all__)
    assert set(dynamic.__all__) <= set(sdk.__all__)
    for name in sorted(shared):
        ours, theirs = getattr(sdk, name), getattr(dynamic, name)
        if name.endswith("Args"):
            mine = {field for field in ours.__dataclass_fields__}
            assert set(theirs.__dataclass_fields__) <= mine, name
        else:
            assert tuple(ours.__annotations__) == tuple(theirs.__annotations__), name


_MOCKED = """
import json
import pulumi


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.registered = []

    def new_resource(self, args):
        self.registered.append([args.typ, args.name, args.inputs])
        outputs = dict(args.inputs)
        if args.typ == "monite:index:Entity":
            outputs["entityId"] = args.name + "-id"
        return args.name + "-id", outputs

    def call(self, args):
        return {}, None


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, preview=False)
from monite_pulumi.native import sdk
"""
"""What every program under mocks starts with: Mocks that record each registration."""


def _run(tmp_path: Path, program: str) -> Any:
    """Run the program under mocks in its own process; its last line of output, parsed."""
    script = tmp_path / "program.py"
    script.write_text(_MOCKED + program, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


_PROGRAM = """

provider = sdk.Provider("eu", sdk.ProviderArgs(environment="local", client_secret="s"))
entity = sdk.Entity("acme", sdk.EntityArgs(
    type="organization",
    email="ops@acme.example",
    address=sdk.EntityAddressArgs(country="DE", city="Berlin", postal_code="10115", line1="S 1"),
    organization=sdk.EntityOrganizationArgs(legal_name="Acme GmbH"),
    partner_metadata={"crm_id": "C-1"},
), pulumi.ResourceOptions(provider=provider))
product = sdk.Product("widget", sdk.ProductArgs(entity_id=entity.entity_id, name="Widget"))


@pulumi.runtime.test
def seen():
    def report(values):
        print(json.dumps({"outputs": values, "registered": mocks.registered}))

    return pulumi.Output.all(entity.entity_id, product.entity_id).apply(report)


seen()
"""


def test_a_program_registers_native_tokens_with_camel_case_inputs(tmp_path: Path) -> None:
    seen = _run(tmp_path, _PROGRAM)
    assert seen["outputs"] == ["acme-id", "acme-id"]
    (provider_type, _, provider), *rest = seen["registered"]
    assert provider_type == "pulumi:providers:monite"
    assert provider["environment"] == "local"
    (entity_type, _, entity), (product_type, _, product) = rest
    assert entity_type == "monite:index:Entity"
    assert entity["address"]["postalCode"] == "10115"
    assert entity["organization"] == {"legalName": "Acme GmbH"}
    assert entity["partnerMetadata"] == {"crm_id": "C-1"}
    assert product_type == "monite:index:Product"
    assert product["entityId"] == "acme-id"


def test_the_reference_in_the_docs_is_what_the_declarations_say() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_sdk_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


_METADATA_PROGRAM = """
metadata = {"legal_name": "Acme", "postalCode": "10115", "nested": {"first_name": "A"}}
entity = sdk.Entity("acme", sdk.EntityArgs(
    type="organization",
    email="ops@acme.example",
    address={"country": "DE", "city": "Berlin", "postal_code": "10115", "line1": "S 1"},
    organization=sdk.EntityOrganizationArgs(legal_name=pulumi.Output.from_input("Acme GmbH")),
    partner_metadata=pulumi.Output.from_input(metadata),
))


@pulumi.runtime.test
def seen():
    def report(values):
        metadata, address, legal_name, entity_id = values
        print(json.dumps({
            "registered": mocks.registered,
            "metadata": metadata,
            "address": dict(address),
            "legal_name": legal_name,
            "entity_id": entity_id,
        }))

    legal_name = entity.organization.apply(lambda organization: organization.legal_name)
    return pulumi.Output.all(
        entity.partner_metadata, entity.address, legal_name, entity.entity_id
    ).apply(report)


seen()
"""


def test_free_form_map_keys_pass_the_sdk_unchanged_both_ways(tmp_path: Path) -> None:
    """Only declared names are translated (as Pulumi's generated SDKs do); a map's keys are data."""
    seen = _run(tmp_path, _METADATA_PROGRAM)
    metadata = {"legal_name": "Acme", "postalCode": "10115", "nested": {"first_name": "A"}}
    ((_, _, registered),) = seen["registered"]
    assert registered["partnerMetadata"] == metadata
    assert registered["address"]["postalCode"] == "10115"
    assert registered["organization"] == {"legalName": "Acme GmbH"}
    assert seen["metadata"] == metadata
    assert seen["address"]["postal_code"] == "10115"
    assert seen["legal_name"] == "Acme GmbH"
    assert seen["entity_id"] == "acme-id"


def test_the_dynamic_outputs_are_generated_from_the_declarations() -> None:
    """A hand edit of a dynamic resource's outputs is undone by the generator (and flagged by
    ``--check``): the declaration is the one place they are written."""
    sys.path.insert(0, str(ROOT / "scripts"))
    gen_sdk = importlib.import_module("gen_sdk")

    from monite_pulumi.core.declarations import DECLARATIONS

    for declaration in DECLARATIONS.values():
        module = gen_sdk.dynamic_module(declaration)
        current = module.read_text(encoding="utf-8")
        edited = current.replace("    api_url: pulumi.Output[str]\n", "")
        assert edited != current
        assert gen_sdk.render_dynamic(declaration, edited) == current
        names = [line.split(":")[0].strip() for line in gen_sdk.dynamic_outputs(declaration)]
        assert names == [item.name for item in declaration.output_fields]


def test_get_reads_an_existing_object_by_id(tmp_path: Path) -> None:
    program = """
entity = sdk.Entity.get("imported", "e-1")


@pulumi.runtime.test
def seen():
    return entity.entity_id.apply(lambda value: print(json.dumps({"entity_id": value})))


seen()
"""
    assert _run(tmp_path, program) == {"entity_id": "imported-id"}
