"""Calls from numbers not yet among the clients (seed 000: «посчитайте звонки от новых
клиентов»): each inbound caller, in any spelling, against every phone known for a client."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from cli import main
from core.calls import IN, OUT, Call, phone_key, phone_keys
from db.calls import calls_report, insert_calls

CALLERS = [
    "+79161234567",  # client_details: «8 (916) 123-45-67»
    "89161234567",  # the same client in the 8… spelling
    "9161234567",  # and with no prefix at all
    "84951112233",  # client_contacts, first of two numbers in one field
    "79030000001",  # client_contacts, second number, with an extension
    "88125556677",  # the monitor's directory: «7(812)5556677»
    "+79999999999",  # a directory specialist, not a client: new
    "84957770000",  # nobody's: new
    "+7 495 777-00-00",  # the same nobody, spelt differently: new again (calls, not numbers)
    "",  # no caller id: not counted either way
]


def seed_clients(db) -> None:
    """Three clients whose phones sit in the CRM details, contacts and the monitor's directory."""
    with db.conn:
        db.execute("INSERT INTO clients (id, name) VALUES (1, 'А'), (2, 'Б'), (3, 'В')")
        db.execute(
            "INSERT INTO client_details (client_id, phone, updated_at) "
            "VALUES (1, '8 (916) 123-45-67', '2026-11-01T00:00:00Z')"
        )
        db.execute(
            "INSERT INTO client_contacts (client_id, name, phone) "
            "VALUES (2, 'Ирина', '+7 495 111-22-33, 8-903-000-00-01 доб. 12')"
        )
        db.execute(
            "INSERT INTO connect_directory (kind, guid, name, phone, updated_at) VALUES "
            "('client', 'g3', 'В', '7(812)5556677', '2026-11-01T00:00:00Z'), "
            "('specialist', 'g4', 'Оператор', '+7 999 999 99 99', '2026-11-01T00:00:00Z')"
        )


def seed_calls(db) -> None:
    """The inbound calls above and one outbound call to a new number (never counted)."""
    start = datetime(2026, 11, 2, 9, 0)
    calls = [
        Call(key=f"in-{n}", started=start + timedelta(minutes=n), direction=IN, caller=caller,
             callee="101", answered=n % 2 == 0, talk_s=30 if n % 2 == 0 else 0)
        for n, caller in enumerate(CALLERS)
    ]  # fmt: skip
    calls.append(Call(key="out-1", started=start + timedelta(hours=1), direction=OUT,
                      caller="101", callee="84957771111", answered=True, talk_s=90))  # fmt: skip
    with db.conn:
        insert_calls(db, calls, "Europe/Moscow")


def test_every_russian_spelling_of_a_number_is_the_same_ten_digits():
    assert {phone_key(n) for n in ("+7 916 123-45-67", "89161234567", "79161234567")} == {
        "9161234567"
    }
    assert phone_keys("+7 495 111-22-33, 8-903-000-00-01 доб. 12") == {"4951112233", "9030000001"}
    assert phone_keys("") == set()


def test_calls_from_numbers_that_are_no_clients_phone_are_counted_in_any_spelling(db):
    seed_clients(db)
    seed_calls(db)

    report = calls_report(db)

    assert report["calls"] == len(CALLERS) + 1
    assert report["new_numbers"] == 3


def test_report_calls_json_prints_the_count_beside_the_design_keys(db, db_file, capsys):
    seed_clients(db)
    seed_calls(db)

    assert main(["--db", str(db_file), "report", "calls", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)

    assert {"calls", "answered", "missed", "by_manager"} <= set(report)
    assert report["new_numbers"] == 3


def test_with_no_client_phones_every_inbound_call_with_a_caller_id_is_new(db):
    seed_calls(db)
    assert calls_report(db)["new_numbers"] == len(CALLERS) - 1
