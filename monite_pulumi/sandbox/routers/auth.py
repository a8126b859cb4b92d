"""`POST /auth/token`, `POST /auth/revoke`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from monite_pulumi.sandbox.deps import BackendDep, api_version
from monite_pulumi.sandbox.schemas.auth import ObtainTokenPayload, RevokeTokenPayload

router = APIRouter(prefix="/v1/auth", dependencies=[Depends(api_version)])


@router.post("/token")
def obtain_token(body: ObtainTokenPayload, backend: BackendDep) -> dict[str, Any]:
    token, lifetime = backend.auth.issue_token(str(body.client_id), body.client_secret)
    return {"access_token": token, "token_type": "Bearer", "expires_in": lifetime}


@router.post("/revoke")
def revoke_token(body: RevokeTokenPayload, backend: BackendDep) -> dict[str, Any]:
    backend.auth.revoke_token(str(body.client_id), body.client_secret, body.token)
    return {"message": "Token revoked"}
