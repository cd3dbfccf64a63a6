"""The sealed copy of a masked traveller is encrypted at rest and opens with the right keys."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from aegis.travel.sealing import is_sealed, seal, unseal

DATA = {"surname": "KESTREL", "given_names": "MIRIAM", "documents": [{"number": "X123"}]}


def test_sealed_data_reads_nothing_and_opens_to_the_same() -> None:
    sealed = seal(DATA)

    assert is_sealed(sealed)
    assert "KESTREL" not in str(sealed) and "X123" not in str(sealed)
    assert unseal(sealed) == DATA


def test_a_new_key_first_still_opens_copies_sealed_with_the_old(
    settings: Any,
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.AEGIS_SEALING_KEYS = [old]
    sealed_before = seal(DATA)
    settings.AEGIS_SEALING_KEYS = [new, old]

    assert unseal(sealed_before) == DATA
    settings.AEGIS_SEALING_KEYS = [new]
    with pytest.raises(ImproperlyConfigured, match="does not open"):
        unseal(sealed_before)


def test_a_tampered_copy_does_not_open() -> None:
    sealed = seal(DATA)
    token = sealed["token"]
    tampered = {**sealed, "token": token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]}

    with pytest.raises(ImproperlyConfigured):
        unseal(tampered)


def test_a_bad_key_is_a_configuration_error(settings: Any) -> None:
    settings.AEGIS_SEALING_KEYS = ["not-a-key"]

    with pytest.raises(ImproperlyConfigured, match="AEGIS_SEALING_KEYS"):
        seal(DATA)


def test_a_copy_sealed_before_encryption_is_read_as_it_is() -> None:
    assert unseal(DATA) == DATA
    assert not is_sealed(DATA)
