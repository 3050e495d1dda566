"""Every value formatted into text that Streamlit parses as Markdown (st.markdown, st.caption,
st.info, st.error, st.toast, titles …) is made literal: plain() for text, a fmt_* function for
figures, or a constant of ui/texts. A client called `![x](http://…)` must not fetch an image; a
file name with `*` must not turn bold. This reads the pages' source, so a new call that forgets
is caught here before anyone uploads such a file."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN_CALLS = {
    "markdown", "write", "subheader", "header", "title", "caption", "info", "success", "warning",
    "error", "toast", "expander", "popover", "metric", "button", "download_button", "link_button",
    "page_link", "selectbox", "multiselect", "radio", "checkbox", "toggle", "text_input", "text_area",
    "number_input", "date_input", "form_submit_button",
}  # fmt: skip
# the arguments Streamlit parses as Markdown (a widget's options and value are shown as typed)
MARKDOWN_ARGS = {"label", "help", "body", "text"}
# (file, placeholder): values made inside the app, with why they need no escaping
INTERNAL = {
    ("app_pages/imports.py", "fields"): "field labels of the import kind, from ui/texts",
    ("app_pages/imports.py", "options"): "option labels of the import kind, from ui/texts",
    ("app_pages/monitor.py", "kind"): "an alert kind's name from texts.MONITOR_ALERT_KINDS",
    ("app_pages/imports.py", "label"): "a field's or option's label, from ui/texts",
    ("app_pages/request_stats.py", "week"): "the calendar's week: ui/texts and clock times",
    ("ui/drill.py", "label"): "a figure's label on the page, from ui/texts",
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def is_literal_safe(node: ast.expr) -> bool:
    """A value that cannot carry Markdown from outside: a constant, plain(…), fmt_*(…), a
    ui/texts constant or lookup, an UPPER_CASE constant, or a join of such templates."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper()
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and (
            node.value.id in ("texts", "T", "TM") or node.value.id.isupper()
        )
    if isinstance(node, ast.Subscript):
        return is_literal_safe(node.value)
    if isinstance(node, ast.IfExp):
        return is_literal_safe(node.body) and is_literal_safe(node.orelse)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name == "plain" or name.startswith("fmt_"):
            return True
        if name == "get" and isinstance(node.func, ast.Attribute):
            return is_literal_safe(node.func.value) and all(map(is_literal_safe, node.args[1:]))
        if name == "join" and isinstance(node.func, ast.Attribute) and node.args:
            # "; ".join(T.ITEM.format(...) for …): the inner format is checked on its own
            inner = node.args[0]
            element = inner.elt if isinstance(inner, ast.GeneratorExp | ast.ListComp) else None
            return (
                isinstance(node.func.value, ast.Constant)
                and isinstance(element, ast.Call)
                and _name(element.func) == "format"
            )
    return False


def unescaped_values(path: Path) -> list[str]:
    """Placeholders filled with a value that is neither escaped nor internal, as file:line."""
    relative = path.relative_to(ROOT).as_posix()
    found = []
    for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(call, ast.Call) and _name(call.func) in MARKDOWN_CALLS):
            continue
        parsed = [*call.args[:1], *(k.value for k in call.keywords if k.arg in MARKDOWN_ARGS)]
        for inner in (node for part in parsed for node in ast.walk(part)):
            if isinstance(inner, ast.Call) and _name(inner.func) == "format":
                for keyword in inner.keywords:
                    if (relative, keyword.arg) in INTERNAL or is_literal_safe(keyword.value):
                        continue
                    found.append(f"{relative}:{inner.lineno} {keyword.arg}=")
    return found


def test_every_value_formatted_into_markdown_on_a_page_is_escaped_or_a_figure():
    files = sorted([*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"])
    assert len(files) > 30
    found = [place for path in files for place in unescaped_values(path)]
    assert found == [], "wrap these in plain() or a fmt_* function:\n" + "\n".join(found)


def test_the_check_catches_a_client_name_formatted_into_a_caption(tmp_path, monkeypatch):
    page = tmp_path / "app_pages" / "page.py"
    page.parent.mkdir()
    page.write_text(
        "st.caption(T.CLIENT.format(client=row['client']))\n"
        "st.info(T.CLIENT.format(client=plain(row['client']), count=fmt_int(n)))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert unescaped_values(page) == ["app_pages/page.py:1 client="]
