"""The request commands of cli.py (DESIGN §7) end to end: import, report request-stats/queue, sync."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cli
import commands.imports as cli_imports
from commands.requests import TREE_COLUMNS, last_full_quarter
from core.roles import SYSTEM
from db.connection import connect
from db.requests import request_stats, request_stats_bare
from db.settings import put_setting
from db.users import add_user
from tests import seed004
from ui import texts
from ui.fmt import fmt_int

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata" / "1c_connect"
SOAP_FILE = REALDATA / "GetOpenedServiceTreatmentsResponse.xml"
REST_FILE = REALDATA / "v1_line_treatment_response.json"
Q2_ARGS = ["--from", "2016-04-01", "--to", "2016-07-01"]


def run(db_file: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run cli.py in-process; (exit code, stdout, stderr)."""
    code = cli.main(["--db", str(db_file), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(db_file: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, err = run(db_file, *argv, "--json", capsys=capsys)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed's requests plus noise as a cp1251 CSV and as an XLSX (written once per module)."""
    folder = tmp_path_factory.mktemp("seed004_files")
    counted, noise = seed004.generate_requests()
    files = {"csv": folder / "obrascheniya-q2.csv", "xlsx": folder / "obrascheniya-q2.xlsx"}
    seed004.write_csv(counted + noise, files["csv"])
    seed004.write_xlsx(counted + noise, files["xlsx"])
    return files


# ---- THE acceptance test: seed 004's table through files and the CLI ------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_imported_export_reproduces_the_seed_q2_table_in_every_cell(
    db_file: Path, seed_files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = run_json(db_file, "import", "requests", str(seed_files[kind]), capsys=capsys)
    assert imported["rows"] == 18030 + 51
    assert (imported["imported"], imported["rejected"]) == (18030 + 51, 0)

    report = run_json(db_file, "report", "request-stats", *Q2_ARGS, capsys=capsys)
    assert (report["from"], report["to"], report["total"]) == ("2016-04-01", "2016-07-01", 18030)
    assert report["cells"] == seed004.seed_cells()
    summary = {row["resolution"]: row for row in report["summary"]}
    for resolution, (count, share_pct, unhappy, no_rating, _, happy, _) in seed004.SUMMARY.items():
        row = summary.pop(resolution)
        assert (row["count"], row["unhappy"], row["no_rating"], row["happy"]) == (
            count,
            unhappy,
            no_rating,
            happy,
        )
        assert round(row["share"] * 100) == share_pct
    assert summary == {}
    assert report["ratings"]["count"] == 4315
    assert round(report["ratings"]["average"], 2) == seed004.AVERAGE_RATING
    assert round(report["ratings"]["unhappy_share"] * 100, 1) == seed004.UNHAPPY_SHARE_PCT

    db = connect(db_file)
    q2 = (date(2016, 4, 1), date(2016, 7, 1))
    assert request_stats(db, *q2) == request_stats_bare(db, *q2)
    db.close()


def test_importing_the_same_file_again_changes_nothing(
    db_file: Path, seed_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run_json(db_file, "import", "requests", str(seed_files["csv"]), capsys=capsys)
    db = connect(db_file)
    before = db.execute("SELECT * FROM requests ORDER BY id").fetchall()
    again = run_json(db_file, "import", "requests", str(seed_files["csv"]), capsys=capsys)
    assert (again["imported"], again["duplicates"], again["rejected"]) == (0, 18081, 0)
    assert again["duplicates"] == again["rows"]
    assert db.execute("SELECT * FROM requests ORDER BY id").fetchall() == before
    # the same requests exported as XLSX are the same requests: nothing changes either
    other = run_json(db_file, "import", "requests", str(seed_files["xlsx"]), capsys=capsys)
    assert (other["imported"], other["duplicates"]) == (0, 18081)
    db.close()


def test_the_text_report_shows_the_seed_tree_and_summary(
    db_file: Path, seed_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run(db_file, "import", "requests", str(seed_files["csv"]), capsys=capsys)
    code, out, _ = run(db_file, "report", "request-stats", *Q2_ARGS, capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == texts.CLI_STATS_TITLE.format(
        start="01.04.2016", end="30.06.2016", total=fmt_int(18030)
    )
    wait_lines = [line for line in lines if line.startswith(("< 5 мин", "5–60 мин", "60+ мин"))]
    assert [line.split()[-4:][0] for line in wait_lines] != []
    for line, total in zip(wait_lines, (16620, 638, 772), strict=True):
        assert fmt_int(total) in line
    hour = next(line for line in lines if line.startswith(texts.STATS_SUMMARY_ROWS["<1h"]))
    for number in (6706, 23, 4466, 2217):
        assert fmt_int(number) in hour
    total_line = next(line for line in lines if line.startswith(texts.STATS_SUMMARY_TOTAL))
    for number in (18030, 61, 13715, 4254):
        assert fmt_int(number) in total_line
    assert any(line.startswith("Оценок: 4") and "4,94" in line for line in lines)


def test_the_report_saves_the_tree_and_summary_to_excel(
    db_file: Path, seed_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(db_file, "import", "requests", str(seed_files["csv"]), capsys=capsys)
    target = tmp_path / "otchet.xlsx"
    code, out, _ = run(
        db_file, "report", "request-stats", *Q2_ARGS, "--xlsx", str(target), capsys=capsys
    )
    assert code == 0 and str(target) in out
    book = load_workbook(target)
    tree = list(book[texts.STATS_SHEET_TREE].iter_rows(values_only=True))
    assert tree[0] == TREE_COLUMNS
    fast = [v for k, v in seed004.SEED_BLOCKS.items() if k[0] == "<5m"]
    unhappy, happy = sum(v[1] for v in fast), sum(v[2] for v in fast)
    assert tree[1] == ("< 5 мин", None, None, 16620, unhappy, 16620 - unhappy - happy, happy)
    assert tree[2] == (None, "< 5 мин", None, 13655, 28, 13655 - 28 - 3044, 3044)
    assert tree[3] == (None, None, "< 60 мин", 5668, 15, 3878, 1775)
    summary = list(book[texts.STATS_SHEET_SUMMARY].iter_rows(values_only=True))
    assert [row[1] for row in summary[1:]] == [6706, 4563, 6761, 18030]
    assert summary[1][3:] == (23, 4466, 2217)


def test_filters_narrow_the_report_to_an_organisation(
    db_file: Path, seed_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run(db_file, "import", "requests", str(seed_files["csv"]), capsys=capsys)
    org = seed004.ORGS[2]
    report = run_json(db_file, "report", "request-stats", *Q2_ARGS, "--org", org, capsys=capsys)
    counted, _ = seed004.generate_requests()
    assert report["total"] == sum(1 for r in counted if r.org == org)


# ---- exit codes --------------------------------------------------------------------------


def test_a_missing_file_exits_with_2(db_file: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(db_file, "import", "requests", str(tmp_path / "net.csv"), capsys=capsys)
    assert code == 2
    assert "net.csv" in err


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02 not a table \xff\xfe" * 50,  # binary junk
        "Просто текст, а не таблица обращений\r\n".encode("utf-16"),  # wrong encoding
        "Номер;Сумма\r\n1;2\r\n".encode("cp1251"),  # a table, but not of requests
    ],
)
def test_a_file_that_is_not_a_requests_table_exits_with_2_and_is_logged_as_failed(
    db_file: Path, tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, _, err = run(db_file, "import", "requests", str(path), capsys=capsys)
    assert code == 2
    assert err.startswith(texts.CLI_FILE_UNREADABLE.split("{")[0])
    db = connect(db_file)
    assert db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 0
    # the failed import is in «Журнал загрузок» with why, and nothing counted
    logged = db.execute("SELECT imported, rejected, error FROM imports").fetchall()
    assert len(logged) == 1 and logged[0][:2] == (0, 0) and logged[0][2]
    db.close()


@pytest.mark.parametrize("role", ["viewer", "manager", "qc"])
def test_an_import_as_a_user_without_the_right_is_refused_with_1(
    db_file: Path, seed_files: dict[str, Path], role: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = connect(db_file)
    add_user(db, SYSTEM, f"user_{role}", "Пользователь", role, None)
    code, out, err = run(
        db_file, "import", "requests", str(seed_files["csv"]), "--as", f"user_{role}", capsys=capsys
    )
    assert code == 1
    assert out == ""
    assert err.startswith(texts.CLI_REFUSED.split("{")[0])
    assert db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 0
    db.close()


def test_an_import_as_the_head_is_logged_under_the_head(
    db_file: Path, seed_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db = connect(db_file)
    add_user(db, SYSTEM, "rop", "Руководитель", "head", None)
    code, out, _ = run(
        db_file, "import", "requests", str(seed_files["csv"]), "--as", "rop", capsys=capsys
    )
    assert code == 0
    assert out.startswith("Импорт «obrascheniya-q2.csv»: строк 18")
    assert db.execute("SELECT login, imported FROM imports").fetchall() == [("rop", 18081)]
    db.close()


def test_an_unknown_user_is_refused_with_1(db_file: Path, seed_files, capsys) -> None:
    code, _, err = run(
        db_file, "import", "requests", str(seed_files["csv"]), "--as", "nobody", capsys=capsys
    )
    assert code == 1
    assert "nobody" in err


def test_bad_rows_are_listed_and_the_good_ones_land(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        ";".join(seed004.HEADER),
        "A-1;Орг;Линия;Иванов;Клиент;01.04.2016 10:00:00;01.04.2016 10:01:00;;01.04.2016 10:30:00;5",
        "A-2;Орг;Линия;Иванов;Клиент;31.04.2016 10:00:00;;;;",
        "A-3;Орг;Линия;Иванов;Клиент;01.04.2016 10:00:00;;;;9",
    ]
    path = tmp_path / "s-oshibkami.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    summary = run_json(db_file, "import", "requests", str(path), capsys=capsys)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (3, 1, 2)
    assert [(r["row"], r["reason"]) for r in summary["rejects"]] == [
        (3, "bad_date"),
        (4, "bad_rating"),
    ]
    code, out, _ = run(db_file, "import", "requests", str(path), capsys=capsys)
    assert code == 0
    assert texts.IMPORT_PROBLEMS["bad_date"] in out
    assert texts.IMPORT_PROBLEMS["bad_rating"] in out


def test_the_real_cli_script_exits_with_the_contract_codes(tmp_path: Path) -> None:
    """Run as `python cli.py`: extension errors must reach main()'s handler (exit 2, one line)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--db", str(tmp_path / "x.sqlite"), "import",
         "requests", str(tmp_path / "missing.xlsx")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "Traceback" not in done.stderr


# ---- default period, queue, connect ---------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (date(2016, 7, 1), (date(2016, 4, 1), date(2016, 7, 1))),
        (date(2016, 9, 30), (date(2016, 4, 1), date(2016, 7, 1))),
        (date(2017, 2, 14), (date(2016, 10, 1), date(2017, 1, 1))),
        (date(2016, 4, 1), (date(2016, 1, 1), date(2016, 4, 1))),
    ],
)
def test_the_default_period_is_the_last_full_quarter(today: date, quarter: tuple) -> None:
    assert last_full_quarter(today) == quarter


def test_a_period_that_ends_before_it_starts_is_refused(db_file: Path, capsys) -> None:
    code, _, err = run(
        db_file, "report", "request-stats", "--from", "2016-07-01", "--to", "01.04.2016",
        capsys=capsys,
    )  # fmt: skip
    assert code == 1
    assert "2016-07-01" in err


def test_the_real_open_requests_answer_fills_the_queue(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = run_json(db_file, "import", "connect-open", str(SOAP_FILE), capsys=capsys)
    assert (imported["rows"], imported["rejected"]) == (67, 0)
    queue = run_json(db_file, "report", "queue", capsys=capsys)
    assert set(queue) == {
        "open",
        "waiting_unassigned",
        "by_line",
        "by_specialist",
        "oldest_wait_minutes",
    }
    assert queue["open"] == 67
    assert sum(queue["by_line"].values()) == 67
    code, out, _ = run(db_file, "report", "queue", capsys=capsys)
    assert code == 0
    assert out.startswith("Открытых обращений: 67;")


class FakeConnect(BaseHTTPRequestHandler):
    """1C-Connect stand-in: SOAP PartnerWebAPI2 (POST) and REST /v1/line/treatment/ (GET)."""

    seen: list[tuple[str, str, str | None, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(("POST", self.path, self.headers.get("Authorization"), body))
        if self.path == "/cus/ws/PartnerWebAPI2":
            self._send(200, SOAP_FILE.read_bytes(), "application/soap+xml; charset=utf-8")
        else:
            self._send(404, b"not found", "text/plain")

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(("GET", self.path, self.headers.get("Authorization"), b""))
        if self.path == "/v1/line/treatment/":
            self._send(200, REST_FILE.read_bytes(), "application/json")
        elif self.path == "/broken/":
            self._send(200, b"<html>maintenance</html>", "text/html")
        else:
            self._send(500, b"boom", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def fake_connect() -> Iterator[str]:
    FakeConnect.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeConnect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def configure(db_file: Path, url: str, token: str = "partner:s3cret") -> None:
    db = connect(db_file)
    put_setting(db, "connect_url", url)
    put_setting(db, "connect_token", token)
    db.close()


def test_sync_pulls_the_open_requests_over_soap(
    db_file: Path, fake_connect: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(db_file, fake_connect + "/cus/ws/PartnerWebAPI2")
    code, out, err = run(db_file, "sync", "connect", "--once", capsys=capsys)
    assert code == 0, err
    assert "открытых обращений 67" in out
    method, path, auth, body = FakeConnect.seen[0]
    assert (method, path, auth) == ("POST", "/cus/ws/PartnerWebAPI2", "Basic cGFydG5lcjpzM2NyZXQ=")
    assert b"GetOpenedServiceTreatments" in body and b'name="OpenedFrom"' in body
    assert run_json(db_file, "report", "queue", capsys=capsys)["open"] == 67
    db = connect(db_file)
    log = db.execute("SELECT kind, login, file_name FROM imports").fetchall()
    assert log == [("connect-open", "system", fake_connect + "/cus/ws/PartnerWebAPI2")]
    db.close()


def test_sync_reads_the_rest_list_too(
    db_file: Path, fake_connect: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(db_file, fake_connect + "/v1/line/treatment/")
    code, out, err = run(db_file, "sync", "connect", "--once", capsys=capsys)
    assert code == 0, err
    assert FakeConnect.seen[0][:2] == ("GET", "/v1/line/treatment/")
    assert run_json(db_file, "report", "queue", capsys=capsys)["open"] == 131


@pytest.mark.parametrize("path", ["/down/", "/broken/"])
def test_sync_that_gets_no_usable_answer_exits_with_2_and_stores_nothing(
    db_file: Path, fake_connect: str, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(db_file, fake_connect + path)
    code, _, err = run(db_file, "sync", "connect", "--once", capsys=capsys)
    assert code == 2
    assert err.startswith(texts.CLI_SYNC_FAILED.split("{")[0])
    db = connect(db_file)
    assert db.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0
    db.close()


def test_sync_without_an_address_is_refused(db_file: Path, capsys) -> None:
    code, _, err = run(db_file, "sync", "connect", "--once", capsys=capsys)
    assert code == 1
    assert texts.CLI_SYNC_NO_URL in err


def test_connect_events_build_a_request_and_a_repeat_changes_nothing(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user, spec, line = "user-1", "spec-1", "line-1"
    base = {"treatment_id": "T-1", "line_id": line, "user_id": user}
    events = [
        {**base, "message_id": "m1", "message_type": 80, "author_id": user,
         "message_time": "2016-05-10T07:00:00Z"},
        {**base, "message_id": "m2", "message_type": 84, "author_id": spec,
         "specialist_id": spec, "message_time": "2016-05-10T07:02:00Z"},
        {**base, "message_id": "m3", "message_type": 1, "author_id": spec, "text": "Добрый день",
         "message_time": "2016-05-10T07:04:30Z"},
        {**base, "message_id": "m4", "message_type": 82, "author_id": spec,
         "message_time": "2016-05-10T07:40:00Z"},
        {**base, "message_id": "m5", "message_type": 17, "author_id": user,
         "treatment": {"quality": 5}, "message_time": "2016-05-10T07:41:00Z"},
    ]  # fmt: skip
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(e, ensure_ascii=False) for e in events] + ["{not json"]
    path.write_text("\n".join(lines), encoding="utf-8")
    first = run_json(db_file, "import", "connect-events", str(path), capsys=capsys)
    assert (first["rows"], first["imported"], first["rejected"]) == (6, 5, 1)
    assert first["rejects"][0]["reason"] == "bad_json"
    again = run_json(db_file, "import", "connect-events", str(path), capsys=capsys)
    assert (again["imported"], again["duplicates"]) == (0, 5)
    report = run_json(
        db_file, "report", "request-stats", "--from", "2016-05-10", "--to", "2016-05-11",
        capsys=capsys,
    )  # fmt: skip
    assert report["total"] == 1
    assert report["cells"] == [
        {"wait": "<5m", "reaction": "<5m", "resolution": "<1h", "rating": "4-5", "count": 1}
    ]


def test_the_queue_report_saves_its_figures_lines_and_specialists_to_excel(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_json(db_file, "import", "connect-open", str(SOAP_FILE), capsys=capsys)
    queue = run_json(db_file, "report", "queue", capsys=capsys)
    target = tmp_path / "ochered.xlsx"
    code, out, _ = run(db_file, "report", "queue", "--xlsx", str(target), capsys=capsys)
    assert code == 0 and str(target) in out
    book = load_workbook(target)
    assert book.sheetnames == [
        texts.QUEUE_SHEET_NOW, texts.QUEUE_SHEET_LINES, texts.QUEUE_SHEET_SPECIALISTS
    ]  # fmt: skip
    figures = list(book[texts.QUEUE_SHEET_NOW].iter_rows(values_only=True))
    assert figures[0] == texts.QUEUE_XLSX_FIGURES
    assert figures[1] == (texts.QUEUE_XLSX_OPEN, 67)
    assert figures[2] == (texts.QUEUE_XLSX_WAITING, queue["waiting_unassigned"])
    lines = list(book[texts.QUEUE_SHEET_LINES].iter_rows(values_only=True))[1:]
    assert sum(n for _, n in lines) == 67 and len(lines) == len(queue["by_line"])
    people = list(book[texts.QUEUE_SHEET_SPECIALISTS].iter_rows(values_only=True))[1:]
    assert dict(people) == queue["by_specialist"]


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_person_at_a_terminal_sees_the_stored_rows_counted_and_a_script_does_not() -> None:
    screen = Terminal()
    show = cli_imports.progress_printer(screen, 50_000)
    assert show is not None
    show(20_000, 50_000)
    show(50_000, 50_000)
    first = texts.CLI_IMPORT_PROGRESS.format(done=fmt_int(20_000), total=fmt_int(50_000))
    last = texts.CLI_IMPORT_PROGRESS.format(done=fmt_int(50_000), total=fmt_int(50_000))
    assert screen.getvalue() == f"\r{first}\r{last}\n"
    assert cli_imports.progress_printer(io.StringIO(), 50_000) is None  # a pipe or a file
    assert cli_imports.progress_printer(Terminal(), 500) is None  # over before anyone looks
