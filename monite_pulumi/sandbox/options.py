"""What a sandbox is started with: the CLI flags, as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CLIENT_ID = "00000000-0000-4000-8000-000000000001"
DEFAULT_CLIENT_SECRET = "sandbox-secret"  # noqa: S105 - a local sandbox credential, never real Monite
DEFAULT_DATA_PATH = ".monite-sandbox/sandbox.db"
CLIENT_SECRET_ENV = "MONITE_SANDBOX_CLIENT_SECRET"  # noqa: S105 - a variable's name
"""Where the partner secret comes from when not from a file: never argv, which `ps` shows."""


@dataclass(frozen=True)
class SandboxOptions:
    """Start-up options; `token_lifetime` and `rate_limit` can later be changed live."""

    host: str = "127.0.0.1"
    port: int = 8787
    data: str = DEFAULT_DATA_PATH
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    rate_limit: int = 30
    token_lifetime: int = 1800
    control: bool = True

    def __repr__(self) -> str:
        # The partner secret stays out of reprs and logs.
        return (
            f"SandboxOptions(host={self.host!r}, port={self.port}, data={self.data!r}, "
            f"client_id={self.client_id!r}, rate_limit={self.rate_limit}, "
            f"token_lifetime={self.token_lifetime}, control={self.control})"
        )
