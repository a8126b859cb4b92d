"""A preview of a one-field entity change must not plan replacements of what hangs off it.

Dynamic providers have no preview support, so in a preview the engine answers an Update with
the new inputs as outputs and keeps the old id (see ``mock_runner``). An entity's computed
``entity_id`` output is then unknown; a dependent wired to it would see an unknown create-only
``entity_id`` and preview as replaced (the connection even delete-before-replace). Wired to
``entity.id`` it sees the known id. Each program below runs under mocks in that preview mode,
and no dependent may receive an unknown (or any other) entity id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.program.mock_runner import resource_id
from tests.program.programs import (
    ENTITY,
    EXAMPLES,
    ROOT,
    ProgramRun,
    run_program,
    stack_config,
)

PIPELINE = EXAMPLES / "pipeline"


def _pipeline(stack: str) -> Callable[[bool], ProgramRun]:
    return lambda preview: run_program(
        PIPELINE,
        project="monite-pipeline",
        stack=stack,
        config=stack_config(PIPELINE, stack),
        preview=preview,
    )


PROGRAMS: dict[str, Callable[[bool], ProgramRun]] = {
    "platform-dev": lambda preview: run_program(
        ROOT,
        project="monite-platform",
        stack="dev",
        config=stack_config(ROOT, "dev"),
        preview=preview,
    ),
    "quickstart": lambda preview: run_program(
        EXAMPLES / "quickstart",
        project="monite-quickstart",
        config=stack_config(EXAMPLES / "quickstart", "dev"),
        preview=preview,
    ),
    "many-tenants": lambda preview: run_program(
        EXAMPLES / "many-tenants", project="monite-many-tenants", preview=preview
    ),
    **{
        f"pipeline-{path.name.removeprefix('Pulumi.').removesuffix('.yaml')}": _pipeline(
            path.name.removeprefix("Pulumi.").removesuffix(".yaml")
        )
        for path in sorted(PIPELINE.glob("Pulumi.*.yaml"))
    },
}
"""Every program that declares entities; the pipeline once per committed stack (its shards)."""


def entity_id_leaves(exports: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every exported leaf whose key is ``entity_id``, with its path."""
    if isinstance(exports, dict) and not exports.get("__leaf__"):
        for key, value in exports.items():
            where = f"{path}.{key}" if path else key
            if key == "entity_id" and isinstance(value, dict) and value.get("__leaf__"):
                yield where, value
            else:
                yield from entity_id_leaves(value, where)


def assert_dependents_get_known_entity_ids(run: ProgramRun) -> int:
    assert run.error is None, run.error
    entity_ids = {resource_id(ENTITY, name) for name in run.of_type(ENTITY)}
    assert entity_ids
    dependents = [r for r in run.resources if "entity_id" in r["inputs"] and r["type"] != ENTITY]
    for resource in dependents:
        got = resource["inputs"]["entity_id"]
        assert got in entity_ids, f"{resource['type']} {resource['name']} got entity_id {got!r}"
    for where, leaf in entity_id_leaves(run.exports):
        assert leaf["known"], f"stack output {where} is unknown in the preview"
        assert leaf["value"] in entity_ids, where
    return len(dependents)


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_preview_of_updated_entities_gives_dependents_a_known_entity_id(program: str) -> None:
    run = PROGRAMS[program](True)
    assert assert_dependents_get_known_entity_ids(run) > 0


def test_the_mock_preview_does_leave_computed_outputs_unknown() -> None:
    """The mode is not kinder than the engine: ``entity_id`` output itself is unknown in it."""
    run = PROGRAMS["quickstart"](True)
    assert run.error is None
    assert run.exports["connection_status"]["known"] is False
    assert run.exports["product_id"]["known"] is False
