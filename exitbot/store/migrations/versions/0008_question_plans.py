"""question plan versions stored through the API, and the version each interview follows

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "question_plans",
        sa.Column("id", _ID, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_question_plans"),
    )
    # A plain ADD COLUMN: no foreign key, because on SQLite adding one rebuilds the table,
    # and dropping ``interviews`` to rebuild it cascades to every message (foreign keys are
    # on). Versions are never deleted, so the reference cannot dangle anyway.
    op.add_column("interviews", sa.Column("plan_version", _ID, nullable=True))


def downgrade() -> None:
    op.drop_column("interviews", "plan_version")
    op.drop_table("question_plans")
