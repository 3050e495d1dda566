"""Application settings: names, defaults and validation (values are stored by db/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from core.inn import is_valid_inn
from core.jobs import MAX_PERIOD_S, MIN_PERIOD_S, PERIOD_PREFIX


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: object
    kind: type
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


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
        # issue 14: 1C-Connect's REST lists for the directory, relative to the API root (the
        # address before /v1/, https://push.1c-connect.com/) or whole addresses
        SettingSpec("connect_lines_path", "v1/line", str),
        SettingSpec("connect_specialists_path", "v1/line/specialists", str),
        SettingSpec("connect_clients_path", "v1/line/subscribers", str),
        SettingSpec("demo_mode", False, bool),
        SettingSpec("stale_after_days", 14, int, 1, 3650),  # issue 14: open with no event
        # background jobs and e-mail (issue 10); job periods are job_period_<name> (core.jobs)
        SettingSpec("smtp_host", "", str),
        SettingSpec("smtp_port", 587, int, 1, 65535),
        SettingSpec("smtp_security", "starttls", str, choices=("none", "starttls", "ssl")),
        SettingSpec("smtp_user", "", str),
        SettingSpec("smtp_password", "", str),
        SettingSpec("smtp_from", "", str),
        SettingSpec("app_url", "", str),
        SettingSpec("backup_dir", "", str),
        SettingSpec("backup_keep", 7, int, 1, 365),
        SettingSpec("backup_hour", 3, int, 0, 23),
        SettingSpec("digest_hour", 8, int, 0, 23),
        # imports (issue 9): rows per file, unpacked workbook size, rejects kept in full
        SettingSpec("import_max_rows", 1_000_000, int, 100, 10_000_000),
        SettingSpec("import_max_unpacked_mb", 500, int, 10, 4096),
        SettingSpec("import_rejects_kept", 1000, int, 10, 100_000),
        SettingSpec("listening_per_week", 3, int, 1, 50),  # issue 11: calls a manager a week
        SettingSpec("dispute_window_days", 5, int, 1, 60),  # working days to dispute a mark
        SettingSpec("recordings_folder", "", str),  # call recordings matched by call id
        SettingSpec("shopper_public_ranking", False, bool),
        SettingSpec("session_max_days", 7, int, 1, 365),
        SettingSpec("allowed_hosts", "", str),
    )
}

SECRET_KEYS = frozenset({"connect_token", "connect_webhook_secret", "smtp_password"})


class InvalidSetting(ValueError):
    """A setting value failed validation; `code` names the problem."""

    def __init__(self, key: str, code: str) -> None:
        super().__init__(f"{key}: {code}")
        self.key = key
        self.code = code


def spec_of(key: str) -> SettingSpec | None:
    """The spec of a setting; every `job_period_<job>` is a period in seconds (core.jobs)."""
    if key.startswith(PERIOD_PREFIX) and len(key) > len(PERIOD_PREFIX):
        return SettingSpec(key, None, int, MIN_PERIOD_S, MAX_PERIOD_S)
    return SPECS.get(key)


def coerce_setting(key: str, value: object) -> object:
    """Validate and convert a value for a setting, raising InvalidSetting with a problem code."""
    spec = spec_of(key)
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
    if spec.choices and text not in spec.choices:
        raise InvalidSetting(key, "bad_choice")
    if key == "timezone" and text not in available_timezones():
        raise InvalidSetting(key, "unknown_timezone")
    if key == "company_inn" and text and not is_valid_inn(text):
        raise InvalidSetting(key, "bad_inn")
    return text


# Equipment and tenders (seed 003): reminder points, how far back an overdue control date still
# raises a task, and warranty months per OKPD2 group for competitors' equipment from tenders.
SPECS.update(
    {
        s.key: s
        for s in (
            SettingSpec("reminder_days", "30, 7", str),
            SettingSpec("reminder_overdue_days", 365, int, 0, 3650),
            SettingSpec("tender_warranty_okpd2", "26=12; 27=12; 28=24; 29=24; 32.50=12", str),
        )
    }
)
