"""The files of issue 9's table, built in their shape, through `cli.py import` as a user runs it:
the count that lands, the exit code and the message a person reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import cli
from core.roles import SYSTEM
from db.connection import connect
from db.requests import request_stats
from db.settings import put_setting
from tests.importers import shapes
from ui.kinds import problem_text
from ui.texts import imports as T

ROOT = Path(__file__).resolve().parents[1]
CALENDARS = ROOT.parent / "shared" / "realdata" / "calendar"
OFFICIAL = {2024: (248, 1979), 2025: (247, 1972), 2026: (247, 1972)}
MARCH = ("2024-03-01", "2024-04-01")


def run(db_file: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db_file), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture(scope="module")
def register() -> shapes.Register:
    return shapes.helpdesk_register()


def assert_statistics_exact(db_file: Path, truth: shapes.Register) -> None:
    """The register's closed tickets, by resolution bucket, are exactly what the report counts."""
    db = connect(db_file)
    stats = request_stats(db, *(date.fromisoformat(d) for d in MARCH))
    assert stats.total == truth.closed
    by_bucket = {s.resolution: s.count for s in stats.summary_with_total() if s.resolution}
    for bucket, count in truth.resolution.items():
        assert by_bucket[bucket] == count, bucket
    orgs = dict(db.execute("SELECT org, COUNT(*) FROM requests GROUP BY org").fetchall())
    assert orgs == truth.orgs
    db.close()


def test_a_help_desk_register_lands_whole_by_detection_and_its_statistics_are_exact(
    db_file: Path, tmp_path: Path, register: shapes.Register, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "реестр.xlsx", register.data)
    code, out, err = run(db_file, "import", "requests", path, "--json", capsys=capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (570, 570, 0)
    # the number under the merged «Номер» (column B), the organisation from the group rows, the
    # close time from «Дата и время решения», never from the free-text «Решение»
    assert summary["columns"]["id"] == "Номер"
    assert summary["columns"]["org"] == "Группа"
    assert summary["columns"]["closed"] == "Дата и время решения"
    assert_statistics_exact(db_file, register)


def test_the_register_prints_which_column_fills_each_field(
    db_file: Path, tmp_path: Path, register: shapes.Register, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "реестр.xlsx", register.data)
    code, out, _ = run(db_file, "import", "requests", path, "--dry-run", capsys=capsys)
    assert code == 0
    assert T.CLI_DRY_RUN_DONE.split("{")[0] in out
    assert "Организация ← «Группа»" in out and "Закрыто ← «Дата и время решения»" in out
    assert connect(db_file).execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 0


def test_a_hand_mapping_overrides_detection_and_is_used_again_for_the_same_header(
    db_file: Path, tmp_path: Path, register: shapes.Register, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "реестр.xlsx", register.data)
    code, out, _ = run(
        db_file, "import", "requests", path, "--map", "line=Тема", "--map", "rating=", "--json",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0 and json.loads(out)["columns"]["line"] == "Тема"
    db = connect(db_file)
    assert db.execute("SELECT COUNT(*) FROM requests WHERE rating IS NOT NULL").fetchone()[0] == 0
    db.execute("DELETE FROM requests")
    db.conn.commit()
    code, out, _ = run(db_file, "import", "requests", path, capsys=capsys)
    assert code == 0 and T.CLI_SAVED_MAPPING_USED in out
    assert "Линия ← «Тема»" in out


def test_a_mapping_file_and_a_wrong_field_name(
    db_file: Path, tmp_path: Path, register: shapes.Register, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "реестр.xlsx", register.data)
    mapping = write(tmp_path, "map.json", json.dumps({"specialist": "Статус"}).encode())
    code, out, _ = run(
        db_file, "import", "requests", path, "--mapping", mapping, "--dry-run", "--json",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0 and json.loads(out)["columns"]["specialist"] == "Статус"
    code, _, err = run(db_file, "import", "requests", path, "--map", "номер=Номер", capsys=capsys)
    assert code == 1
    assert problem_text("bad_mapping") in err and "номер" in err and "specialist" in err


def test_a_workbook_with_pivot_sheets_first_is_read_from_its_requests_sheet(
    db_file: Path, tmp_path: Path, register: shapes.Register, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "заявки.xlsx", shapes.with_pivots(register))
    code, out, _ = run(db_file, "import", "requests", path, capsys=capsys)
    assert code == 0
    assert T.CLI_SHEET_LINE.format(sheet="Заявки", reason=T.SHEET_REASONS["best_fit"]) in out
    assert_statistics_exact(db_file, register)
    # a sheet named by hand that is not a requests table: exit 2 naming the sheet and its columns
    code, _, err = run(db_file, "import", "requests", path, "--sheet", "1", capsys=capsys)
    assert code == 2
    assert problem_text("missing_column") in err
    assert "«Свод по организациям»" in err and "Количество" in err
    code, _, err = run(db_file, "import", "requests", path, "--sheet", "Итоги", capsys=capsys)
    assert code == 2 and "Заявки" in err


@pytest.mark.parametrize("year", sorted(OFFICIAL))
@pytest.mark.parametrize(
    "name", ["xmlcalendar_ru_{year}.xml", "production_calendar_ru_2024_2026.ics"]
)
def test_official_production_calendars_give_the_official_working_time(
    db_file: Path, year: int, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CALENDARS / name.format(year=year)
    code, out, err = run(db_file, "import", "calendar", str(path), "--json", capsys=capsys)
    assert code == 0, err
    assert json.loads(out)["rejected"] == 0
    code, out, _ = run(db_file, "report", "calendar", "--year", str(year), "--json", capsys=capsys)
    report = json.loads(out)
    assert (report["working_days"], report["working_hours"]) == OFFICIAL[year]
    assert sum(m["working_days"] for m in report["months"]) == OFFICIAL[year][0]


@pytest.mark.parametrize("year", sorted(shapes.HELD_OUT_YEARS))
def test_held_out_years_in_xmlcalendar_xml_give_the_official_figures(
    db_file: Path, tmp_path: Path, year: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, f"calendar{year}.xml", shapes.xmlcalendar(year, crlf=year % 2 == 1))
    assert run(db_file, "import", "calendar", path, capsys=capsys)[0] == 0
    code, out, _ = run(db_file, "report", "calendar", "--year", str(year), "--json", capsys=capsys)
    report = json.loads(out)
    _, days, hours = shapes.HELD_OUT_YEARS[year]
    assert (report["working_days"], report["working_hours"]) == (days, hours)


def test_xmlcalendar_json_is_read_by_content(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2024 as xmlcalendar.ru's calendar.json: days off a month, «*» shortened, «+» moved day off
    months = {
        1: "1,2,3,4,5,6,7,8,13,14,20,21,27,28", 2: "3,4,10,11,17,18,22*,23,24,25",
        3: "2,3,7*,8,9,10,16,17,23,24,30,31", 4: "6,7,13,14,20,21,28,29+,30+",
        5: "1,4,5,8*,9,10+,11,12,18,19,25,26", 6: "1,2,8,9,11*,12,15,16,22,23,29,30",
        7: "6,7,13,14,20,21,27,28", 8: "3,4,10,11,17,18,24,25,31",
        9: "1,7,8,14,15,21,22,28,29", 10: "5,6,12,13,19,20,26,27",
        11: "2*,3,4,9,10,16,17,23,24,30", 12: "1,7,8,14,15,21,22,29,30+,31+",
    }  # fmt: skip
    body = {"year": 2024, "months": [{"month": m, "days": d} for m, d in months.items()],
            "statistic": {"workdays": 248, "hours40": 1979}}  # fmt: skip
    path = write(tmp_path, "calendar.txt", json.dumps(body).encode())
    assert run(db_file, "import", "calendar", path, capsys=capsys)[0] == 0
    code, out, _ = run(db_file, "report", "calendar", "--year", "2024", "--json", capsys=capsys)
    assert (json.loads(out)["working_days"], json.loads(out)["working_hours"]) == (248, 1979)


def test_a_json_array_with_a_trailing_comma_is_refused_once_with_its_line_and_column(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "events.json", shapes.events_array_with_trailing_comma(40))
    code, out, err = run(db_file, "import", "connect-events", path, capsys=capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert problem_text("bad_json_file") in err
    assert T.DETAIL_JSON.format(line=42, column=1) in err
    log = connect(db_file).execute("SELECT kind, rejected, error FROM imports").fetchall()
    assert log == [("connect-events", 0, log[0][2])] and log[0][2].startswith("bad_json_file")


def test_a_utf16_csv_with_an_odd_byte_count_exits_2_with_a_reason(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "выгрузка.csv", shapes.utf16_odd())
    code, _, err = run(db_file, "import", "requests", path, capsys=capsys)
    assert code == 2
    assert problem_text("bad_encoding") in err and "Traceback" not in err


def import_in_own_process(
    tmp_path: Path, path: Path
) -> tuple[subprocess.CompletedProcess[str], str, str]:
    """`cli.py import requests FILE` in a fresh process: its result, its one-line message and its
    peak memory in KiB (VmHWM: this process's own; ru_maxrss may carry the forking parent's)."""
    db_file = tmp_path / "qc.sqlite"
    connect(db_file).close()
    probe = (
        "import sys, cli\n"
        "code = cli.main(sys.argv[1:])\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "print(status, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(db_file), "import", "requests", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    message, peak_kb = done.stderr.strip().splitlines()
    return done, message, peak_kb


def test_a_zip_bomb_is_refused_from_its_zip_directory_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(shapes.zip_bomb_xlsx(2**30))
    assert path.stat().st_size < 5 * 2**20
    done, message, peak_kb = import_in_own_process(tmp_path, path)
    assert done.returncode == 2
    assert problem_text("too_large_unpacked") in message
    assert "1024 МБ" in message
    assert int(peak_kb) < 300 * 1024, peak_kb  # KiB on Linux


def test_a_zip_whose_directory_lies_about_its_sizes_is_refused_as_too_large_in_bounded_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(shapes.lying_zip_bomb_xlsx(2**30, claimed=1000))  # 1 GB said to be 1 KB
    assert path.stat().st_size < 5 * 2**20
    done, message, peak_kb = import_in_own_process(tmp_path, path)
    assert done.returncode == 2
    assert problem_text("too_large_unpacked") in message
    assert T.DETAIL_UNPACKED_MORE.format(limit=500) in message
    assert int(peak_kb) < 300 * 1024, peak_kb  # KiB on Linux


def test_an_import_where_every_row_is_bad_exits_1_and_prints_its_json(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Номер;Создано"] + [f"{i};не дата" for i in range(30)]
    path = write(tmp_path, "плохо.csv", "\n".join(lines).encode("cp1251"))
    code, out, err = run(db_file, "import", "requests", path, "--json", capsys=capsys)
    assert code == 1
    summary = json.loads(out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (30, 0, 30)
    assert T.CLI_NOTHING_LANDED_REJECTS.format(rejected=30) in err
    log = connect(db_file).execute("SELECT rows, imported, rejected FROM imports").fetchall()
    assert log == [(30, 0, 30)]


def test_rejects_beyond_the_limit_are_counted_by_reason_and_values_cut_to_200(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = connect(db_file)
    put_setting(db, "import_rejects_kept", 10)
    db.conn.commit()
    long_text = "Очень длинный\nмногострочный текст заявки " * 20
    lines = ["Номер;Создано;Комментарий"] + [f'{i};;"{long_text}"' for i in range(25)]
    lines += [f"x{i};не дата;" for i in range(5)] + ["ok;01.03.2024 10:00;"]
    path = write(tmp_path, "много.csv", "\n".join(lines).encode())
    code, out, _ = run(db_file, "import", "requests", path, "--json", capsys=capsys)
    assert code == 0
    summary = json.loads(out)
    assert summary["rejected"] == 30 and len(summary["rejects"]) == 10
    assert summary["rejects_by_reason"] == {"missing_value": 25, "bad_date": 5}
    value = summary["rejects"][0]["values"]["Комментарий"]
    assert len(value) == 201 and value.endswith(T.CLI_VALUE_CUT)
    assert db.execute("SELECT COUNT(*) FROM import_rejects").fetchone()[0] == 10
    code, out, _ = run(db_file, "import", "requests", path, capsys=capsys)
    reject_lines = [line for line in out.splitlines() if line.startswith("  строка")]
    assert reject_lines and all("\n" not in line and len(line) < 400 for line in reject_lines)


def test_more_rows_than_the_setting_allows_are_refused(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = connect(db_file)
    put_setting(db, "import_max_rows", 100)
    db.conn.commit()
    lines = ["Номер;Создано"] + [f"{i};01.03.2024 10:00" for i in range(150)]
    path = write(tmp_path, "большой.csv", "\n".join(lines).encode())
    code, _, err = run(db_file, "import", "requests", path, capsys=capsys)
    assert code == 2 and problem_text("too_many_rows") in err


def test_a_calendar_import_by_a_manager_is_refused_and_a_failed_import_is_logged(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from db.users import add_user

    add_user(connect(db_file), SYSTEM, "anna", "Анна", "manager", None)
    path = CALENDARS / "xmlcalendar_ru_2025.xml"
    code, _, err = run(db_file, "import", "calendar", str(path), "--as", "anna", capsys=capsys)
    assert code == 1 and "Отказано" in err
    broken = write(tmp_path, "calendar.xml", b'<?xml version="1.0"?><calendar year="2027"><days>')
    code, _, err = run(db_file, "import", "calendar", broken, capsys=capsys)
    assert code == 2 and problem_text("unreadable") in err
    error = connect(db_file).execute("SELECT error FROM imports").fetchone()[0]
    assert error.startswith("unreadable")


def test_report_queue_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    db_file = tmp_path / "qc.sqlite"
    subprocess.run(
        [sys.executable, "cli.py", "--db", str(db_file), "demo"], cwd=ROOT, check=True,
        capture_output=True,
    )  # fmt: skip
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head` that has already gone
    done = subprocess.run(
        [sys.executable, "cli.py", "--db", str(db_file), "report", "queue"], cwd=ROOT,
        stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
    )  # fmt: skip
    os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 0


def test_request_stats_in_working_minutes_use_the_loaded_calendar(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # created Friday 1 March 2024 17:30, assigned 17:40, closed Monday 4 March 09:20: 2 h 50 min
    # of wall clock past an hour and a day, but 30 working minutes (17:40–18:00, 09:00–09:20)
    lines = [
        "Номер;Создано;Назначен ответственный;Закрыто",
        "W-1;01.03.2024 17:30;01.03.2024 17:40;04.03.2024 09:20",
    ]
    path = write(tmp_path, "w.csv", "\n".join(lines).encode())
    assert run(db_file, "import", "requests", path, capsys=capsys)[0] == 0
    period = ("--from", "2024-03-01", "--to", "2024-04-01", "--json")
    _, wall, _ = run(db_file, "report", "request-stats", *period, capsys=capsys)
    _, work, _ = run(
        db_file, "report", "request-stats", *period, "--working-minutes", capsys=capsys
    )
    assert [c["resolution"] for c in json.loads(wall)["cells"]] == ["24h+"]
    assert [c["resolution"] for c in json.loads(work)["cells"]] == ["<1h"]
    assert [c["wait"] for c in json.loads(work)["cells"]] == ["5-60m"]  # 17:30–17:40


def test_rejects_the_cli_prints_mask_e_mail_addresses_and_phones_but_the_log_keeps_them_whole(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        "Номер;Создано;Клиент;Комментарий",
        "1;01.03.2024 10:00;ООО «Ромашка»;всё хорошо",
        "2;не дата;ivanov@example.ru;перезвонить +7 (912) 345-67-89 или petrov@mail.example.com",
    ]
    path = write(tmp_path, "обращения.csv", "\n".join(lines).encode("cp1251"))
    code, out, _ = run(db_file, "import", "requests", path, capsys=capsys)
    assert code == 0
    assert "iv***@example.ru" in out and "pe***@mail.example.com" in out
    assert "+7 (***) ***-**-89" in out
    assert "ivanov@" not in out and "petrov@" not in out and "345-67" not in out

    path = write(tmp_path, "обращения-2.csv", "\n".join([*lines, "3;;x;y"]).encode("cp1251"))
    code, out, _ = run(db_file, "import", "requests", path, "--json", capsys=capsys)
    printed = json.dumps(json.loads(out)["rejects"], ensure_ascii=False)
    assert "iv***@example.ru" in printed and "ivanov@" not in printed and "345-67" not in printed

    stored = connect(db_file).execute('SELECT "values" FROM import_rejects').fetchall()
    whole = [v for (v,) in stored if "ivanov@example.ru" in v]
    assert len(whole) == 2 and all("+7 (912) 345-67-89" in v for v in whole)


@pytest.mark.parametrize("lies", [False, True], ids=["honest directory", "lying directory"])
def test_a_calendar_workbook_that_unpacks_past_the_limit_is_refused_like_any_other(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lies: bool
) -> None:
    db = connect(db_file)
    put_setting(db, "import_max_unpacked_mb", 10)
    db.conn.commit()
    db.close()
    size = 64 * 2**20
    bomb = shapes.lying_zip_bomb_xlsx(size, claimed=1000) if lies else shapes.zip_bomb_xlsx(size)
    path = write(tmp_path, "календарь.xlsx", bomb)
    code, out, err = run(db_file, "import", "calendar", path, capsys=capsys)
    assert code == 2, (out, err)
    assert problem_text("too_large_unpacked") in err
    assert "Traceback" not in err


def test_a_broken_workbook_and_a_broken_xml_calendar_are_refused_in_russian_only(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import re
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip with no workbook in it
        archive.writestr("[Content_Types].xml", "<Types/>")
    path = write(tmp_path, "битая.xlsx", buffer.getvalue())
    code, _, err = run(db_file, "import", "requests", path, capsys=capsys)
    assert code == 2
    assert problem_text("unreadable") in err
    assert not re.search(r"[A-Za-z]{4,}", err.replace(path, "")), err  # calamine's English left out

    path = write(
        tmp_path, "календарь.xml", b'<?xml version="1.0"?>\n<calendar year="2027">\n<days>'
    )
    code, _, err = run(db_file, "import", "calendar", path, capsys=capsys)
    assert code == 2
    assert T.DETAIL_XML.split("{")[0] in err, err
