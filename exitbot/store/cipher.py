"""Encryption of message text at rest, when EXITBOT_ENCRYPTION_KEY is set.

The setting is one Fernet key or a comma list, newest first: new text is encrypted with the
first, and text written under any listed key still reads. That is how a key is rotated: put
the new key in front, run ``exitbot rotate-key``, then drop the old one.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

_PREFIX = "fernet:"


def parse_keys(setting: str) -> list[str]:
    return [key.strip() for key in setting.split(",") if key.strip()]


class TextCipher:
    """Encrypts with Fernet when given keys; otherwise passes text through unchanged.

    Encrypted values carry a prefix so that rows written before a key was set still read.
    """

    def __init__(self, keys: str | None) -> None:
        fernets = [Fernet(key.encode()) for key in parse_keys(keys or "")]
        self._fernet = MultiFernet(fernets) if fernets else None

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

    def rotate(self, stored: str | None) -> str | None:
        """``stored`` under the newest key (plain text gets encrypted); None when there is
        nothing to change or it cannot be read with any listed key (left as it is)."""
        if stored is None or self._fernet is None:
            return None
        if not stored.startswith(_PREFIX):
            return self.encrypt(stored)
        try:
            token = self._fernet.rotate(stored[len(_PREFIX) :].encode())
        except InvalidToken:
            return None
        return _PREFIX + token.decode()
