"""The ENTITY argument: an entity id (UUID) or the entity's email."""

from __future__ import annotations

import uuid

from monite_pulumi.cli._errors import CliError
from monite_pulumi.cli._exit_codes import ExitCode
from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import EntityResponse
from monite_pulumi.lookups import get_entity


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def resolve_entity(client: MoniteClient, reference: str) -> EntityResponse:
    """Find the entity ``reference`` names; several with one email is an error naming them."""
    reference = reference.strip()
    if _is_uuid(reference):
        entity = get_entity(id=reference, client=client)
        described = f"id {reference}"
    elif "@" in reference:
        entity = get_entity(email=reference, client=client)
        described = f"email {reference}"
    else:
        raise CliError(
            f"ENTITY must be an entity id (UUID) or an email, not {reference!r}", ExitCode.USAGE
        )
    if entity is None:
        raise CliError(f"no entity with {described}", ExitCode.NOT_FOUND)
    return entity
