"""trigram indexes for the text search of the interview list (PostgreSQL only)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {
    "ix_reports_summary_trgm": "reports USING gin (lower(summary) gin_trgm_ops)",
    "ix_report_themes_theme_trgm": "report_themes USING gin (lower(theme) gin_trgm_ops)",
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    # Where even that is refused, the search still works, by a scan.
    with bind.begin_nested() as savepoint:
        try:
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError:
            savepoint.rollback()
            return
    for name, target in _INDEXES.items():
        bind.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON {target}"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for name in _INDEXES:
        bind.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
