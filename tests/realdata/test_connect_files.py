"""1C-Connect API responses recorded by others: the SOAP open-request table and the REST list."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from core.requests import to_row
from importers.connect import read_connect_open

TZ = "Europe/Moscow"


def test_the_soap_response_gives_67_open_requests_with_moscow_times(realdata):
    result = read_connect_open(
        (realdata / "1c_connect" / "GetOpenedServiceTreatmentsResponse.xml").read_bytes(), TZ
    )
    assert result.rows == 67
    assert result.problems == []
    assert len(result.records) == 67
    assert {r.status for r in result.records} == {"open"}
    assert {r.source for r in result.records} == {"connect"}
    first = result.records[0]
    assert first.id == "69b16f8c-7e19-419c-bd41-add0191fc8be"
    assert first.client == "7d02ef31-5af2-4326-82ac-51a8132526b3"
    assert first.line == "b55cd510-35dc-11e4-93f8-e839352bba69"
    assert first.specialist == "c9afc860-b145-42b4-a62b-3ff075698e5a"
    # naive 09:07:42 local (Moscow, UTC+3) is 06:07:42 UTC
    assert first.created_at == datetime(2024, 2, 26, 6, 7, 42, tzinfo=UTC)
    assert first.assigned_at == datetime(2024, 2, 26, 6, 7, 45, tzinfo=UTC)
    assert first.first_reply_at == datetime(2024, 2, 26, 6, 8, 40, tzinfo=UTC)
    row = to_row(first, TZ)
    assert (row["created_at"], row["wait_s"], row["reaction_s"]) == (
        "2024-02-26 06:07:42",
        3.0,
        55.0,
    )


def test_the_soap_empty_dates_and_empty_specialist_read_as_not_yet(realdata):
    records = read_connect_open(
        (realdata / "1c_connect" / "GetOpenedServiceTreatmentsResponse.xml").read_bytes(), TZ
    ).records
    by_id = {r.id: r for r in records}
    waiting = by_id["408e2eca-2f4b-41d4-b975-a96226f036ee"]  # 0001-01-01 and the empty GUID
    assert (waiting.assigned_at, waiting.first_reply_at, waiting.specialist) == (None, None, "")
    assert sum(1 for r in records if r.assigned_at is None) == 1
    assert sum(1 for r in records if r.first_reply_at is None) == 4
    assert sum(1 for r in records if not r.specialist) == 2


def test_the_rest_list_gives_every_treatment_of_the_file(realdata):
    path = realdata / "1c_connect" / "v1_line_treatment_response.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    result = read_connect_open(path.read_bytes(), TZ)
    assert result.problems == []
    assert len(result.records) == len(expected) == 131
    assert [r.id for r in result.records] == [t["treatment_id"] for t in expected]
    first = result.records[0]
    assert first.created_at == datetime(2024, 2, 21, 3, 20, 26, 760787, tzinfo=UTC)
    assert (first.client, first.specialist) == (
        "47a6720d-c4da-11e5-80e0-0025904f970e",
        "af4d8d46-50ca-4efb-aa53-7b0f8ac802e6",
    )
    unassigned = [r for r in result.records if not r.specialist]
    assert len(unassigned) == sum(1 for t in expected if not t["current_specialist"])
