"""Deals bench (issue 12): the refusals and CRM-hygiene reports over N deals (1M by default),
each against a bare SQL aggregate over the same rows in the same run; target 3×.

Shape: 40 managers, a client per five deals with a contact for most, 15 % of deals refused (80 %
of those verified, a quarter returned), a task for half the open deals (a tenth overdue).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from core.deals import DEFAULT_REASONS
from core.timeutil import to_stored
from db.connection import connect
from db.deals import hygiene_report, refusal_report

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
MANAGERS = tuple(f"manager{n:02d}" for n in range(1, 41))
STAGES = ("new", "in_work", "in_work", "proposal", "won", "closed_lost")
TARGET = 3.0


def build(path: Path, total: int, seed: int = 12) -> float:
    """A database with `total` deals and their clients, tasks and refusals; returns seconds."""
    started = time.perf_counter()
    rng = random.Random(seed)
    db = connect(path)
    clients = max(1, total // 5)
    stamps = [to_stored(NOW - timedelta(days=d, hours=h)) for d in range(400) for h in (3, 9)]
    with db.conn:
        db.conn.executemany(
            "INSERT INTO clients (id, name, segment) VALUES (?, ?, ?)",
            ((i, f"Клиент {i}", "Торговля" if i % 4 else "") for i in range(1, clients + 1)),
        )
        db.conn.executemany(
            "INSERT INTO client_details (client_id, manager, industry, phone, email, "
            "last_contact_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((i, MANAGERS[i % len(MANAGERS)], "Опт" if i % 3 else "", "+7 900" if i % 5 else "",
              "", stamps[i % len(stamps)], stamps[0]) for i in range(1, clients + 1)),
        )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO client_contacts (client_id, name, role, phone, email) "
            "VALUES (?, ?, ?, ?, ?)",
            ((i, "Контакт", "Директор" if i % 2 else "", "", "x@example.ru" if i % 3 else "")
             for i in range(1, clients + 1) if i % 10),
        )  # fmt: skip
        deals, refusals, tasks = [], [], []
        for n in range(1, total + 1):
            client = rng.randint(1, clients)
            manager = MANAGERS[client % len(MANAGERS)]
            created = stamps[rng.randrange(len(stamps))]
            roll = rng.random()
            stage = rng.choice(STAGES)
            outcome = None
            if roll < 0.15:
                outcome = (
                    None
                    if rng.random() < 0.2
                    else rng.choice(("confirmed", "confirmed", "confirmed", "returned"))
                )
                stage = {None: "conditional_refusal", "confirmed": "closed_lost"}.get(
                    outcome, rng.choice(("in_work", "won"))
                )
                reason = rng.choice(DEFAULT_REASONS)
                refusals.append((str(n), manager, reason, rng.randint(1, 900) * 100_000, created,
                                 manager, outcome, created if outcome else None,
                                 rng.choice(DEFAULT_REASONS) if outcome else ""))  # fmt: skip
            due = None
            if stage in ("new", "in_work", "proposal") and rng.random() < 0.5:
                due = (
                    stamps[rng.randrange(len(stamps))]
                    if rng.random() < 0.1
                    else to_stored(NOW + timedelta(days=3))
                )
                tasks.append((str(n), client, manager, "Перезвонить", due, created))
            deals.append((str(n), client, manager, stage, rng.randint(0, 900) * 100_000 or None,
                          "Сайт" if rng.random() < 0.8 else "", created, created, created, due))  # fmt: skip
        db.conn.executemany(
            "INSERT INTO deals (id, client_id, manager, stage, amount_kop, lead_source, "
            "created_at, stage_at, updated_at, next_task_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            deals,
        )
        db.conn.executemany(
            "INSERT INTO deal_refusals (deal_id, manager, reason, amount_kop, refused_at, "
            "refused_by, outcome, verified_at, client_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            refusals,
        )
        db.conn.executemany(
            "INSERT INTO deal_tasks (deal_id, client_id, manager, title, due_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            tasks,
        )
        db.execute(
            "UPDATE client_details SET contact_flags = (SELECT COALESCE(MAX(name != ''), 0) "
            "| COALESCE(MAX(role != ''), 0) * 2 | COALESCE(MAX(phone != ''), 0) * 4 "
            "| COALESCE(MAX(email != ''), 0) * 8 FROM client_contacts k "
            "WHERE k.client_id = client_details.client_id)"
        )
        db.execute(
            "UPDATE deal_refusals SET won_kop = (SELECT d.amount_kop FROM deals d "
            "WHERE d.id = deal_refusals.deal_id AND d.stage = 'won') WHERE outcome = 'returned'"
        )
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


def bare_refusals(db: Any) -> list:
    """The bare aggregate: refusals counted and summed by reason and outcome in one GROUP BY."""
    return db.execute(
        "SELECT reason, outcome, COUNT(*), SUM(amount_kop) FROM deal_refusals "
        "GROUP BY reason, outcome"
    ).fetchall()


def bare_hygiene(db: Any) -> list:
    """The bare aggregates over the rows the report reads: open deals, clients and open tasks
    per manager, one plain GROUP BY each."""
    return [
        db.execute(
            "SELECT manager, COUNT(*), SUM(amount_kop IS NULL) FROM deals "
            "WHERE stage IN ('new', 'in_work', 'proposal') GROUP BY manager"
        ).fetchall(),
        db.execute(
            "SELECT manager, COUNT(*), SUM(industry = '') FROM client_details GROUP BY manager"
        ).fetchall(),
        db.execute(
            "SELECT manager, COUNT(*) FROM deal_tasks WHERE done_at IS NULL GROUP BY manager"
        ).fetchall(),
    ]


def run(
    folder: Path,
    total: int,
    repeat: int,
    timer: Callable[[Callable[[], Any], int], float],
    result: Callable[..., dict],
) -> list[dict]:
    """Build the deals database and time both reports against their bare aggregates."""
    path = folder / "deals.sqlite"
    print(f"building {total:,} deals …", flush=True)
    built = build(path, total)
    print(f"built in {built:.1f} s", flush=True)
    db = connect(path)
    refused = db.execute("SELECT COUNT(*) FROM deal_refusals").fetchone()[0]
    rows = [
        result(
            f"(deals) report refusals over {total:,} deals ({refused:,} refusals)",
            timer(lambda: refusal_report(db), repeat),
            "bare GROUP BY reason, outcome",
            timer(lambda: bare_refusals(db), repeat),
            TARGET,
        ),
        result(
            f"(deals) report crm-hygiene over {total:,} deals",
            timer(lambda: hygiene_report(db, NOW), repeat),
            "bare GROUP BY manager on deals, clients, tasks",
            timer(lambda: bare_hygiene(db), repeat),
            TARGET,
        ),
    ]
    db.close()
    return rows
