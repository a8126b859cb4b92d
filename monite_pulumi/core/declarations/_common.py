"""Fields several resources declare the same way."""

from __future__ import annotations

from monite_pulumi.core.declaration import STRING, Field

__all__ = ["ADOPT_ID", "adopt_id", "entity_id", "timestamps"]

ADOPT_ID = "adopt_id"

_ADOPT = (
    "An existing Monite object to take over on create instead of creating one; needed for the "
    "first `up` only, ignored afterwards (docs/adopting-existing-tenants.md)."
)


def adopt_id(note: str = "") -> Field:
    """The ``adopt_id`` option (``note`` adds what is particular to the resource)."""
    return Field(ADOPT_ID, STRING, f"{_ADOPT} {note}".strip())


def entity_id(description: str) -> Field:
    """The owning entity of an entity-scoped resource: required, create-only."""
    return Field("entity_id", STRING, description, required=True)


def timestamps(label: str) -> tuple[Field, Field]:
    return (
        Field("created_at", STRING, f"When Monite created the {label} (ISO 8601)."),
        Field("updated_at", STRING, f"When Monite last changed the {label} (ISO 8601)."),
    )
