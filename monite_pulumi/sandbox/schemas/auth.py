"""`/auth/token` and `/auth/revoke` bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import StrictStr

from monite_pulumi.sandbox.schemas.fields import Closed, Uuid


class ObtainTokenPayload(Closed):
    client_id: Uuid
    client_secret: StrictStr
    entity_user_id: Uuid | None = None
    grant_type: Literal["client_credentials", "entity_user"]


class RevokeTokenPayload(Closed):
    client_id: Uuid
    client_secret: StrictStr
    token: StrictStr
