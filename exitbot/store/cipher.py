"""Encryption of message text at rest, when EXITBOT_ENCRYPTION_KEY is set."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

_PREFIX = "fernet:"


class TextCipher:
    """Encrypts with Fernet when given a key; otherwise passes text through unchanged.

    Encrypted values carry a prefix so that rows written before a key was set still read.
    """

    def __init__(self, key: str | None) -> None:
        self._fernet = Fernet(key.encode()) if key else None

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def encrypt(self, text: str | None) -> str | None:
        if text is None or self._fernet is None:
            return text
        return _PREFIX + self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, stored: str | None) -> str | None:
        if stored is None or not stored.startswith(_PREFIX):
            return stored
        if self._fernet is None:
            return "[encrypted]"
        try:
            return self._fernet.decrypt(stored[len(_PREFIX) :].encode()).decode()
        except InvalidToken:
            return "[unreadable: wrong EXITBOT_ENCRYPTION_KEY]"
