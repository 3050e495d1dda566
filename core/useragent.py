"""A browser's User-Agent header read as the browser, its major version and the system, so that a
sessions list can say «Chrome 120, Windows» instead of the raw header."""

from __future__ import annotations

import re
from dataclasses import dataclass

# First match wins: Chromium-based browsers name Chrome and Safari too, and Chrome names Safari.
_BROWSERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/(\d+)")),
    ("Opera", re.compile(r"\b(?:OPR|Opera)/(\d+)")),
    ("Yandex", re.compile(r"\bYaBrowser/(\d+)")),
    ("Firefox", re.compile(r"\b(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"\b(?:HeadlessChrome|Chrome|CriOS|Chromium)/(\d+)")),
    ("Safari", re.compile(r"\bVersion/(\d+)[\d.]* (?:Mobile/\S+ )?Safari/")),
)
# iOS before macOS (an iPad says "like Mac OS X"), Android before Linux, ChromeOS before Linux.
_SYSTEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Windows", re.compile(r"\bWindows\b")),
    ("iOS", re.compile(r"\b(?:iPhone|iPad|iPod)\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


@dataclass(frozen=True)
class Client:
    """What a User-Agent says: each part None when it does not say it."""

    browser: str | None
    version: int | None
    system: str | None
    headless: bool


def parse_user_agent(header: str | None) -> Client:
    """Read a User-Agent header; unknown parts are None, never guessed."""
    text = header or ""
    browser = version = None
    for name, pattern in _BROWSERS:
        if match := pattern.search(text):
            browser, version = name, int(match.group(1))
            break
    system = next((name for name, pattern in _SYSTEMS if pattern.search(text)), None)
    return Client(browser, version, system, "HeadlessChrome" in text)
