"""Passphrase encryption of secret values: the Pulumi CLI's own symmetric scheme.

sdk/go/common/resource/config/crypt.go (``NewSymmetricCrypterFromPassphrase``,
``symmetricCrypter.EncryptValue``/``DecryptValue``; pulumi v3.259.0): the key is
PBKDF2-HMAC-SHA256 of the passphrase over a random 8-byte salt, 1,000,000 iterations, 32 bytes;
each value is AES-256-GCM with a fresh 12-byte nonce, written ``v1:<base64 nonce>:<base64
ciphertext>``. The same scheme decrypts ``secure:`` values that ``pulumi config set --secret``
wrote into a stack file (its ``encryptionsalt``), so one passphrase serves both.

The library is ``cryptography`` (AESGCM, PBKDF2HMAC): audited primitives, nothing hand-rolled.
"""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

__all__ = ["PASSPHRASE_ENV", "Crypter", "CrypterError", "new_salt_state", "passphrase_from_env"]

PASSPHRASE_ENV = "PULUMI_CONFIG_PASSPHRASE"  # noqa: S105 - a variable name
_ITERATIONS = 1_000_000
_CHECK_TEXT = "pulumi"


class CrypterError(Exception):
    """A wrong passphrase, a missing one, or a value that is not ``v1:nonce:ciphertext``."""


def passphrase_from_env() -> str:
    phrase = os.environ.get(PASSPHRASE_ENV)
    if phrase is None:
        raise CrypterError(
            f"{PASSPHRASE_ENV} is not set: the local engine encrypts secrets in its state with it "
            "(and decrypts `secure:` stack config); set it (an empty value is allowed) and retry"
        )
    return phrase


class Crypter:
    """AES-256-GCM with a key derived once from the passphrase and a salt."""

    def __init__(self, passphrase: str, salt: bytes) -> None:
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=_ITERATIONS)
        self._aes = AESGCM(kdf.derive(passphrase.encode()))

    def encrypt(self, plaintext: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aes.encrypt(nonce, plaintext.encode(), None)
        return f"v1:{base64.b64encode(nonce).decode()}:{base64.b64encode(sealed).decode()}"

    def decrypt(self, ciphertext: str) -> str:
        parts = ciphertext.split(":")
        if len(parts) != 3 or parts[0] != "v1":
            raise CrypterError("bad encrypted value: expected v1:<nonce>:<ciphertext>")
        try:
            nonce, sealed = base64.b64decode(parts[1]), base64.b64decode(parts[2])
            return self._aes.decrypt(nonce, sealed, None).decode()
        except (InvalidTag, ValueError) as error:
            raise CrypterError(f"cannot decrypt a secret: wrong {PASSPHRASE_ENV}?") from error

    @classmethod
    def from_salt_state(cls, passphrase: str, state: str) -> Crypter:
        """From ``v1:<base64 salt>:<encrypted "pulumi">`` (pkg/secrets/passphrase/manager.go,
        ``newPassphraseSecretsManager``), checking the passphrase against the stored message."""
        parts = state.split(":", 2)
        if len(parts) != 3 or parts[0] != "v1":
            raise CrypterError("bad encryption salt: expected v1:<salt>:<check value>")
        crypter = cls(passphrase, base64.b64decode(parts[1]))
        if crypter.decrypt(parts[2]) != _CHECK_TEXT:
            raise CrypterError(f"wrong {PASSPHRASE_ENV}: the check value does not match")
        return crypter


def new_salt_state(passphrase: str) -> tuple[str, Crypter]:
    """A fresh salt state string and its crypter (as ``pulumi stack init`` makes one)."""
    salt = secrets.token_bytes(8)
    crypter = Crypter(passphrase, salt)
    return f"v1:{base64.b64encode(salt).decode()}:{crypter.encrypt(_CHECK_TEXT)}", crypter
