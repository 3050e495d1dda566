"""Application settings: names, defaults and validation (values are stored by db/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from core.inn import is_valid_inn


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: object
    kind: type
    minimum: float | None = None
    maximum: float | None = None


SPECS: dict[str, SettingSpec] = {
    s.key: s
    for s in (
        SettingSpec("timezone", "Europe/Moscow", str),
        SettingSpec("company_name", "", str),
        SettingSpec("company_inn", "", str),
        SettingSpec("upload_limit_mb", 50, int, 1, 1024),
        SettingSpec("session_idle_minutes", 480, int, 5, 60 * 24 * 30),
        SettingSpec("proxy_header", "", str),
        SettingSpec("monitor_refresh_seconds", 10, int, 2, 600),
        SettingSpec("wait_warning_minutes", 5, int, 1, 1440),
        SettingSpec("wait_missed_minutes", 60, int, 1, 10080),
        SettingSpec("low_rating_max", 3, int, 1, 4),
        SettingSpec("lead_pending_minutes", 60, int, 1, 10080),
        SettingSpec("connect_url", "", str),
        SettingSpec("connect_token", "", str),
        SettingSpec("connect_webhook_secret", "", str),
        SettingSpec("demo_mode", False, bool),
        SettingSpec("session_max_days", 7, int, 1, 365),
        SettingSpec("allowed_hosts", "", str),
    )
}

SECRET_KEYS = frozenset({"connect_token", "connect_webhook_secret"})


class InvalidSetting(ValueError):
    """A setting value failed validation; `code` names the problem."""

    def __init__(self, key: str, code: str) -> None:
        super().__init__(f"{key}: {code}")
        self.key = key
        self.code = code


def coerce_setting(key: str, value: object) -> object:
    """Validate and convert a value for a setting, raising InvalidSetting with a problem code."""
    spec = SPECS.get(key)
    if spec is None:
        raise InvalidSetting(key, "unknown_setting")
    if spec.kind is bool:
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "да"}
        return bool(value)
    if spec.kind is int:
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise InvalidSetting(key, "not_a_number") from exc
        if (spec.minimum is not None and number < spec.minimum) or (
            spec.maximum is not None and number > spec.maximum
        ):
            raise InvalidSetting(key, "out_of_range")
        return number
    text = str(value).strip()
    if key == "timezone" and text not in available_timezones():
        raise InvalidSetting(key, "unknown_timezone")
    if key == "company_inn" and text and not is_valid_inn(text):
        raise InvalidSetting(key, "bad_inn")
    return text
