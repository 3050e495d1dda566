"""Headline figures for the «Обзор» page, one function per module card."""

from __future__ import annotations

from sqlite_utils import Database


def directory_counts(db: Database) -> dict[str, int]:
    """How many organisations, staff, clients and active users the directory holds."""
    row = db.execute(
        "SELECT (SELECT COUNT(*) FROM organisations), (SELECT COUNT(*) FROM staff), "
        "(SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM users WHERE active = 1)"
    ).fetchone()
    return {"orgs": row[0], "staff": row[1], "clients": row[2], "users": row[3]}
