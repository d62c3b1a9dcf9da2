"""indexes for the digest and HR stats aggregates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

- reports (created_at, id, interview_id, sentiment, enps) replaces reports (created_at): the
  digest's per-period figures, reasons and themes read reports by creation time (= completion
  time) and PostgreSQL answers them from the index alone.
- interviews (ended_at, status): declined / expired counts for a period from the index alone
  (ended_at leads so that it never tempts a planner for `list completed` ordered by date).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch_op:
        batch_op.drop_index("ix_reports_created_at")
        batch_op.create_index(
            "ix_reports_created_figures",
            ["created_at", "id", "interview_id", "sentiment", "enps"],
            unique=False,
        )
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.create_index("ix_interviews_ended_status", ["ended_at", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.drop_index("ix_interviews_ended_status")
    with op.batch_alter_table("reports") as batch_op:
        batch_op.drop_index("ix_reports_created_figures")
        batch_op.create_index("ix_reports_created_at", ["created_at"], unique=False)
