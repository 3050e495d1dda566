"""What counts as English on screen (issue 14, item 8), shared by the Russian-words walk and the
connection-lost test: Latin-letter words a user can read — visible text, tooltips (title), labels
read out (aria-label), placeholders and the table grid's cells — outside an allow-list of names
people use as they are (Excel, CSV, ИНН's INN, SLA …)."""

from __future__ import annotations

import re

# Product, format and protocol names read as they are; nothing else.
ALLOWED = {
    "excel", "csv", "xlsx", "xls", "xlsm", "ods", "json", "jsonl", "xml", "soap", "rest", "api",
    "inn", "kpp", "guid", "sla", "url", "http", "https", "smtp", "starttls", "ssl", "tls", "oidc",
    "utc", "png", "svg", "ics", "icalendar", "xmlcalendar", "asterisk", "master", "pbx", "vega",
    "lite", "id", "www", "com", "ru", "example", "test", "localhost", "email", "mail", "crm",
    "amocrm", "tsv", "txt",
    # browsers and systems in the sessions list («Chrome 120, Windows»)
    "chrome", "edge", "opera", "firefox", "safari", "windows", "macos", "ios", "android",
    "chromeos", "linux",
    # the demo catalogue's one foreign brand (product names stay as they are)
    "honeywell",
    # keys as printed on the keyboard (the date picker's hint)
    "enter", "esc",
}  # fmt: skip
# The demo's logins are its role names: data, shown as typed in the user and session lists.
ROLES = ("admin", "head", "qc", "manager", "viewer")
ALLOWED |= set(ROLES)
WORD = re.compile(r"(?<![A-Za-z0-9_@./-])[A-Za-z]{3,}(?![A-Za-z0-9_@/-])")

# Every text a user can read on the page now (JavaScript, for page.evaluate).
COLLECT = """() => {
  const out = [];
  const skip = '[data-testid*="Icon"], [data-testid="stIconMaterial"], .material-symbols-rounded, ' +
               'code, pre, [data-testid="stCode"], style, script, noscript, canvas';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !node.nodeValue.trim()) continue;
    if (!el.getClientRects().length) continue;
    out.push(node.nodeValue.trim());
  }
  // a table is drawn on a canvas; its accessible copy holds the cells on screen, headers too
  // (a link cell's copy is its address: the table shows its Russian display text instead)
  const cells = '[data-testid="stDataFrame"] canvas :is(th, td)';
  document.body.querySelectorAll(cells).forEach(cell => {
    const text = cell.textContent.trim();
    if (text && !/^([/]|https?:)/.test(text)) out.push(text);
  });
  // labels read out, icons' too (a help ⓘ is a button named «Help for …»); an icon font's
  // glyph (its text is the icon's name) has none worth reading
  const glyph = '[data-testid="stIconMaterial"], .material-symbols-rounded';
  document.body.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
    // Vega's own descriptions of axes, legends and marks for screen readers are not checked
    if (e.closest(glyph) || e.closest('[aria-roledescription]')) return;
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = e.getAttribute(a);
      if (v) out.push(v);
    }
  });
  return out;
}"""


def english_words(texts: list[str]) -> set[str]:
    """Latin-letter words of three letters or more that are not on the allow-list."""
    found = set()
    for text in texts:
        for word in WORD.findall(text):
            if word.lower() not in ALLOWED:
                found.add(word)
    return found
