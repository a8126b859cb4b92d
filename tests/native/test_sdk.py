"""The Python SDK of the native provider: generated from the schema, current, and wired right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pulumi
import pytest

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


class _Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[tuple[str, str, dict[str, Any]]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append((args.typ, args.name, dict(args.inputs)))
        outputs = dict(args.inputs)
        if args.typ == "monite:index:Entity":
            outputs["entityId"] = f"{args.name}-id"
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


@pytest.fixture
def mocks() -> _Mocks:
    mocks = _Mocks()
    pulumi.runtime.set_mocks(mocks, preview=False)
    return mocks


def test_a_program_registers_native_tokens_with_camel_case_inputs(mocks: _Mocks) -> None:
    from monite_pulumi.native import sdk

    entity = sdk.Entity(
        "acme",
        sdk.EntityArgs(
            type="organization",
            email="ops@acme.example",
            address=sdk.EntityAddressArgs(
                country="DE", city="Berlin", postal_code="10115", line1="Str. 1"
            ),
            organization=sdk.EntityOrganizationArgs(legal_name="Acme GmbH"),
            partner_metadata={"crm_id": "C-1"},
        ),
    )
    product = sdk.Product("widget", sdk.ProductArgs(entity_id=entity.entity_id, name="Widget"))

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def check() -> pulumi.Output[Any]:
        def seen(values: list[Any]) -> None:
            entity_id, product_entity = values
            assert entity_id == "acme-id"
            assert product_entity == "acme-id"
            typ, _, inputs = mocks.registered[0]
            assert typ == "monite:index:Entity"
            assert inputs["address"]["postalCode"] == "10115"
            assert inputs["organization"] == {"legalName": "Acme GmbH"}
            assert inputs["partnerMetadata"] == {"crm_id": "C-1"}
            assert mocks.registered[1][0] == "monite:index:Product"
            assert mocks.registered[1][2]["entityId"] == "acme-id"

        return pulumi.Output.all(entity.entity_id, product.entity_id).apply(seen)

    check()
