"""Persistence: SQLAlchemy models, the Database handle, repositories and migrations."""

from exitbot.store.cipher import TextCipher
from exitbot.store.database import Database, KeyedLocks

__all__ = ["Database", "KeyedLocks", "TextCipher"]
