"""Models of `POST /auth/token`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_serializer

from monite_pulumi.client.models._base import RequestModel, ResponseModel

__all__ = ["AccessTokenResponse", "ObtainTokenPayload"]


class ObtainTokenPayload(RequestModel):
    """The client-credentials grant; the secret stays a `SecretStr` until serialised."""

    grant_type: Literal["client_credentials"] = "client_credentials"
    client_id: str
    client_secret: SecretStr

    @field_serializer("client_secret", when_used="json")
    def _reveal_secret(self, value: SecretStr) -> str:
        return value.get_secret_value()


class AccessTokenResponse(ResponseModel):
    access_token: str = Field(repr=False)
    token_type: str
    expires_in: int
