"""User-Agent headers of the common browsers read as browser, version and system."""

from __future__ import annotations

import pytest

from core.useragent import Client, parse_user_agent

CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (CHROME_WIN, Client("Chrome", 120, "Windows", False)),
        (CHROME_WIN + " Edg/120.0.2210.91", Client("Edge", 120, "Windows", False)),
        (CHROME_WIN + " YaBrowser/24.1.0.0", Client("Yandex", 24, "Windows", False)),
        (CHROME_WIN + " OPR/106.0.0.0", Client("Opera", 106, "Windows", False)),
        (
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            Client("Firefox", 121, "Linux", False),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.2 Safari/605.1.15",
            Client("Safari", 17, "macOS", False),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
            "like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
            Client("Safari", 17, "iOS", False),
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.6099.144 Mobile Safari/537.36",
            Client("Chrome", 120, "Android", False),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/147.0.0.0 Safari/537.36",
            Client("Chrome", 147, "Linux", True),
        ),
        ("curl/8.5.0", Client(None, None, None, False)),
        ("", Client(None, None, None, False)),
        (None, Client(None, None, None, False)),
    ],
)
def test_a_user_agent_is_read_as_browser_version_and_system(
    header: str | None, expected: Client
) -> None:
    assert parse_user_agent(header) == expected
