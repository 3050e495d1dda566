"""Streamlit's own English, said in Russian (issue 14, item 8): the table toolbar, the multiselect
menu, the chart action menu, the «Page not found» dialog. Streamlit 1.67 has no setting for its
UI language, so one small script on every run renames those texts (text, title, aria-label,
placeholder) as they appear; the chart action menu is hidden (its exports are English-only)."""

from __future__ import annotations

import json

import streamlit as st

from ui.texts import monitor as T

_SCRIPT = """
<style>.vega-embed details, .vega-embed .vega-actions {display: none !important;}</style>
<script>
(() => {
  const words = %s;
  const prefixes = %s;
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.__qcRussian) { doc.__qcRussian.words = words; return; }
  const state = {words, prefixes};
  const say = (value) => {
    const text = value.trim();
    if (state.words[text]) return value.replace(text, state.words[text]);
    for (const [en, ru] of state.prefixes) if (text.startsWith(en)) return value.replace(en, ru);
    return null;
  };
  doc.__qcRussian = state;
  const fix = (node) => {
    if (node.nodeType === 3) {
      const said = node.nodeValue.trim() ? say(node.nodeValue) : null;
      if (said !== null && said !== node.nodeValue) node.nodeValue = said;
      return;
    }
    if (node.nodeType !== 1) return;
    for (const attr of ["title", "aria-label", "placeholder"]) {
      const value = node.getAttribute && node.getAttribute(attr);
      const said = value ? say(value) : null;
      if (said !== null && said !== value) node.setAttribute(attr, said);
    }
    for (const child of node.childNodes) fix(child);
  };
  fix(doc.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") fix(change.target);
      else if (change.type === "attributes") fix(change.target);
      else change.addedNodes.forEach(fix);
    }
  }).observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ["title", "aria-label", "placeholder"]});
})();
</script>
"""


def russian_streamlit() -> None:
    """Put the renaming script on the page (call once per run, from dashboard.py)."""
    st.html(
        _SCRIPT
        % (
            json.dumps(T.STREAMLIT_RUSSIAN, ensure_ascii=False),
            json.dumps(T.STREAMLIT_PREFIXES, ensure_ascii=False),
        ),
        unsafe_allow_javascript=True,
        width="content",
    )
