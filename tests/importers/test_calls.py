"""Asterisk's Master.csv and a virtual PBX export into calls (issue 11, item 5)."""

from __future__ import annotations

from datetime import datetime

from core.calls import IN, OUT, is_listening_candidate, is_telephony_suspect
from importers.calls import read_calls, recording_source
from tests.cdr_data import master_csv


def test_ring_group_legs_are_one_call_and_answered_and_missed_match_the_truth():
    data, truth = master_csv(300)
    result = read_calls(data, "Master.csv")

    assert result.problems == []
    assert result.rows == truth["legs"]
    assert len(result.records) == truth["calls"] < truth["legs"]
    assert sum(c.answered for c in result.records) == truth["answered"]
    assert sum(c.direction == IN and not c.answered for c in result.records) == truth["missed"]


def test_a_cp1251_caller_name_does_not_break_the_file():
    data, _ = master_csv(50)
    assert b"\xc8\xe2\xe0\xed\xee\xe2" in data  # «Иванов» in cp1251: not UTF-8
    result = read_calls(data, "Master.csv")
    assert result.problems == [] and len(result.records) == 50


def test_the_answering_leg_names_the_extension_and_the_seconds_to_pick_up():
    line = (
        '"","79161234567","600","from-trunk","""Клиент"" <79161234567>","SIP/trunk-1",'
        '"SIP/{ext}-2","Dial","SIP/{ext}","2026-11-02 10:00:00","{answer}","2026-11-02 10:02:00",'
        '120,{billsec},"{disp}","DOCUMENTATION","1.{n}","","","1.0",{n}\n'
    )
    data = (
        line.format(ext="101", answer="", billsec=0, disp="NO ANSWER", n=1)
        + line.format(ext="102", answer="2026-11-02 10:00:12", billsec=95, disp="ANSWERED", n=2)
    ).encode()
    [call] = read_calls(data, "Master.csv").records
    assert (call.direction, call.answered, call.extension, call.pickup_s, call.talk_s) == (
        IN, True, "102", 12, 95,
    )  # fmt: skip
    assert call.rung == ("101", "102") and call.legs == 2
    assert call.started == datetime(2026, 11, 2, 10, 0)


def test_talk_length_marks_listening_candidates_and_telephony_suspects():
    assert is_listening_candidate(60) and not is_listening_candidate(59)
    assert is_telephony_suspect(20) and is_telephony_suspect(40) and not is_telephony_suspect(41)


def test_a_virtual_pbx_export_with_russian_headers_reads_one_row_a_call():
    text = (
        "Время старта;Тип;Откуда;Куда;Кто ответил;Длительность звонка;Длительность разговора;"
        "Время ответа;Результат вызова;Внутренний номер;ID записи\n"
        "02.11.2026 10:00:00;Входящий;79161234567;74951112233;101;00:01:30;75;15;Отвечен;101;r1\n"
        "02.11.2026 10:05:00;Входящий;79160000000;74951112233;;00:00:30;0;;Пропущен;;r2\n"
        "02.11.2026 10:07:00;Исходящий;102;79169999999;;00:02:10;120;10;Отвечен;102;r3\n"
    )
    result = read_calls(text.encode("cp1251"), "vpbx.csv")
    calls = {c.key: c for c in result.records}
    assert set(calls) == {"vpbx:r1", "vpbx:r2", "vpbx:r3"}
    assert (calls["vpbx:r1"].answered, calls["vpbx:r1"].extension, calls["vpbx:r1"].pickup_s) == (
        True, "101", 15,
    )  # fmt: skip
    assert calls["vpbx:r2"].direction == IN and not calls["vpbx:r2"].answered
    assert calls["vpbx:r3"].direction == OUT and calls["vpbx:r3"].extension == "102"


def test_the_recording_is_a_url_or_a_file_of_the_recordings_folder(tmp_path):
    assert recording_source("https://pbx.local/rec/1.mp3", "", "") == (
        "https://pbx.local/rec/1.mp3", "audio/mpeg",
    )  # fmt: skip
    (tmp_path / "1762070400.5-in.mp3").write_bytes(b"ID3fake")
    assert recording_source("", "asterisk:1762070400.5", str(tmp_path)) == (
        b"ID3fake",
        "audio/mpeg",
    )
    assert recording_source("", "nothing", str(tmp_path)) is None
