"""The permission matrix of DESIGN §4, written out independently of core.roles.PERMISSIONS."""

from __future__ import annotations

import pytest

from core.roles import Action, PermissionDenied, Role, can, require

A = Action
EXPECTED: dict[Role, set[Action]] = {
    Role.MANAGER: {A.SEE_OWN_EVALUATIONS, A.SEE_AGGREGATES, A.MOVE_TO_CONDITIONAL_REFUSAL,
                   A.SEE_MONITOR, A.ACK_ALERTS, A.MANAGE_LEADS},
    Role.QC: {A.SEE_OWN_EVALUATIONS, A.SEE_ALL_EVALUATIONS, A.SEE_AGGREGATES, A.EDIT_EVALUATIONS,
              A.MOVE_TO_CONDITIONAL_REFUSAL, A.CLOSE_AS_LOST, A.RETURN_REFUSED,
              A.IMPORT_EVALUATIONS, A.SEE_MONITOR, A.ACK_ALERTS, A.MANAGE_LEADS,
              A.WORK_CALLBACKS},
    Role.HEAD: {A.SEE_OWN_EVALUATIONS, A.SEE_ALL_EVALUATIONS, A.SEE_AGGREGATES,
                A.EDIT_EVALUATIONS, A.MOVE_TO_CONDITIONAL_REFUSAL, A.CLOSE_AS_LOST,
                A.RETURN_REFUSED, A.IMPORT_EVALUATIONS, A.IMPORT_ANY, A.SEE_MONITOR,
                A.ACK_ALERTS, A.MANAGE_LEADS, A.WORK_CALLBACKS},
    Role.ADMIN: set(Action),
    Role.VIEWER: {A.SEE_AGGREGATES, A.SEE_MONITOR},
}  # fmt: skip
# issue 14: taking a colleague's storefront lead; closing stale requests (QC and admin)
EXPECTED[Role.MANAGER] |= {A.TAKE_LEAD}
EXPECTED[Role.QC] |= {A.TAKE_LEAD, A.CLOSE_STALE}
EXPECTED[Role.HEAD] |= {A.TAKE_LEAD}
# issue 11: QC and the head import call logs and read QC reports; a viewer reads them as aggregates
for _role in (Role.QC, Role.HEAD):
    EXPECTED[_role] |= {A.IMPORT_CALLS, A.SEE_SHOPPER_REPORTS}
EXPECTED[Role.VIEWER] |= {A.SEE_SHOPPER_REPORTS}
# issue 12: the refusal and CRM-hygiene reports are for QC, the head and admins
EXPECTED[Role.QC] |= {A.SEE_DEAL_REPORTS}
EXPECTED[Role.HEAD] |= {A.SEE_DEAL_REPORTS}
# issue 12: clients are edited by their manager (own only, checked in db.deals) and by staff
for _role in (Role.MANAGER, Role.QC, Role.HEAD):
    EXPECTED[_role] |= {A.EDIT_CLIENTS}


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_may_do_exactly_what_the_design_table_says(role):
    allowed = {action for action in Action if can(role, action)}

    assert allowed == EXPECTED[role]


@pytest.mark.parametrize(
    "action",
    [A.MANAGE_USERS, A.MANAGE_SETTINGS, A.BACKUP, A.SEE_AUDIT, A.CLOSE_AS_LOST,
     A.RETURN_REFUSED, A.IMPORT_ANY, A.IMPORT_EVALUATIONS, A.EDIT_EVALUATIONS,
     A.SEE_ALL_EVALUATIONS],
    ids=str,
)  # fmt: skip
def test_a_manager_cannot_administer_close_deals_as_lost_or_import(action):
    assert not can("manager", action)
    with pytest.raises(PermissionDenied) as refused:
        require("manager", action)
    assert refused.value.role == "manager" and refused.value.action == action


def test_a_manager_may_move_own_deal_to_conditional_refusal():
    require("manager", A.MOVE_TO_CONDITIONAL_REFUSAL)


def test_qc_imports_evaluations_but_only_head_and_admin_import_everything():
    assert can("qc", A.IMPORT_EVALUATIONS) and not can("qc", A.IMPORT_ANY)
    assert can("head", A.IMPORT_ANY) and can("admin", A.IMPORT_ANY)


def test_an_unknown_role_may_do_nothing():
    assert not any(can("intern", action) for action in Action)
    assert not any(can("", action) for action in Action)
