"""API tokens for the REST API and dashboard: shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from exitbot.store.database import Database
from exitbot.store.models import ApiToken

TOKEN_PREFIX = "xb_"
MAX_TOKEN_CHARS = 200
LAST_USE_PRECISION = timedelta(minutes=1)


class TokenRole(StrEnum):
    HR_ADMIN = "hr-admin"
    HR_VIEWER = "hr-viewer"


class TokenError(Exception):
    """A token operation cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    name: str
    role: TokenRole
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenService:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def create(
        self, name: str, role: TokenRole, now: datetime, *, expires_days: int | None = None
    ) -> str:
        """A new token (returned once; only its hash is stored)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires_at = now + timedelta(days=expires_days) if expires_days else None

        async def work(session):  # type: ignore[no-untyped-def]
            session.add(
                ApiToken(
                    name=name,
                    role=role.value,
                    token_hash=hash_token(token),
                    created_at=now,
                    expires_at=expires_at,
                )
            )
            await session.flush()

        try:
            await self._db.transaction(work, attempts=1)
        except IntegrityError:
            raise TokenError(f"a token named {name!r} already exists") from None
        return token

    async def revoke(self, name: str, now: datetime) -> None:
        async def work(session):  # type: ignore[no-untyped-def]
            result = await session.execute(
                update(ApiToken)
                .where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            return result.rowcount

        if not await self._db.transaction(work):
            raise TokenError(f"no active token named {name!r}")

    async def list(self) -> list[TokenInfo]:
        async with self._db.session() as session:
            rows = await session.execute(select(ApiToken).order_by(ApiToken.created_at))
            return [
                TokenInfo(
                    t.name,
                    TokenRole(t.role),
                    t.created_at,
                    t.last_used_at,
                    t.revoked_at,
                    t.expires_at,
                )
                for t in rows.scalars()
            ]

    async def verify(self, token: str, now: datetime) -> TokenInfo | None:
        """The token's info when it is valid: known, not revoked, not expired.

        The row is found by the token's SHA-256 (an index lookup reveals nothing useful
        about a guess), and the stored hash is then compared in constant time. The last use
        is written at most once a minute, so reads do not turn into writes."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_CHARS:
            return None
        digest = hash_token(token)
        async with self._db.session() as session:
            row = (
                await session.execute(
                    select(ApiToken).where(
                        ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None)
                    )
                )
            ).scalar_one_or_none()
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            return None
        if row.expires_at is not None and row.expires_at <= now:
            return None
        info = TokenInfo(row.name, TokenRole(row.role), row.created_at, now, None, row.expires_at)
        if row.last_used_at is None or now - row.last_used_at >= LAST_USE_PRECISION:
            await self._record_use(row.id, now)
        return info

    async def _record_use(self, token_id: int, now: datetime) -> None:
        async def work(session):  # type: ignore[no-untyped-def]
            await session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )

        await self._db.transaction(work)
