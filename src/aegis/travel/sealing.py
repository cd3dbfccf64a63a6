"""The sealed copy of masked personal data, encrypted at rest.

Masking takes names, documents and contacts out of the records into a sealed copy that only a
supervisor's recorded re-identification opens. Kept as readable JSON, the copy would put the
data back in every database dump and backup; so it is encrypted with Fernet (AES-128-CBC and
HMAC-SHA256, from ``cryptography``) and the stored column holds only the token.

Keys: ``AEGIS_SEALING_KEYS``, comma-separated Fernet keys, the first one sealing and every one
opening (rotation: put the new key first, re-seal, then drop the old). Without it the key is
derived from ``SECRET_KEY`` (HKDF), which keeps the development demo working; production should
set its own key, kept apart from the database's backups.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT = "fernet-v1"


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"aegis sealed copy"
        ).derive(secret_key.encode())
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"AEGIS_SEALING_KEYS: {error} (make one with Fernet.generate_key())"
        ) from None


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.AEGIS_SEALING_KEYS), settings.SECRET_KEY)


def seal(data: dict[str, Any]) -> dict[str, str]:
    """The stored form of ``data``: its encrypted token, nothing readable."""
    plain = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return {"format": FORMAT, "token": _keys().encrypt(plain).decode()}


def unseal(sealed: dict[str, Any]) -> dict[str, Any]:
    """The personal data ``seal`` took in. A copy sealed before encryption is read as it is."""
    if sealed.get("format") != FORMAT:
        return dict(sealed)
    try:
        plain = _keys().decrypt(sealed["token"].encode())
    except InvalidToken:
        raise ImproperlyConfigured(
            "The sealed copy does not open with AEGIS_SEALING_KEYS (a key was dropped?)."
        ) from None
    result: dict[str, Any] = json.loads(plain)
    return result


def is_sealed(sealed: dict[str, Any] | None) -> bool:
    return bool(sealed) and sealed.get("format") == FORMAT  # type: ignore[union-attr]
