"""The page registry: which pages exist, where they sit in the menu, and which role sees them."""

from __future__ import annotations

from dataclasses import dataclass

from core.roles import Action, EquipmentAction, can
from ui import texts
from ui.texts import deals as deals_texts
from ui.texts import equipment as eq_texts
from ui.texts import jobs as jobs_texts
from ui.texts import monitor as TM
from ui.texts import shopper as shopper_texts


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str
    title: str
    icon: str
    section: str
    action: Action | None  # None: every logged-in role


_S = shopper_texts
SHOPPER_PAGES: tuple[PageSpec, ...] = (
    PageSpec("shopper_form", "app_pages/shopper_form.py", _S.PAGE_FORM, ":material/rate_review:", _S.SECTION, Action.EDIT_EVALUATIONS),
    PageSpec("shopper_mine", "app_pages/shopper_mine.py", _S.PAGE_MINE, ":material/person_check:", _S.SECTION, Action.SEE_OWN_EVALUATIONS),
    PageSpec("shopper_disputes", "app_pages/shopper_disputes.py", _S.PAGE_DISPUTES, ":material/gavel:", _S.SECTION, Action.EDIT_EVALUATIONS),
    PageSpec("shopper_campaigns", "app_pages/shopper_campaigns.py", _S.PAGE_CAMPAIGNS, ":material/campaign:", _S.SECTION, Action.SEE_ALL_EVALUATIONS),
    PageSpec("shopper_calls", "app_pages/shopper_calls.py", _S.PAGE_CALLS, ":material/call_log:", _S.SECTION, Action.SEE_ALL_EVALUATIONS),
    PageSpec("shopper_calibration", "app_pages/shopper_calibration.py", _S.PAGE_CALIBRATION, ":material/balance:", _S.SECTION, Action.SEE_ALL_EVALUATIONS),
    PageSpec("shopper_templates", "app_pages/shopper_templates.py", _S.PAGE_TEMPLATES, ":material/checklist:", _S.SECTION, Action.SEE_ALL_EVALUATIONS),
    PageSpec("shopper_reports", "app_pages/shopper_reports.py", _S.PAGE_REPORTS, ":material/leaderboard:", _S.SECTION, Action.SEE_SHOPPER_REPORTS),
)  # fmt: skip

PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "app_pages/overview.py", texts.PAGE_OVERVIEW, ":material/dashboard:", texts.SECTION_MAIN, None),
    PageSpec("imports", "app_pages/imports.py", texts.PAGE_IMPORTS, ":material/upload_file:", texts.SECTION_MAIN, Action.IMPORT_EVALUATIONS),  # QC imports evaluations and calls (DESIGN §4)
    PageSpec("monitor", "app_pages/monitor.py", texts.PAGE_MONITOR, ":material/monitor_heart:", texts.SECTION_MONITOR, Action.SEE_MONITOR),
    PageSpec("request_stats", "app_pages/request_stats.py", texts.PAGE_REQUEST_STATS, ":material/table_chart:", texts.SECTION_MONITOR, Action.SEE_MONITOR),
    PageSpec("ratings", "app_pages/ratings.py", texts.PAGE_RATINGS, ":material/star_half:", texts.SECTION_MONITOR, Action.SEE_MONITOR),
    PageSpec("leads", "app_pages/leads.py", texts.PAGE_LEADS, ":material/storefront:", texts.SECTION_MONITOR, Action.SEE_MONITOR),
    PageSpec("callbacks", "app_pages/callbacks.py", texts.PAGE_CALLBACKS, ":material/phone_callback:", texts.SECTION_MONITOR, Action.WORK_CALLBACKS),
    PageSpec("admin_users", "app_pages/admin_users.py", texts.PAGE_ADMIN_USERS, ":material/group:", texts.SECTION_ADMIN, Action.MANAGE_USERS),
    PageSpec("admin_settings", "app_pages/admin_settings.py", texts.PAGE_ADMIN_SETTINGS, ":material/settings:", texts.SECTION_ADMIN, Action.MANAGE_SETTINGS),
    PageSpec("admin_calendar", "app_pages/admin_calendar.py", texts.PAGE_ADMIN_CALENDAR, ":material/calendar_month:", texts.SECTION_ADMIN, Action.MANAGE_SETTINGS),
    PageSpec("admin_audit", "app_pages/admin_audit.py", texts.PAGE_ADMIN_AUDIT, ":material/history:", texts.SECTION_ADMIN, Action.SEE_AUDIT),
    PageSpec("admin_jobs", "app_pages/admin_jobs.py", jobs_texts.PAGE_ADMIN_JOBS, ":material/schedule:", texts.SECTION_ADMIN, Action.MANAGE_SETTINGS),
    PageSpec("my_mail", "app_pages/my_mail.py", jobs_texts.PAGE_MY_MAIL, ":material/mail:", texts.SECTION_MAIN, None),
    PageSpec("equipment_register", "app_pages/equipment_register.py", eq_texts.PAGE_REGISTER, ":material/inventory_2:", eq_texts.SECTION, EquipmentAction.SEE_EQUIPMENT),  # type: ignore[arg-type]
    PageSpec("equipment_client", "app_pages/equipment_client.py", eq_texts.PAGE_CLIENT, ":material/business:", eq_texts.SECTION, EquipmentAction.SEE_EQUIPMENT),  # type: ignore[arg-type]
    PageSpec("equipment_tasks", "app_pages/equipment_tasks.py", eq_texts.PAGE_TASKS, ":material/notifications_active:", eq_texts.SECTION, EquipmentAction.SEE_EQUIPMENT),  # type: ignore[arg-type]
    PageSpec("equipment_tenders", "app_pages/equipment_tenders.py", eq_texts.PAGE_TENDERS, ":material/gavel:", eq_texts.SECTION, EquipmentAction.SEE_EQUIPMENT),  # type: ignore[arg-type]
    PageSpec("equipment_telemarketing", "app_pages/equipment_telemarketing.py", eq_texts.PAGE_TM, ":material/support_agent:", eq_texts.SECTION, EquipmentAction.SEE_EQUIPMENT),  # type: ignore[arg-type]
    PageSpec("deals_my", "app_pages/deals_my.py", deals_texts.PAGE_MY, ":material/handshake:", deals_texts.SECTION, Action.MOVE_TO_CONDITIONAL_REFUSAL),
    PageSpec("deals_queue", "app_pages/deals_queue.py", deals_texts.PAGE_QUEUE, ":material/phone_in_talk:", deals_texts.SECTION, Action.CLOSE_AS_LOST),
    PageSpec("deals_reports", "app_pages/deals_reports.py", deals_texts.PAGE_REPORTS, ":material/insights:", deals_texts.SECTION, Action.SEE_DEAL_REPORTS),
    PageSpec("deals_hygiene", "app_pages/deals_hygiene.py", deals_texts.PAGE_HYGIENE, ":material/rule:", deals_texts.SECTION, Action.SEE_DEAL_REPORTS),
    PageSpec("deals_import", "app_pages/deals_import.py", deals_texts.PAGE_IMPORT, ":material/upload:", deals_texts.SECTION, Action.IMPORT_ANY),
    PageSpec("deals_settings", "app_pages/deals_settings.py", deals_texts.PAGE_SETTINGS, ":material/tune:", deals_texts.SECTION, Action.MANAGE_SETTINGS),
    PageSpec("deals_clients", "app_pages/deals_clients.py", deals_texts.PAGE_CLIENTS, ":material/contacts:", deals_texts.SECTION, Action.EDIT_CLIENTS),
    # issue 14: the wall screen
    PageSpec("wall", "app_pages/wall.py", TM.PAGE_WALL, ":material/tv:", texts.SECTION_MONITOR, Action.SEE_MONITOR),
    PageSpec("request", "app_pages/request.py", TM.PAGE_REQUEST, ":material/manage_search:", texts.SECTION_MONITOR, Action.SEE_MONITOR),
)  # fmt: skip
PAGES += SHOPPER_PAGES  # issue 11: shopper and call QC

BY_KEY = {page.key: page for page in PAGES}


def may_see(role: str, page_key: str) -> bool:
    """Whether a role may open a page."""
    page = BY_KEY[page_key]
    return page.action is None or can(role, page.action)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role sees, in menu order."""
    return [page for page in PAGES if may_see(role, page.key)]
