"""The sessions list's browser column (issue 14, item 8): browser and system, not the raw header."""

from __future__ import annotations

CLIENT = "{browser}, {system}"
BROWSER_VERSION = "{browser} {version}"
HEADLESS = "{client} (без окна)"
UNKNOWN_BROWSER = "неизвестный браузер"
# browser names that have a Russian name of their own; the rest are product names as they are
BROWSER_NAMES = {"Yandex": "Яндекс Браузер"}
COL_USER_AGENT = "Заголовок браузера полностью"
