"""«Чек-листы»: the built-in and own checklists — groups, criteria, severity, weight and the
verdict rule's thresholds; editing one that evaluations use publishes a new version."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.roles import Action, PermissionDenied, can
from core.shopper import ERROR, SEVERITIES, Criterion, Rule, Template
from db.shopper import ShopperError, list_templates, load_template, save_template
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db
from ui.texts import shopper as T
from ui.widgets import edit_table, plain, table_with_download

PREFIX = "shopper_templates"
NEW = "__new__"

actor = guard("shopper_templates")
db = get_db()
st.title(T.TEMPLATES_TITLE)
st.caption(T.TEMPLATES_NOTE)
may_edit = can(actor.role, Action.EDIT_EVALUATIONS)

templates = list_templates(db)
families = [t["family"] for t in templates] + ([NEW] if may_edit else [])
family = st.selectbox(
    T.TEMPLATES_PICK,
    families,
    format_func=lambda f: T.TEMPLATES_NEW if f == NEW else next(
        f"{t['name']} (v{t['version']})" for t in templates if t["family"] == f),
    key=f"{PREFIX}_pick",
)  # fmt: skip
if family == NEW:
    template = Template("", "", (Criterion("C1", "", ERROR),))
else:
    template = load_template(db, next(t["id"] for t in templates if t["family"] == family))

columns = [T.COL_CODE, T.COL_CRITERION, T.COL_GROUP, T.COL_SEVERITY, T.COL_WEIGHT]
frame = pd.DataFrame(
    [{T.COL_CODE: c.code, T.COL_CRITERION: c.name, T.COL_GROUP: c.group,
      T.COL_SEVERITY: T.SEVERITIES[c.severity], T.COL_WEIGHT: c.weight} for c in template.criteria],
    columns=columns,
)  # fmt: skip
if not may_edit:
    table_with_download(frame, "checklist.xlsx", f"{PREFIX}_view")
    st.stop()

name = st.text_input(T.TEMPLATES_NAME, value=template.name, key=f"{PREFIX}_name_{family}")
left, right = st.columns(2)
fail_gross = left.number_input(T.TEMPLATES_FAIL_GROSS, min_value=1, max_value=50,
                               value=template.rule.fail_gross, key=f"{PREFIX}_gross_{family}")  # fmt: skip
fail_errors = right.number_input(T.TEMPLATES_FAIL_ERRORS, min_value=1, max_value=50,
                                 value=template.rule.fail_errors, key=f"{PREFIX}_errors_{family}")  # fmt: skip
edited = edit_table(
    frame,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        T.COL_SEVERITY: st.column_config.SelectboxColumn(
            options=[T.SEVERITIES[s] for s in SEVERITIES], required=True
        ),
        T.COL_WEIGHT: st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.5),
    },
    key=f"{PREFIX}_editor_{family}",
)
table_with_download(edited, "checklist.xlsx", f"{PREFIX}_export")
if st.button(T.TEMPLATES_SAVE, type="primary", key=f"{PREFIX}_save"):
    by_word = {word: code for code, word in T.SEVERITIES.items()}
    criteria = tuple(
        Criterion(str(row[T.COL_CODE] or "").strip(), str(row[T.COL_CRITERION] or "").strip(),
                  by_word.get(str(row[T.COL_SEVERITY]), ERROR),
                  str(row[T.COL_GROUP] or "").strip(),
                  float(row[T.COL_WEIGHT]) if pd.notna(row[T.COL_WEIGHT]) else 1.0)
        for row in edited.to_dict("records") if str(row[T.COL_CODE] or "").strip()
    )  # fmt: skip
    new = Template(template.key, name.strip() or template.name, criteria,
                   Rule(int(fail_gross), int(fail_errors)))  # fmt: skip
    try:
        saved_id = save_template(db, actor, None if family == NEW else family, new)
    except ShopperError as exc:
        st.error(T.ERRORS.get(exc.code, exc.code))
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
    else:
        after_write()
        saved = load_template(db, saved_id)
        st.success(T.TEMPLATES_SAVED.format(name=plain(saved.name), version=plain(saved.version)))

st.subheader(T.TEMPLATES_VERSIONS)
table_with_download(
    pd.DataFrame(
        [{T.COL_NAME: t["name"], T.COL_VERSION: t["version"],
          T.COL_CURRENT: texts.YES if t["current"] else "", T.COL_USED: t["used"]}
         for t in list_templates(db, all_versions=True)],
        columns=[T.COL_NAME, T.COL_VERSION, T.COL_CURRENT, T.COL_USED],
    ),
    "checklist_versions.xlsx",
    f"{PREFIX}_versions",
)  # fmt: skip
