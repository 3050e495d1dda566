"""The 1C-Connect directory (issue 14, item 2): GUID -> names from a CSV/xlsx and from the REST
lists that `sync connect` pulls (a real HTTP server on loopback)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from openpyxl import Workbook

import cli
from db.connection import connect
from db.directory import client_card, directory_names
from db.settings import put_setting

REST_FILE = (
    Path(__file__).resolve().parents[1].parent
    / "shared/realdata/1c_connect/v1_line_treatment_response.json"
)
LINE = "b55cd510-35dc-11e4-93f8-e839352bba69"
SPEC = "af4d8d46-50ca-4efb-aa53-7b0f8ac802e6"
CLIENT = "47a6720d-c4da-11e5-80e0-0025904f970e"


def run(db_file: Path, *argv: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db_file), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_csv_directory_names_lines_specialists_and_clients_with_inn(
    db_file: Path, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "spravochnik.csv"
    path.write_text(
        "Справочник 1С-Коннект\n"
        "Тип;GUID;Наименование;ИНН;Телефон;Контактное лицо\n"
        f"Линия;{LINE};Линия консультаций;;;\n"
        f"Специалист;{SPEC};Иванова Мария;;;\n"
        f"Клиент;{CLIENT};ООО «Ромашка»;7707083893;+7 495 123-45-67;Петров Пётр\n"
        "Клиент;c-2;ООО «Плохой ИНН»;1234567890;;\n"
        "Склад;x-1;Неизвестно что;;;\n",
        encoding="cp1251",
    )
    code, out, err = run(db_file, "import", "directory", str(path), "--json", capsys=capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (5, 3, 2)
    assert sorted(r["reason"] for r in summary["rejects"]) == ["bad_inn", "unknown_kind"]
    db = connect(db_file)
    names = directory_names(db)
    assert names["line"][LINE] == "Линия консультаций"
    assert names["specialist"][SPEC] == "Иванова Мария"
    assert client_card(db, CLIENT) == {"name": "ООО «Ромашка»", "inn": "7707083893",
                                       "phone": "+7 495 123-45-67", "contact": "Петров Пётр"}  # fmt: skip
    again = json.loads(run(db_file, "import", "directory", str(path), "--json", capsys=capsys)[1])
    assert (again["imported"], again["duplicates"]) == (0, 3)


def test_an_xlsx_of_one_kind_needs_no_type_column(db_file: Path, tmp_path: Path, capsys) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["ФИО", "GUID"])
    sheet.append(["Иванова Мария", SPEC])
    path = tmp_path / "specialisty.xlsx"
    book.save(path)
    code, out, err = run(db_file, "import", "directory", str(path), "--kind", "specialist",
                         "--json", capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert directory_names(connect(db_file))["specialist"] == {SPEC: "Иванова Мария"}


class FakeRest(BaseHTTPRequestHandler):
    """1C-Connect REST stand-in at the paths and in the shapes of the real API, as a public
    client calls it and its recorded answers show (Suban05/1c-connect-api-ruby, the source of
    shared/realdata/1c_connect): open requests and the three lists, Basic auth required. The
    people here are made up."""

    lists = {
        "/v1/line": [{"line_id": LINE, "name": "Линия консультаций", "allow_bot": False}],
        "/v1/line/specialists": [
            {"user_id": SPEC, "name": "Мария", "surname": "Иванова", "patronymic": "Петровна",
             "avatar_url": "", "post": "Консультант", "phone": "+7 900 000-00-01",
             "email": "spec@example.org"}
        ],
        "/v1/line/subscribers": [
            {"user_id": CLIENT, "name": "Пётр", "surname": "Петров", "patronymic": "",
             "avatar_url": "", "post": "Главный бухгалтер", "phone": "+7 495 123-45-67",
             "email": "client@example.org"}
        ],
    }  # fmt: skip
    prefix = ""
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.removeprefix(self.prefix)
        self.seen.append(self.path)
        if not (self.headers.get("Authorization") or "").startswith("Basic "):
            body, status = b"unauthorized", 401
        elif path == "/v1/line/treatment/":
            body, status = REST_FILE.read_bytes(), 200
        elif path in self.lists:
            body, status = json.dumps(self.lists[path]).encode(), 200
        else:
            body, status = b"not found", 404
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def rest() -> Iterator[str]:
    FakeRest.seen, FakeRest.prefix = [], ""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_sync_connect_pulls_the_names_beside_the_open_requests(
    db_file: Path, rest: str, capsys
) -> None:
    db = connect(db_file)
    put_setting(db, "connect_url", rest + "/v1/line/treatment/")
    put_setting(db, "connect_token", "partner:s3cret")
    code, _, err = run(db_file, "sync", "connect", "--once", capsys=capsys)
    assert code == 0, err
    assert set(FakeRest.seen) >= {"/v1/line", "/v1/line/specialists", "/v1/line/subscribers"}
    names = directory_names(db)
    assert names["line"] == {LINE: "Линия консультаций"}
    assert names["specialist"] == {SPEC: "Иванова Мария Петровна"}
    card = client_card(db, CLIENT)
    assert (card["name"], card["phone"], card["inn"]) == ("Петров Пётр", "+7 495 123-45-67", "")


def test_the_directory_lists_are_read_where_the_settings_say(
    db_file: Path, rest: str, capsys
) -> None:
    """Behind a proxy the API sits under a prefix; a whole address also works (with SOAP)."""
    FakeRest.prefix = "/connect"
    db = connect(db_file)
    put_setting(db, "connect_url", rest + "/connect/v1/line/treatment/")
    put_setting(db, "connect_token", "partner:s3cret")
    put_setting(db, "connect_specialists_path", rest + "/connect/v1/line/specialists")
    code, _, err = run(db_file, "sync", "connect", "--once", capsys=capsys)
    assert code == 0, err
    assert set(FakeRest.seen) >= {"/connect/v1/line", "/connect/v1/line/specialists",
                                  "/connect/v1/line/subscribers"}  # fmt: skip
    assert directory_names(db)["specialist"] == {SPEC: "Иванова Мария Петровна"}
