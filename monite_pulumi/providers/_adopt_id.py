"""``adopt_id``: the create takes over an object that already exists in Monite.

Pulumi's ``import_`` cannot work for dynamic resources: the engine's import step reads with the
id alone (``ImportStep.Apply`` in pkg/resource/deploy/step.go passes no properties), and the
dynamic provider server finds its provider in those properties, so it fails with
``KeyError: '__provider'`` before any provider code runs (pulumi/pulumi#16175). Adoption is
therefore done by ``create`` itself, with every declared input at hand:

1. one GET of ``adopt_id``; a missing or deleted object fails, naming the id;
2. a create-only field that differs from the declaration (the entity's ``type`` or
   ``address.country``, the entity a product or VAT id belongs to, ...) fails, naming the field
   and both values: Monite cannot change it, and a replacement would delete the adopted object;
3. the declared values are applied through the resource's ordinary update (one PATCH of the
   fields that differ, activate/deactivate, partner metadata), only when something differs.

No creating POST is ever sent, and the outputs are those a Pulumi-created object would have, so
the next preview shows no changes. ``adopt_id`` itself is no output and never compared: changing
or removing it later does nothing, except that a replacement is refused while it is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure

from monite_pulumi.providers._entity_scope import monite_id_failures
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers._values import is_unknown, same_value

if TYPE_CHECKING:
    from monite_pulumi.providers._base import MoniteProvider

__all__ = [
    "ADOPT_ID",
    "adopt",
    "adopt_id_failures",
    "adopt_id_of",
    "adoption_differs",
    "refuse_replacement_while_adopting",
]

ADOPT_ID = "adopt_id"
"""The input naming the Monite object to take over on create."""


def adopt_id_of(props: Mapping[str, Any]) -> str | None:
    """The known, non-empty ``adopt_id``, else None."""
    value = props.get(ADOPT_ID)
    if isinstance(value, str) and value and not is_unknown(value):
        return value
    return None


def adopt_id_failures(
    news: Mapping[str, Any], *, exclusive_with: str | None = None
) -> list[CheckFailure]:
    """``adopt_id`` is a Monite id; it cannot be combined with the ``exclusive_with`` option."""
    value = news.get(ADOPT_ID)
    if value is not None and not isinstance(value, str) and not is_unknown(value):
        return [CheckFailure(ADOPT_ID, "must be a Monite id (a UUID)")]
    failures = monite_id_failures(news, ADOPT_ID)
    if exclusive_with is not None and value is not None and news.get(exclusive_with) is True:
        failures.append(
            CheckFailure(
                ADOPT_ID,
                f"cannot be used together with {exclusive_with}=True: adopt_id takes over the "
                f"one object it names, {exclusive_with} whatever live object is found; keep one",
            )
        )
    return failures


def refuse_replacement_while_adopting(
    label: str, object_id: str, news: Mapping[str, Any], fields: list[str]
) -> None:
    """Raise when a replacement is planned while ``adopt_id`` is set (or not known yet)."""
    if news.get(ADOPT_ID) is None or not fields:
        return
    raise ResourceError(
        f"Refusing to replace Monite {label} {object_id} while adopt_id is set: a change of "
        f"{', '.join(fields)} needs a new {label}, and with adopt_id the replacement would take "
        f"over this same {label} again and then delete it. Remove adopt_id from this resource "
        "first (it is needed only for the first `pulumi up`), then run again."
    )


def adoption_differs(
    provider: MoniteProvider, live: Mapping[str, Any], inputs: Mapping[str, Any]
) -> bool:
    """Whether any declared Monite value differs from what Monite holds (options aside)."""
    shape = provider.shape
    return any(
        not same_value(live.get(name), shape.input_value(inputs, name))
        for name in shape.inputs
        if name not in shape.options and provider.is_managed(name, inputs)
    )


def _mismatches(
    provider: MoniteProvider, live: Mapping[str, Any], inputs: Mapping[str, Any]
) -> list[str]:
    """Create-only fields whose declared value differs from Monite's, as sentences."""
    shape = provider.shape
    found = []
    for name in shape.inputs:
        if name in shape.options or not provider.is_managed(name, inputs):
            continue
        held, declared = live.get(name), shape.input_value(inputs, name)
        if same_value(held, declared) or not provider.needs_replacement(name, held, declared):
            continue
        field, held_value, declared_value = provider.mismatch_detail(name, held, declared)
        found.append(f"{field} is {held_value!r} in Monite but declared as {declared_value!r}")
    return found


def _missing_reason(provider: MoniteProvider, inputs: Mapping[str, Any]) -> str:
    label = provider.shape.label
    entity_id = inputs.get("entity_id") if "entity_id" in provider.shape.inputs else None
    if entity_id is None:
        return (
            f"Monite has no such {label} for this partner (it never existed, was deleted, or "
            "belongs to another partner)"
        )
    return (
        f"entity {entity_id} has no such {label} (it never existed, was deleted, or belongs to "
        "another entity: Monite looks it up under the declared entity_id)"
    )


def adopt(provider: MoniteProvider, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
    """Take over ``object_id``: one GET, the checks, then at most the resource's own update."""
    label = provider.shape.label
    live = provider.fetch_to_adopt(object_id, inputs)
    if live is None:
        raise ResourceError(
            f"Cannot adopt Monite {label} {object_id}: {_missing_reason(provider, inputs)}. "
            f"Correct adopt_id, or remove it to create a new {label}."
        )
    refusal = provider.adoption_refusal(live)
    if refusal is not None:
        raise ResourceError(
            f"Cannot adopt Monite {label} {object_id}: {refusal}. Nothing was changed in Monite."
        )
    problems = _mismatches(provider, live, inputs)
    if problems:
        raise ResourceError(
            f"Cannot adopt Monite {label} {object_id}: " + "; ".join(problems) + ". Monite cannot "
            f"change this in place: declare the value Monite holds, or remove adopt_id to "
            f"create a new {label}. Nothing was changed in Monite."
        )
    if not provider.adoption_changes(live, inputs):
        return live
    return provider.update_remote(object_id, live, inputs)
