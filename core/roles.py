"""Roles and the permission matrix (DESIGN §4): the one place that says who may do what."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MANAGER = "manager"
    QC = "qc"
    HEAD = "head"
    ADMIN = "admin"
    VIEWER = "viewer"


class Action(StrEnum):
    SEE_OWN_EVALUATIONS = "see_own_evaluations"
    SEE_ALL_EVALUATIONS = "see_all_evaluations"
    SEE_AGGREGATES = "see_aggregates"
    EDIT_EVALUATIONS = "edit_evaluations"
    MOVE_TO_CONDITIONAL_REFUSAL = "move_to_conditional_refusal"
    CLOSE_AS_LOST = "close_as_lost"
    RETURN_REFUSED = "return_refused"
    IMPORT_EVALUATIONS = "import_evaluations"
    IMPORT_ANY = "import_any"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP = "backup"
    SEE_AUDIT = "see_audit"
    SEE_MONITOR = "see_monitor"
    ACK_ALERTS = "ack_alerts"
    MANAGE_LEADS = "manage_leads"
    WORK_CALLBACKS = "work_callbacks"
    CLOSE_STALE = "close_stale"  # issue 14: close requests with no event for days, in bulk
    TAKE_LEAD = "take_lead"  # issue 14: take a colleague's storefront lead («Забрать себе»)
    IMPORT_CALLS = "import_calls"
    SEE_SHOPPER_REPORTS = "see_shopper_reports"
    SEE_DEAL_REPORTS = "see_deal_reports"
    EDIT_CLIENTS = "edit_clients"  # issue 12: a manager their own clients, staff all


class PermissionDenied(Exception):
    """Raised by a write function when the acting role may not perform the action."""

    def __init__(self, role: str, action: Action) -> None:
        super().__init__(f"{role} may not {action}")
        self.role = role
        self.action = action


_ALL = frozenset(Role)
_STAFF = frozenset({Role.QC, Role.HEAD, Role.ADMIN})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.SEE_OWN_EVALUATIONS: frozenset({Role.MANAGER, *_STAFF}),
    Action.SEE_ALL_EVALUATIONS: _STAFF,
    Action.SEE_AGGREGATES: _ALL,
    Action.EDIT_EVALUATIONS: _STAFF,
    Action.MOVE_TO_CONDITIONAL_REFUSAL: frozenset({Role.MANAGER, *_STAFF}),
    Action.CLOSE_AS_LOST: _STAFF,
    Action.RETURN_REFUSED: _STAFF,
    Action.IMPORT_EVALUATIONS: _STAFF,
    Action.IMPORT_ANY: frozenset({Role.HEAD, Role.ADMIN}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Action.BACKUP: frozenset({Role.ADMIN}),
    Action.SEE_AUDIT: frozenset({Role.ADMIN}),
    Action.SEE_MONITOR: _ALL,
    Action.ACK_ALERTS: frozenset({Role.MANAGER, *_STAFF}),
    Action.MANAGE_LEADS: frozenset({Role.MANAGER, *_STAFF}),
    Action.WORK_CALLBACKS: _STAFF,
    Action.CLOSE_STALE: frozenset({Role.QC, Role.ADMIN}),
    Action.TAKE_LEAD: frozenset({Role.MANAGER, *_STAFF}),
    Action.IMPORT_CALLS: _STAFF,
    Action.SEE_SHOPPER_REPORTS: frozenset({Role.VIEWER, *_STAFF}),
    Action.SEE_DEAL_REPORTS: _STAFF,
    Action.EDIT_CLIENTS: frozenset({Role.MANAGER, *_STAFF}),
}


def can(role: str, action: Action) -> bool:
    """Say whether a role may perform an action; unknown roles may do nothing."""
    try:
        return Role(role) in PERMISSIONS[action]
    except ValueError:
        return False


def require(role: str, action: Action) -> None:
    """Raise PermissionDenied unless the role may perform the action."""
    if not can(role, action):
        raise PermissionDenied(role, action)


@dataclass(frozen=True)
class Actor:
    """Who performs an action: the logged-in user, the CLI's --as login, or the system."""

    login: str
    role: str
    name: str = ""
    id: int | None = None


SYSTEM = Actor(login="system", role=Role.ADMIN, name="Система")


# Equipment and telemarketing (DESIGN §4, seed 003), appended to the matrix above.
class EquipmentAction(StrEnum):
    SEE_EQUIPMENT = "see_equipment"
    EDIT_EQUIPMENT = "edit_equipment"
    BUILD_CAMPAIGNS = "build_campaigns"
    RECORD_CALLS = "record_calls"


PERMISSIONS.update(
    {
        EquipmentAction.SEE_EQUIPMENT: frozenset({Role.MANAGER, *_STAFF}),  # type: ignore[dict-item]
        EquipmentAction.EDIT_EQUIPMENT: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),  # type: ignore[dict-item]
        EquipmentAction.BUILD_CAMPAIGNS: frozenset({Role.HEAD, Role.ADMIN}),  # type: ignore[dict-item]
        EquipmentAction.RECORD_CALLS: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),  # type: ignore[dict-item]
    }
)
