"""`cli.py jobs list|run`, `settings list|get|set` and `report alerts` (DESIGN §7, issue 10)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from cli import main
from core.requests import RequestRecord
from core.timeutil import utcnow
from db.connection import connect, write_tx
from db.requests import upsert_requests
from db.users import get_user
from ui import texts
from ui.texts import jobs as T
from worker import JOBS


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_jobs_list_json_names_every_job_with_period_last_and_next_run(capsys, db_file: Path):
    code, out, _ = cli(capsys, "--db", str(db_file), "jobs", "list", "--json")

    rows = json.loads(out)
    assert code == 0
    assert [r["name"] for r in rows] == [spec.name for spec in JOBS]
    alerts = rows[0]
    assert alerts["period_s"] == 10 and alerts["last_started"] is None
    assert alerts["next_run"].endswith("Z") and alerts["error"] is None
    assert {"result", "duration_s", "failures", "running", "daily_hour"} <= set(alerts)


def test_jobs_run_runs_once_and_the_list_shows_the_result(capsys, db_file: Path):
    code, printed, _ = cli(capsys, "--db", str(db_file), "jobs", "run", "alerts")
    assert code == 0 and printed.startswith("alerts: ")

    _, out, _ = cli(capsys, "--db", str(db_file), "jobs", "list", "--json")
    alerts = json.loads(out)[0]
    assert alerts["runs"] == 1 and printed.strip() == f"alerts: {alerts['result']}"
    assert alerts["last_started"] is not None and alerts["next_run"] > alerts["last_started"]


def test_jobs_run_of_an_unknown_job_is_refused_with_exit_1(capsys, db_file: Path):
    code, _, err = cli(capsys, "--db", str(db_file), "jobs", "run", "nope")

    assert code == 1
    assert T.CLI_JOBS_UNKNOWN.format(name="nope", names="")[:25] in err


def test_a_failing_job_run_exits_1_and_prints_its_json(capsys, db_file: Path):
    cli(capsys, "--db", str(db_file), "settings", "set", "connect_url", "http://127.0.0.1:9/x")

    code, out, err = cli(capsys, "--db", str(db_file), "jobs", "run", "connect_sync", "--json")

    assert code == 1 and json.loads(out)["ok"] is False
    assert "127.0.0.1:9" in json.loads(out)["error"] and "127.0.0.1:9" in err


def test_settings_set_get_and_list_mask_secrets(capsys, db_file: Path):
    base = ("--db", str(db_file), "settings")
    assert cli(capsys, *base, "set", "smtp_host", "mail.example.test")[0] == 0
    code, out, _ = cli(capsys, *base, "set", "smtp_password", "Hunter-2-secret")
    assert code == 0 and "Hunter-2-secret" not in out and T.SECRET_MASK in out
    assert cli(capsys, *base, "set", "job_period_alerts", "5")[0] == 0

    _, listed, _ = cli(capsys, *base, "list", "--json")
    values = json.loads(listed)
    assert values["smtp_host"] == "mail.example.test"
    assert values["smtp_password"] == T.SECRET_MASK
    assert values["job_period_alerts"] == 5 and values["job_period_send_mail"] == 30
    assert cli(capsys, *base, "get", "smtp_password")[1].strip() == T.SECRET_MASK
    _, plain, _ = cli(capsys, *base, "list")
    assert "Hunter-2-secret" not in plain
    stored = connect(db_file).execute("SELECT details FROM audit_log").fetchall()
    assert all("Hunter-2-secret" not in (row[0] or "") for row in stored)


def test_settings_set_refuses_bad_values_and_unknown_keys(capsys, db_file: Path):
    base = ("--db", str(db_file), "settings", "set")
    code, _, err = cli(capsys, *base, "smtp_security", "tls13")
    assert code == 1 and texts.SETTING_ERRORS["bad_choice"][-20:] in err
    assert cli(capsys, *base, "job_period_alerts", "0")[0] == 1
    assert cli(capsys, *base, "job_period_nosuchjob", "5")[0] == 1
    assert cli(capsys, *base, "no_such_setting", "1")[0] == 1


def test_users_add_takes_an_email(capsys, db_file: Path):
    code, _, _ = cli(
        capsys, "--db", str(db_file), "users", "add", "ivanova", "--role", "qc", "--name", "Иванова",
        "--email", "ivanova@example.test",
    )  # fmt: skip

    assert code == 0
    assert get_user(connect(db_file), "ivanova")["email"] == "ivanova@example.test"


def test_report_alerts_json_lists_kind_request_time_and_acknowledged(capsys, db_file: Path):
    db = connect(db_file)
    now = utcnow()
    with write_tx(db):
        upsert_requests(
            db, [RequestRecord(id="R-1", source="t", created_at=now - timedelta(minutes=90))]
        )
    cli(capsys, "--db", str(db_file), "jobs", "run", "alerts")

    code, out, _ = cli(capsys, "--db", str(db_file), "report", "alerts", "--json")

    assert code == 0
    [alert] = json.loads(out)
    assert alert["kind"] == "missed" and alert["request_id"] == "R-1"
    assert alert["acknowledged"] is False and alert["at"].endswith("Z")
