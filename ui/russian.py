"""Streamlit's own English, said in Russian (issue 14, item 8): the table toolbar, the multiselect
menu, the date picker, the file uploader, the chart action menu, the «Page not found» dialog;
and (through ui.charts) the charts' dates and numbers. Streamlit 1.67 has no setting for its UI
language, so one small script on every run renames those texts (text, title, aria-label,
placeholder) as they appear, from ui/texts/streamlit_ru.py. Hidden instead: the chart action
menu (its exports are English-only), the uploader's size hint (it names the technical cap, twice
the setting; pages say the limit themselves) and the chosen file's size ("298.0B")."""

from __future__ import annotations

import json

import streamlit as st

from ui.charts import russian_charts
from ui.texts import streamlit_ru as T

_STYLE = (
    ".vega-embed details, .vega-embed .vega-actions {display: none !important;}"
    '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}'
    '[data-testid="stFileChipName"] + div {display: none;}'
)

_SCRIPT = """
<style>%s</style>
<script>
(() => {
  const words = %s;
  const patterns = %s.map(([source, russian]) => [new RegExp(source, "s"), russian]);
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const ICON = '[data-testid="stIconMaterial"], .material-symbols-rounded, [translate="no"]';
  if (doc.__qcRussian) { Object.assign(doc.__qcRussian, {words, patterns}); return; }
  // The page speaks Russian whatever the browser's language: what formats by the browser's
  // language (the date picker's month and weekday names; a table's "localized" numbers) reads
  // navigator.language(s) or react-aria's own override. Streamlit hands the date picker the
  // language it read when it last drew the app, so a "resize" (no size changes) has it drawn
  // again now; react-aria re-reads on "languagechange".
  const win = doc.defaultView || window;
  for (const [name, value] of [["languages", Object.freeze([%s])], ["language", %s]]) {
    Object.defineProperty(win.Navigator.prototype, name, {get: () => value, configurable: true});
  }
  win[Symbol.for("react-aria.i18n.locale")] = %s;
  doc.documentElement.lang = %s;
  win.dispatchEvent(new Event("languagechange"));
  win.dispatchEvent(new Event("resize"));
  const state = {words, patterns};
  // every English text has a Latin letter (tests/app/test_russian_script.py): the rest is
  // skipped at once, without the 29 patterns — most of a page is Russian words and numbers
  const LATIN = /[A-Za-z]/;
  const say = (value) => {
    if (!LATIN.test(value)) return null;
    const text = value.trim();
    if (state.words[text]) return value.replace(text, state.words[text]);
    let said = text;  // every pattern in turn: «day, Период start date» needs two
    for (const [pattern, russian] of state.patterns) said = said.replace(pattern, russian);
    return said === text ? null : value.replace(text, said);
  };
  doc.__qcRussian = state;
  const fixAttributes = (node) => {
    for (const attr of ["title", "aria-label", "placeholder"]) {
      const value = node.getAttribute && node.getAttribute(attr);
      const said = value ? say(value) : null;
      if (said !== null && said !== value) node.setAttribute(attr, said);
    }
  };
  const fix = (node) => {
    if (node.nodeType === 3) {
      if (!LATIN.test(node.nodeValue)) return;  // Russian words and numbers: nothing to do
      // an icon is its name drawn by a font («bar_chart», «link»): never a word to translate
      if (node.parentElement && node.parentElement.closest(ICON)) return;
      const said = node.nodeValue.trim() ? say(node.nodeValue) : null;
      if (said !== null && said !== node.nodeValue) node.nodeValue = said;
      return;
    }
    if (node.nodeType !== 1) return;
    fixAttributes(node);
    for (const child of node.childNodes) fix(child);
  };
  fix(doc.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") fix(change.target);
      // a changed attribute: that element alone (its children did not change)
      else if (change.type === "attributes") fixAttributes(change.target);
      else change.addedNodes.forEach(fix);
    }
  }).observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ["title", "aria-label", "placeholder"]});
})();
</script>
"""


# The language the page reports to what formats by it (a BCP 47 tag, not a text on screen).
PAGE_LANGUAGE = "ru-RU"


# Made once: every run of every page puts it on the page, and its words never change.
_PAGE_SCRIPT = _SCRIPT % (
    _STYLE,
    json.dumps(T.STREAMLIT_RUSSIAN, ensure_ascii=False),
    json.dumps(T.STREAMLIT_PATTERNS, ensure_ascii=False),
    *[json.dumps(PAGE_LANGUAGE)] * 4,
)


def russian_streamlit() -> None:
    """Put the renaming script on the page and charts in Russian (call once per run, from
    dashboard.py)."""
    russian_charts()
    st.html(_PAGE_SCRIPT, unsafe_allow_javascript=True, width="content")
