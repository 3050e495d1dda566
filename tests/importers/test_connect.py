"""Reading 1C-Connect webhook events and open-request lists generated at test time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.imports import BAD_DATE, BAD_JSON, DUPLICATE_IN_FILE, MISSING_VALUE
from importers.connect import read_connect_events, read_connect_open
from importers.tabular import TableError

EVENTS = [
    {"message_id": "m1", "message_type": 80, "treatment_id": "t-1", "user_id": "u-1",
     "line_id": "l-1", "author_id": "u-1", "message_time": "2024-03-01T09:00:00.123456789Z"},
    {"message_id": "m2", "message_type": 84, "treatment_id": "t-1", "user_id": "u-1",
     "specialist_id": "s-1", "message_time": "2024-03-01T09:02:00Z"},
    {"message_id": "m3", "message_type": 600, "treatment_id": "t-1",
     "message_time": "2024-03-01T09:02:30Z"},
]  # fmt: skip


def json_lines(objects: list) -> bytes:
    return "\n".join(json.dumps(o, ensure_ascii=False) for o in objects).encode()


def test_json_lines_an_array_and_a_single_object_are_all_read():
    lines = read_connect_events(json_lines(EVENTS))
    array = read_connect_events(json.dumps(EVENTS).encode())
    single = read_connect_events(json.dumps(EVENTS[0]).encode())
    assert [e.key for e in lines.records] == [e.key for e in array.records]
    assert len(lines.records) == 3 and lines.problems == []
    assert [e.message_type for e in single.records] == [80]


def test_event_times_keep_nanosecond_input_as_utc():
    first = read_connect_events(json_lines(EVENTS)).records[0]
    assert first.at == datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)


def test_unknown_types_are_kept_and_malformed_lines_become_problems():
    data = (
        json_lines(EVENTS[:1])
        + b"\n{not json\n"
        + json_lines([{"message_type": 1, "message_time": "2024-03-01T09:00:00Z"}, EVENTS[2]])
    )
    result = read_connect_events(data)
    assert [e.message_type for e in result.records] == [80, 600]
    assert not result.records[1].known
    assert [(p.row, p.reason) for p in result.problems] == [(2, BAD_JSON), (3, MISSING_VALUE)]
    assert result.problems[1].column == "treatment_id"
    assert result.rows == 4


def test_an_event_with_an_unreadable_time_is_a_problem_with_its_raw_values():
    bad = {"message_type": 80, "treatment_id": "t-9", "message_time": "01.03.2024 нет"}
    result = read_connect_events(json_lines([bad]))
    (problem,) = result.problems
    assert (problem.reason, problem.values) == (BAD_DATE, bad)


def test_bytes_that_are_not_text_are_unreadable():
    with pytest.raises(TableError):
        read_connect_events(b"\xff\xfe\x00\x81")


SOAP = """<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>
<m:GetOpenedServiceTreatmentsResponse xmlns:m="http://buhphone.com/PartnerWebAPI2">
<m:return xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<Property xmlns="http://v8.1c.ru/8.1/data/core" name="ResultCode">
<Value xsi:type="xs:string">{code}</Value></Property>
<Property xmlns="http://v8.1c.ru/8.1/data/core" name="ResultData">
<Value xsi:type="ValueTable">
<column><Name>ServiceTreatmentID</Name><ValueType/></column>
<column><Name>Initialized</Name><ValueType/></column>
<column><Name>SpecAppointed</Name><ValueType/></column>
<column><Name>CurrentSpecialist</Name><ValueType/></column>
{rows}
</Value></Property></m:return></m:GetOpenedServiceTreatmentsResponse></soap:Body></soap:Envelope>"""


def soap_row(treatment: str, initialized: str, appointed: str, specialist: str) -> str:
    return (
        f'<row><Value xsi:type="xs:string">{treatment}</Value>'
        f'<Value xsi:type="xs:dateTime">{initialized}</Value>'
        f'<Value xsi:type="xs:dateTime">{appointed}</Value>'
        f'<Value xsi:type="xs:string">{specialist}</Value></row>'
    )


def test_a_soap_table_is_read_with_1c_empty_values_as_missing():
    rows = soap_row("a", "2024-02-26T09:07:42", "0001-01-01T00:00:00",
                    "00000000-0000-0000-0000-000000000000")  # fmt: skip
    result = read_connect_open(SOAP.format(code="SUCCESS", rows=rows).encode(), "Europe/Moscow")
    (record,) = result.records
    assert record.created_at == datetime(2024, 2, 26, 6, 7, 42, tzinfo=UTC)
    assert (record.assigned_at, record.specialist, record.status) == (None, "", "open")


def test_soap_rows_without_an_id_or_repeated_are_problems():
    rows = (
        soap_row("", "2024-02-26T09:07:42", "", "")
        + soap_row("a", "2024-02-26T09:07:42", "", "") * 2
    )
    result = read_connect_open(SOAP.format(code="SUCCESS", rows=rows).encode())
    assert len(result.records) == 1
    assert [(p.row, p.reason) for p in result.problems] == [
        (1, MISSING_VALUE),
        (3, DUPLICATE_IN_FILE),
    ]


def test_a_soap_error_answer_is_unreadable():
    with pytest.raises(TableError) as refused:
        read_connect_open(SOAP.format(code="AUTH_ERROR", rows="").encode())
    assert "AUTH_ERROR" in str(refused.value)


def test_rest_json_is_told_from_xml_by_content():
    data = json.dumps(
        {"items": [{"treatment_id": "r-1", "user_id": "u", "line_id": "l",
                    "initialized_at": "2024-02-21T03:20:26.760787Z", "current_specialist": None}]}
    ).encode()  # fmt: skip
    (record,) = read_connect_open(data).records
    assert (record.id, record.client, record.line, record.specialist) == ("r-1", "u", "l", "")
    with pytest.raises(TableError):
        read_connect_open(b"treatment_id;user_id\n1;2")
