"""Commentary: versions of owners' accounts per indicator, area and period, and each version's actions.

Revision ID: 0001
Revises:
Create Date: 2025-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commentary",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("indicator_id", sa.String(100), nullable=False),
        sa.Column("area_code", sa.String(50), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("written_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(320), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        # Two writers taking the same next version: one fails and takes the one after (logframe.state.append).
        sa.UniqueConstraint("indicator_id", "area_code", "period", "version", name="uq_commentary_version"),
        sa.CheckConstraint("version >= 1", name="ck_commentary_version"),
        sa.CheckConstraint("source in ('dashboard', 'import')", name="ck_commentary_source"),
    )
    op.create_index("ix_commentary_indicator_area", "commentary", ["indicator_id", "area_code"])
    op.create_table(
        "commentary_action",
        sa.Column("commentary_id", sa.Integer, sa.ForeignKey("commentary.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("by_when", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("commentary_id", "position"),
    )


def downgrade() -> None:
    op.drop_table("commentary_action")
    op.drop_index("ix_commentary_indicator_area", table_name="commentary")
    op.drop_table("commentary")
