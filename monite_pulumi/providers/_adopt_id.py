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
3. the declared values are applied through the resource's ordinary update, as if the object
   had been created from this declaration (one PATCH of the declared fields that differ,
   activate/deactivate, partner metadata), only when something differs; what the program does
   not declare is left as Monite holds it.

No creating POST is ever sent, and the outputs are those a Pulumi-created object would have, so
the next preview shows no changes. ``adopt_id`` itself is no output and never compared: changing
or removing it later does nothing, except that a replacement is refused while it is set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from monite_pulumi.core import wording
from monite_pulumi.core.checks import CheckFailure
from monite_pulumi.core.declarations._common import ADOPT_ID
from monite_pulumi.providers._declared import DECLARED_OUTPUT
from monite_pulumi.providers._entity_scope import monite_id_failures
from monite_pulumi.providers._messages import ResourceError
from monite_pulumi.providers._values import is_unknown

if TYPE_CHECKING:
    from monite_pulumi.providers._shape import ResourceShape


class Adoptable(Protocol):
    """What adoption needs of a provider (``_base.MoniteProvider`` has it): no import of it."""

    @property
    def shape(self) -> ResourceShape: ...

    def declared_before(
        self, previous: Mapping[str, Any], news: Mapping[str, Any]
    ) -> frozenset[str]: ...

    def declared_now(self, inputs: Mapping[str, Any]) -> list[str]: ...

    def compared_values(
        self,
        name: str,
        previous: Mapping[str, Any],
        news: Mapping[str, Any],
        before: frozenset[str],
        now: frozenset[str],
    ) -> tuple[Any, Any] | None: ...

    def same_input(self, name: str, old: Any, new: Any) -> bool: ...

    def needs_replacement(self, name: str, old: Any, new: Any) -> bool: ...

    def mismatch_detail(self, name: str, held: Any, declared: Any) -> tuple[str, Any, Any]: ...

    def fetch_to_adopt(
        self, object_id: str, inputs: Mapping[str, Any]
    ) -> Mapping[str, Any] | None: ...

    def adoption_refusal(self, live: Mapping[str, Any]) -> str | None: ...

    def adoption_changes(self, state: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool: ...

    def update_remote(
        self, object_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Mapping[str, Any]: ...


__all__ = [
    "ADOPT_ID",
    "adopt",
    "adopt_id_failures",
    "adopt_id_of",
    "adoption_differs",
    "adoption_state",
    "refuse_replacement_while_adopting",
]


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
                f"cannot be used together with {wording.setting(exclusive_with, True)}: "
                f"{wording.name(ADOPT_ID)} takes over the one object it names, "
                f"{wording.name(exclusive_with)} whatever live object is found; keep one",
            )
        )
    return failures


def refuse_replacement_while_adopting(
    label: str, object_id: str, news: Mapping[str, Any], fields: list[str]
) -> None:
    """Raise when a replacement is planned while ``adopt_id`` is set (or not known yet)."""
    if news.get(ADOPT_ID) is None or not fields:
        return
    adopt_id = wording.name(ADOPT_ID)
    changed = ", ".join(wording.name(item) for item in fields)
    raise ResourceError(
        f"Refusing to replace Monite {label} {object_id} while {adopt_id} is set: a change of "
        f"{changed} needs a new {label}, and with {adopt_id} the replacement would take "
        f"over this same {label} again and then delete it. Remove {adopt_id} from this resource "
        "first (it is needed only for the first `pulumi up`), then run again."
    )


def adoption_state(
    provider: Adoptable, live: Mapping[str, Any], inputs: Mapping[str, Any]
) -> dict[str, Any]:
    """The live object as the previous outputs of a resource that declared ``inputs``.

    Recording the declared paths as declared before (``declared_inputs``) makes the comparison
    that of a Pulumi-created object: only declared keys count, and nothing the program does not
    declare is cleared in Monite.
    """
    return {**live, DECLARED_OUTPUT: provider.declared_now(inputs)}


def _compared(
    provider: Adoptable, state: Mapping[str, Any], inputs: Mapping[str, Any]
) -> Iterator[tuple[str, Any, Any]]:
    """(input, Monite's value, declared value) of each declared Monite field that differs."""
    shape = provider.shape
    before = provider.declared_before(state, inputs)
    now = frozenset(provider.declared_now(inputs))
    for name in shape.inputs:
        if name in shape.options:
            continue
        pair = provider.compared_values(name, state, inputs, before, now)
        if pair is not None and not provider.same_input(name, *pair):
            yield name, pair[0], pair[1]


def adoption_differs(
    provider: Adoptable, state: Mapping[str, Any], inputs: Mapping[str, Any]
) -> bool:
    """Whether any declared Monite value differs from what Monite holds (options aside)."""
    return next(_compared(provider, state, inputs), None) is not None


def _mismatches(
    provider: Adoptable, state: Mapping[str, Any], inputs: Mapping[str, Any]
) -> list[str]:
    """Create-only fields whose declared value differs from Monite's, as sentences."""
    found = []
    for name, held, declared in _compared(provider, state, inputs):
        if provider.needs_replacement(name, held, declared):
            field, held_value, declared_value = provider.mismatch_detail(name, held, declared)
            found.append(f"{field} is {held_value!r} in Monite but declared as {declared_value!r}")
    return found


def _missing_reason(provider: Adoptable, inputs: Mapping[str, Any]) -> str:
    label = provider.shape.label
    entity_id = inputs.get("entity_id") if "entity_id" in provider.shape.inputs else None
    if entity_id is None:
        return (
            f"Monite has no such {label} for this partner (it never existed, was deleted, or "
            "belongs to another partner)"
        )
    return (
        f"entity {entity_id} has no such {label} (it never existed, was deleted, or belongs to "
        f"another entity: Monite looks it up under the declared {wording.name('entity_id')})"
    )


def adopt(provider: Adoptable, object_id: str, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
    """Take over ``object_id``: one GET, the checks, then at most the resource's own update."""
    label = provider.shape.label
    live = provider.fetch_to_adopt(object_id, inputs)
    if live is None:
        raise ResourceError(
            f"Cannot adopt Monite {label} {object_id}: {_missing_reason(provider, inputs)}. "
            f"Correct {wording.name(ADOPT_ID)}, or remove it to create a new {label}."
        )
    refusal = provider.adoption_refusal(live)
    if refusal is not None:
        raise ResourceError(
            f"Cannot adopt Monite {label} {object_id}: {refusal}. Nothing was changed in Monite."
        )
    state = adoption_state(provider, live, inputs)
    problems = _mismatches(provider, state, inputs)
    if problems:
        raise ResourceError(
            f"Cannot adopt Monite {label} {object_id}: " + "; ".join(problems) + ". Monite cannot "
            f"change this in place: declare the value Monite holds, or remove "
            f"{wording.name(ADOPT_ID)} to "
            f"create a new {label}. Nothing was changed in Monite."
        )
    if not provider.adoption_changes(state, inputs):
        return live
    return provider.update_remote(object_id, state, inputs)
