"""Persistence: SQLAlchemy models, the Database handle, repositories and migrations."""

from exitbot.store.cipher import TextCipher
from exitbot.store.database import Database

__all__ = ["Database", "TextCipher"]
