"""Histories from a webhook log shaped like a real partner's (issue 14), through the CLI: requests
begun before the log, few 84 events, close and rating events with their treatment objects,
remote-access sessions and calls, duplicates, any order of arrival."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import cli
from core.roles import SYSTEM
from db.connection import connect
from db.users import add_user

LOG_START = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
LINES = ("line-a", "line-b")
SPECS = ("spec-1", "spec-2", "spec-3")


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@dataclass
class Truth:
    """What the log must give: per request its true start, specialist and state."""

    created: dict[str, str] = field(default_factory=dict)
    specialist: dict[str, str] = field(default_factory=dict)
    closed: dict[str, str | None] = field(default_factory=dict)
    remote_ok: int = 0
    remote_failed: int = 0
    remote_seconds: int = 0
    calls: int = 0


def make_log(seed: int = 14) -> tuple[list[dict], Truth]:
    """~100 requests over a month: 12 begun before the log (only a close or a rating is seen),
    one 84 event in ten, remote sessions and calls, 5 % duplicates; then shuffled."""
    rng = random.Random(seed)
    events: list[dict] = []
    truth = Truth()
    counter = 0

    def add(event: dict) -> None:
        nonlocal counter
        counter += 1
        events.append({"message_id": f"m{counter:05d}", **event})

    for n in range(100):
        tid, user, line = f"T{n:03d}", f"user-{n % 40}", LINES[n % 2]
        spec = SPECS[n % 3]
        before_log = n < 12
        start = (
            LOG_START - timedelta(days=rng.randint(2, 70), hours=rng.randint(0, 8))
            if before_log
            else LOG_START + timedelta(days=rng.randint(0, 25), minutes=rng.randint(0, 600))
        )
        duration = rng.randint(10 * 60, 5 * 3600)
        end = start + timedelta(seconds=duration)
        treatment = {"treatment_id": tid, "initialized_at": iso(start),
                     "treatment_duration": duration, "current_specialist": spec}  # fmt: skip
        base = {"treatment_id": tid, "line_id": line, "user_id": user}
        truth.created[tid] = iso(start)
        truth.specialist[tid] = spec
        kind = "open" if n >= 90 else ("rating_only" if n % 4 == 0 else "closed")
        if not before_log:
            add({**base, "message_type": 80, "author_id": user, "message_time": iso(start)})
            if n % 10 == 3:
                add({**base, "message_type": 84, "specialist_id": spec,
                     "message_time": iso(start + timedelta(minutes=2))})  # fmt: skip
            add({**base, "message_type": 1, "author_id": spec, "text": "Добрый день",
                 "message_time": iso(start + timedelta(minutes=3))})  # fmt: skip
        if kind == "open":
            truth.closed[tid] = None
            if before_log:
                add({**base, "message_type": 1, "author_id": user, "text": "Ещё вопрос",
                     "message_time": iso(LOG_START + timedelta(days=1))})  # fmt: skip
            continue
        if kind == "closed":
            add({"message_type": 82, "author_id": spec, "message_time": iso(end),
                 "line_id": line, "user_id": user, "treatment": treatment})  # fmt: skip
            truth.closed[tid] = iso(end)
            if rng.random() < 0.4:
                add({"message_type": 17, "message_time": iso(end + timedelta(minutes=5)),
                     "treatment": {**treatment, "quality": rng.randint(1, 5)}})  # fmt: skip
        else:
            add({"message_type": 17, "message_time": iso(end + timedelta(hours=20)),
                 "treatment": {**treatment, "quality": rng.randint(1, 5)}})  # fmt: skip
            truth.closed[tid] = iso(end)
        if n % 3 == 0 and not before_log:
            seconds = rng.randint(60, 1800)
            add({**base, "message_type": 50, "author_id": spec,
                 "message_time": iso(start + timedelta(minutes=5))})  # fmt: skip
            add({**base, "message_type": 52, "author_id": spec, "rda": {"duration": seconds},
                 "message_time": iso(start + timedelta(minutes=5, seconds=seconds))})  # fmt: skip
            truth.remote_ok += 1
            truth.remote_seconds += seconds
        if n % 7 == 0 and not before_log:
            add({**base, "message_type": 50, "author_id": spec,
                 "message_time": iso(start + timedelta(minutes=4))})  # fmt: skip
            add({**base, "message_type": 57, "author_id": spec,
                 "message_time": iso(start + timedelta(minutes=4, seconds=30))})  # fmt: skip
            truth.remote_failed += 1
        if n % 5 == 0:
            add({"message_type": 22, "author_id": spec, "user_id": user,
                 "call": {"duration": 120}, "message_time": iso(start + timedelta(minutes=1))})  # fmt: skip
            truth.calls += 1
    events += rng.sample(events, len(events) // 20)  # the hook sent some twice
    rng.shuffle(events)
    return events, truth


def run_json(db_file: Path, *argv: str, capsys: pytest.CaptureFixture[str]):
    code = cli.main(["--db", str(db_file), *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def write_jsonl(path: Path, events: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events), "utf-8")
    return path


def check_against_truth(db_file: Path, truth: Truth, capsys) -> list[dict]:
    rows = run_json(db_file, "report", "requests", capsys=capsys)
    by_id = {r["id"]: r for r in rows}
    assert sorted(by_id) == sorted(truth.created)
    assert {i: r["created"] for i, r in by_id.items()} == truth.created
    assert {i: r["specialist"] for i, r in by_id.items()} == truth.specialist
    assert {i: r["closed"] for i, r in by_id.items()} == truth.closed
    assert {i for i, r in by_id.items() if r["status"] == "open"} == {
        i for i, c in truth.closed.items() if c is None
    }
    queue = run_json(db_file, "report", "queue", capsys=capsys)
    assert queue["open"] == sum(1 for c in truth.closed.values() if c is None) == 10
    remote = run_json(db_file, "report", "remote-sessions", capsys=capsys)
    assert (remote["total"], remote["succeeded"], remote["failed"]) == (
        truth.remote_ok + truth.remote_failed,
        truth.remote_ok,
        truth.remote_failed,
    )
    assert remote["minutes"] == round(truth.remote_seconds / 60, 1)
    assert sum(remote["by_specialist"].values()) == remote["total"]
    calls = run_json(db_file, "report", "remote-sessions", "--kind", "call", capsys=capsys)
    assert calls["total"] == truth.calls
    return rows


def test_a_real_shaped_log_gives_true_starts_specialists_closes_and_sessions(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, truth = make_log()
    path = write_jsonl(tmp_path / "hook.jsonl", events)
    summary = run_json(db_file, "import", "connect-events", str(path), capsys=capsys)
    assert summary["rejected"] == 0
    check_against_truth(db_file, truth, capsys)


def test_the_same_log_in_reverse_over_many_batches_gives_the_same_histories(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, truth = make_log()
    events.reverse()
    for index in range(0, len(events), 37):
        path = write_jsonl(tmp_path / f"part{index}.jsonl", events[index : index + 37])
        run_json(db_file, "import", "connect-events", str(path), capsys=capsys)
    check_against_truth(db_file, truth, capsys)


def test_requests_begun_before_the_log_count_in_the_statistics_with_their_true_start(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, truth = make_log()
    run_json(db_file, "import", "connect-events", str(write_jsonl(tmp_path / "h.jsonl", events)),
             capsys=capsys)  # fmt: skip
    stats = run_json(
        db_file, "report", "request-stats", "--from", "2026-08-01", "--to", "2026-12-01",
        capsys=capsys,
    )  # fmt: skip
    assert stats["total"] == sum(1 for c in truth.closed.values() if c is not None) == 90


def test_stale_open_requests_are_closed_by_qc_audited_and_left_out_of_the_statistics(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, _ = make_log()
    run_json(db_file, "import", "connect-events", str(write_jsonl(tmp_path / "h.jsonl", events)),
             capsys=capsys)  # fmt: skip
    db = connect(db_file)
    add_user(db, SYSTEM, "okk", "Ольга ОКК", "qc", None)
    add_user(db, SYSTEM, "mgr", "Иван Менеджер", "manager", None)
    before = run_json(db_file, "report", "request-stats", "--from", "2026-01-01", "--to",
                      "2027-01-01", capsys=capsys)["total"]  # fmt: skip
    code = cli.main(["--db", str(db_file), "requests", "close-stale", "--days", "1", "--as", "mgr"])
    capsys.readouterr()
    assert code == 1
    done = run_json(db_file, "requests", "close-stale", "--days", "1", "--as", "okk",
                    capsys=capsys)  # fmt: skip
    assert done["closed"] == 10
    assert run_json(db_file, "report", "queue", capsys=capsys)["open"] == 0
    stale = run_json(db_file, "report", "requests", "--status", "stale", capsys=capsys)
    assert len(stale) == 10 and all(r["closed"] is None for r in stale)
    after = run_json(db_file, "report", "request-stats", "--from", "2026-01-01", "--to",
                     "2027-01-01", capsys=capsys)["total"]  # fmt: skip
    assert after == before
    audit = db.execute(
        "SELECT login FROM audit_log WHERE action = 'requests.close_stale'"
    ).fetchall()
    assert audit == [("okk",)]


def test_report_requests_lists_any_cell_of_the_statistics_as_the_pages_drill_down_does(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14, item 5: the statistics' buckets are `report requests` options, so every cell
    the pages open is also a CLI list — with exactly the cell's count."""
    events, _ = make_log()
    run_json(db_file, "import", "connect-events", str(write_jsonl(tmp_path / "h.jsonl", events)),
             capsys=capsys)  # fmt: skip
    period = ("--from", "2026-08-01", "--to", "2026-12-01")
    stats = run_json(db_file, "report", "request-stats", *period, capsys=capsys)
    for cell in stats["cells"]:
        listed = run_json(
            db_file, "report", "requests", *period, "--status", "closed",
            "--wait", cell["wait"], "--reaction", cell["reaction"],
            "--resolution", cell["resolution"], "--rating-group", cell["rating"], capsys=capsys,
        )  # fmt: skip
        assert len(listed) == cell["count"], cell
    rated = run_json(db_file, "report", "requests", *period, "--status", "closed",
                     *[a for m in range(1, 6) for a in ("--rating", str(m))], capsys=capsys)  # fmt: skip
    assert len(rated) == stats["ratings"]["count"] > 0
