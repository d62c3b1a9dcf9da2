"""token expiry, shared rate windows, idempotent API responses, invitations sent later

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("invite_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_interviews_invite_at", ["invite_at"])
    op.create_table(
        "rate_windows",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name="pk_rate_windows"),
    )
    op.create_table(
        "api_idempotency",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_name", sa.String(100), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_idempotency"),
        sa.UniqueConstraint("token_name", "key", name="uq_api_idempotency_token_name_key"),
    )


def downgrade() -> None:
    op.drop_table("api_idempotency")
    op.drop_table("rate_windows")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_index("ix_interviews_invite_at")
        batch.drop_column("invite_at")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
