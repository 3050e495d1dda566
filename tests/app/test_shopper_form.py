"""«Оценка звонка»: QC sees the verdict change while marking, saves, and hears the recording."""

from __future__ import annotations

import streamlit as st

from ui.texts import shopper as T

PAGE = "app_pages/shopper_form.py"


def verdict(at) -> str:
    return next(m.value for m in at.metric if m.label == T.FORM_VERDICT.format(verdict=""))


def test_qc_sees_the_verdict_follow_the_marks_and_saves_the_evaluation(open_app, actor_of, demo_db):
    at = open_app(actor_of("qc"), PAGE)
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="shopper_form_campaign").select("Тайный покупатель ЦС").run()
    assert verdict(at) == T.VERDICTS["pass"]

    at.radio(key="shopper_form_mark_E1").set_value("missed").run()
    assert verdict(at) == T.VERDICTS["pass_with_improvements"]
    assert T.FORM_COUNTS.format(gross=0, errors=1, na=0) in [m.value for m in at.markdown]
    at.radio(key="shopper_form_mark_E9").set_value("missed").run()
    at.radio(key="shopper_form_mark_G4").set_value("na").run()
    assert verdict(at) == T.VERDICTS["pass_with_improvements"]
    at.radio(key="shopper_form_mark_G6").set_value("missed").run()
    assert verdict(at) == T.VERDICTS["fail"]
    assert T.FORM_COUNTS.format(gross=1, errors=2, na=1) in [m.value for m in at.markdown]

    at.text_input(key="shopper_form_comment_G6").input("Не взял телефон клиента").run()
    at.text_input(key="shopper_form_org").input("Камин").run()
    at.text_input(key="shopper_form_city").input("Калуга").run()
    at.text_input(key="shopper_form_manager").input("Орлова Мария").run()
    before = demo_db.execute("SELECT COUNT(*) FROM evaluations").fetchone()[0]
    at.button(key="shopper_form_save").click().run()

    assert not at.exception
    saved = demo_db.execute(
        "SELECT e.verdict, e.gross, e.errors, m.comment FROM evaluations e JOIN evaluation_marks m "
        "ON m.evaluation_id = e.id AND m.code = 'G6' ORDER BY e.id DESC LIMIT 1"
    ).fetchone()
    assert demo_db.execute("SELECT COUNT(*) FROM evaluations").fetchone()[0] == before + 1
    assert tuple(saved) == ("fail", 1, 2, "Не взял телефон клиента")
    assert any(T.VERDICTS["fail"] in s.value for s in at.success)


def test_the_recording_plays_in_the_form_from_its_url_or_the_recordings_folder(
    open_app, actor_of, demo_db, tmp_path
):
    at = open_app(actor_of("qc"), PAGE)
    assert not at.get("audio")
    at.text_input(key="shopper_form_recording").input("https://pbx.example/rec/42.mp3").run()
    [audio] = at.get("audio")
    assert audio.proto.url == "https://pbx.example/rec/42.mp3"

    from db.settings import put_setting

    (tmp_path / "call-77.mp3").write_bytes(b"ID3" + bytes(64))
    put_setting(demo_db, "recordings_folder", str(tmp_path))
    demo_db.conn.commit()
    st.cache_data.clear()  # settings are cached for 30 s
    at = open_app(actor_of("qc"), PAGE)
    at.text_input(key="shopper_form_call_ref").input("call-77").run()
    [audio] = at.get("audio")
    assert "/media/" in audio.proto.url and audio.proto.url.endswith(".mp3")


def test_qc_corrects_a_mark_of_a_saved_evaluation_and_the_edit_is_audited(
    open_app, actor_of, demo_db
):
    at = open_app(actor_of("qc"), PAGE)
    target = at.selectbox(key="shopper_form_edit_pick").value
    (mark,) = demo_db.execute(
        "SELECT mark FROM evaluation_marks WHERE evaluation_id = ? AND code = 'K1'", [target]
    ).fetchone()
    flipped = "missed" if mark != "missed" else "done"
    at.radio(key=f"shopper_form_edit_{target}_K1").set_value(flipped).run()
    at.button(key="shopper_form_edit_save").click().run()
    assert not at.exception
    assert (
        demo_db.execute(
            "SELECT mark FROM evaluation_marks WHERE evaluation_id = ? AND code = 'K1'", [target]
        ).fetchone()[0]
        == flipped
    )
    assert (
        demo_db.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation.edit' AND target = ?",
            [str(target)],
        ).fetchone()[0]
        == 1
    )
