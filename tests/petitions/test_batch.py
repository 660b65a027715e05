"""The petition list's batch actions: each chosen case through its own action and service,
refused case by case with the reason; scope, permission, cap, CSRF, export of the selection."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from petitions import bulk
from petitions.models import CaseEvent, Nature, Petition

from .factories import advance, petitioner, register, valid_id_number

pytestmark = pytest.mark.django_db

BATCH = "/petitions/batch/"
RESULT = "/petitions/batch/result/"
EXPORT = "/petitions/batch/export.xlsx"


def due_in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def assign_post(cases, unit, *, due=None, versions=True, **extra):
    data = {
        "operation": "assign",
        "selected": [case.number for case in cases],
        "batch-unit": str(unit.pk),
        "batch-due": due or due_in(30),
        "batch-comment": "请核实后答复",
        "query": "state=registered&page=3",
    }
    if versions:
        data.update({f"v-{case.number}": str(case.version) for case in cases})
    data.update(extra)
    return data


def result_rows(response) -> dict[str, tuple[str, str]]:
    return {row["number"]: (row["outcome"], row["reason"]) for row in response.context["rows"]}


# --- Assign ------------------------------------------------------------------------------------


def test_office_assigns_three_cases_two_done_one_refused_for_its_state(client, people):
    first = register(by=people["clerk"], summary="第一件")
    second = register(by=people["clerk"], summary="第二件")
    handled = advance(register(by=people["clerk"], summary="办理中"), "in_progress", **people)
    client.force_login(people["office"])

    response = client.post(BATCH, assign_post([first, second, handled], people["unit"]))

    assert response.status_code == 302
    assert response["Location"] == RESULT
    result = client.get(RESULT)
    rows = result_rows(result)
    assert rows[first.number][0] == rows[second.number][0] == "done"
    outcome, reason = rows[handled.number]
    assert outcome == "refused"
    assert "办理中" in reason  # why: not possible in its current state
    assert (result.context["done"], result.context["refused"]) == (2, 1)
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == Petition.State.ASSIGNED
        assert case.responsible_unit == people["unit"]
        assert case.assigned_due == timezone.localdate() + timedelta(days=30)
        event = case.events.get(action="assign")
        assert event.actor == people["office"]
        assert event.comment == "请核实后答复"
    handled.refresh_from_db()
    assert handled.state == Petition.State.IN_PROGRESS
    assert not handled.events.filter(action="assign", actor=people["office"]).exists()
    # Back to the list with its filter, without the page.
    assert 'href="/petitions/?state=registered"' in result.content.decode()


def test_result_page_reload_repeats_nothing(client, people):
    case = register(by=people["clerk"])
    client.force_login(people["office"])
    client.post(BATCH, assign_post([case], people["unit"]))
    events = CaseEvent.objects.count()
    assert client.get(RESULT).status_code == 200
    assert client.get(RESULT).status_code == 200
    assert CaseEvent.objects.count() == events


def test_a_posted_number_outside_the_scope_is_refused_not_acted_on(client, people, clerk_b, unit_b):
    theirs = register(by=clerk_b, summary="乙矿登记的事项")
    outside = register(by=people["clerk"], summary="集团登记的事项")  # not in unit B's subtree
    assert not Petition.objects.visible_to(clerk_b).filter(pk=outside.pk).exists()
    client.force_login(clerk_b)

    client.post(BATCH, assign_post([theirs, outside], unit_b))

    rows = result_rows(client.get(RESULT))
    assert rows[theirs.number][0] == "done"
    assert rows[outside.number] == ("refused", "未找到该事项，或不在您的管辖范围内。")
    outside.refresh_from_db()
    assert outside.state == Petition.State.REGISTERED
    assert outside.responsible_unit is None
    assert not outside.events.exclude(action="register").exists()
    # The result page shows nothing of the case it refused.
    assert outside.summary not in client.get(RESULT).content.decode()


def test_a_case_changed_since_the_list_was_shown_is_refused_as_a_concurrent_change(client, people):
    case = register(by=people["clerk"])
    shown_version = case.version
    bulk_services_flag(case, people["office"])  # someone else changes it meanwhile
    client.force_login(people["office"])
    data = assign_post([case], people["unit"], versions=False)
    data[f"v-{case.number}"] = str(shown_version)

    client.post(BATCH, data)

    outcome, reason = result_rows(client.get(RESULT))[case.number]
    assert outcome == "refused"
    assert "期间已被他人修改" in reason
    case.refresh_from_db()
    assert case.state == Petition.State.REGISTERED


def bulk_services_flag(case, by):
    from petitions import services

    services.petition_set_flags(petition=case, is_key_case=True, is_backlog=False, by=by)


@pytest.mark.parametrize("persona", ["handler", "leader"])
def test_a_role_without_routing_gets_no_assign_control_and_403(client, people, persona):
    case = register(by=people["clerk"])
    client.force_login(people[persona])
    page = client.get("/petitions/").content.decode()
    assert 'value="assign"' not in page
    assert 'value="flag"' not in page
    assert 'formaction="/petitions/batch/export.xlsx"' in page

    response = client.post(BATCH, assign_post([case], people["unit"]))
    assert response.status_code == 403
    response = client.post(
        BATCH, {"operation": "flag", "batch-flag": "key_case_on", "selected": [case.number]}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert (case.state, case.is_key_case) == (Petition.State.REGISTERED, False)


def test_the_clerk_may_assign_but_not_flag(client, people):
    case = register(by=people["clerk"])
    client.force_login(people["clerk"])
    page = client.get("/petitions/").content.decode()
    assert 'value="assign"' in page
    assert 'value="flag"' not in page
    response = client.post(
        BATCH, {"operation": "flag", "batch-flag": "key_case_on", "selected": [case.number]}
    )
    assert response.status_code == 403


def test_the_office_sees_every_batch_action(client, people):
    register(by=people["clerk"])
    client.force_login(people["office"])
    page = client.get("/petitions/").content.decode()
    for marker in ('value="assign"', 'value="flag"', 'value="key_case_on"', 'value="listed_on"'):
        assert marker in page


def test_batch_is_post_only_and_needs_the_csrf_token(people):
    case = register(by=people["clerk"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["office"])
    assert browser.get(BATCH).status_code == 405
    assert browser.get(EXPORT).status_code == 405
    assert browser.post(BATCH, assign_post([case], people["unit"])).status_code == 403
    assert browser.post(EXPORT, {"selected": [case.number]}).status_code == 403
    case.refresh_from_db()
    assert case.state == Petition.State.REGISTERED


def test_more_cases_than_the_cap_are_refused_as_a_whole(client, people, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_LIMIT", 2)
    cases = [register(by=people["clerk"]) for _ in range(3)]
    client.force_login(people["office"])

    response = client.post(BATCH, assign_post(cases, people["unit"]), follow=True)

    assert response.redirect_chain[0][0] == "/petitions/?state=registered"
    assert "已选择 3 件，每批最多 2 件" in response.content.decode()
    assert not Petition.objects.exclude(state=Petition.State.REGISTERED).exists()
    # The cap counts distinct cases: the same number twice is one.
    data = assign_post(cases[:2], people["unit"])
    data["selected"] = [cases[0].number, cases[0].number, cases[1].number]
    client.post(BATCH, data)
    assert (client.get(RESULT).context["done"]) == 2


def test_nothing_selected_or_an_invalid_form_acts_on_nothing(client, people):
    case = register(by=people["clerk"])
    client.force_login(people["office"])
    response = client.post(BATCH, assign_post([], people["unit"]), follow=True)
    assert "请至少选择一件信访事项" in response.content.decode()

    response = client.post(BATCH, assign_post([case], people["unit"], due=due_in(0)), follow=True)
    assert "办理期限" in response.content.decode()  # the due date must be after today
    response = client.post(BATCH, {**assign_post([case], people["unit"]), "operation": "x"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == Petition.State.REGISTERED


def test_due_date_boundary_tomorrow_is_accepted_today_is_not(client, people):
    today_case, tomorrow_case = register(by=people["clerk"]), register(by=people["clerk"])
    client.force_login(people["office"])
    client.post(BATCH, assign_post([today_case], people["unit"], due=due_in(0)))
    client.post(BATCH, assign_post([tomorrow_case], people["unit"], due=due_in(1)))
    today_case.refresh_from_db()
    tomorrow_case.refresh_from_db()
    assert today_case.state == Petition.State.REGISTERED
    assert tomorrow_case.state == Petition.State.ASSIGNED


# --- Flags ---------------------------------------------------------------------------------------


def flag_post(cases, flag, **extra):
    return {
        "operation": "flag",
        "batch-flag": flag,
        "selected": [case.number for case in cases],
        **{f"v-{case.number}": str(case.version) for case in cases},
        **extra,
    }


def test_office_marks_key_cases_keeping_the_other_flag(client, people):
    plain = advance(register(by=people["clerk"]), "assigned", **people)
    backlog = advance(register(by=people["clerk"]), "assigned", **people)
    already = advance(register(by=people["clerk"]), "assigned", **people)
    from petitions import services

    backlog = services.petition_set_flags(
        petition=backlog, is_key_case=False, is_backlog=True, by=people["office"]
    )
    already = services.petition_set_flags(
        petition=already, is_key_case=True, is_backlog=False, by=people["office"]
    )
    closed = register(by=people["clerk"])
    closed = services.petition_reject(
        petition=closed, reason="other", note="重复", by=people["clerk"]
    )
    client.force_login(people["office"])

    client.post(BATCH, flag_post([plain, backlog, already, closed], "key_case_on"))

    rows = result_rows(client.get(RESULT))
    assert rows[plain.number][0] == rows[backlog.number][0] == "done"
    assert rows[already.number] == ("unchanged", "已是该状态，无需变更。")
    assert rows[closed.number][0] == "refused"
    for case in (plain, backlog):
        case.refresh_from_db()
        assert case.is_key_case
        assert case.events.filter(action="set_flags", actor=people["office"]).exists()
    assert backlog.is_backlog  # kept
    closed.refresh_from_db()
    assert not closed.is_key_case


def test_office_lists_cases_for_supervision_with_one_due_date(client, people):
    cases = [advance(register(by=people["clerk"]), "assigned", **people) for _ in range(2)]
    client.force_login(people["office"])

    response = client.post(BATCH, flag_post(cases, "listed_on"), follow=True)
    assert "挂牌督办须设定办结期限" in response.content.decode()
    assert not Petition.objects.filter(is_listed=True).exists()

    client.post(
        BATCH,
        flag_post(
            cases,
            "listed_on",
            **{"batch-listed_due": due_in(10), "batch-listed_reason": "久拖不决"},
        ),
    )
    assert client.get(RESULT).context["done"] == 2
    for case in cases:
        case.refresh_from_db()
        assert case.is_listed
        assert case.listed_due == timezone.localdate() + timedelta(days=10)
        assert case.listed_reason == "久拖不决"


# --- Export of the selection ---------------------------------------------------------------


def _sheet_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True))


def test_export_of_the_selection_holds_only_chosen_in_scope_rows_masked(client, people, clerk_b):
    accusation = register(
        by=people["clerk"],
        nature=Nature.ACCUSATION,
        summary="举报违规发放补贴",
        petitioners=[petitioner(name="欧阳明", id_number=valid_id_number(31))],
    )
    accusation = advance(accusation, "in_progress", **people)
    plain = advance(
        register(
            by=people["clerk"], petitioners=[petitioner(name="张三", id_number=valid_id_number(32))]
        ),
        "assigned",
        **people,
    )
    not_chosen = advance(register(by=people["clerk"]), "assigned", **people)
    outside = register(by=clerk_b, summary="乙矿的事项")
    client.force_login(people["handler"])

    response = client.post(EXPORT, {"selected": [accusation.number, plain.number, outside.number]})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = {row[0]: row for row in _sheet_rows(response)}
    assert set(rows) == {accusation.number, plain.number}
    assert not_chosen.number not in rows
    assert outside.number not in rows
    assert rows[accusation.number][5] == "（保密）"  # the handler may not know the accuser
    assert rows[plain.number][5] == "张三"

    client.force_login(people["office"])  # the office may know who filed
    rows = {
        row[0]: row for row in _sheet_rows(client.post(EXPORT, {"selected": [accusation.number]}))
    }
    assert rows[accusation.number][5] == "欧阳明"


def test_export_of_the_selection_is_capped(client, people, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_LIMIT", 1)
    cases = [register(by=people["clerk"]) for _ in range(2)]
    client.force_login(people["office"])
    response = client.post(EXPORT, {"selected": [case.number for case in cases]}, follow=True)
    assert "每批最多 1 件" in response.content.decode()


# --- The list page ---------------------------------------------------------------------------


def test_list_rows_carry_a_checkbox_and_the_version_shown(client, people):
    case = register(by=people["clerk"])
    client.force_login(people["office"])
    page = client.get("/petitions/").content.decode()
    assert f'name="selected" value="{case.number}" form="batch-form"' in page
    assert f'name="v-{case.number}" value="{case.version}" form="batch-form"' in page
    assert "data-batch-all" in page


def test_the_result_page_without_a_batch_says_so(client, people):
    client.force_login(people["office"])
    response = client.get(RESULT)
    assert response.status_code == 200
    assert "没有可显示的批量操作结果" in response.content.decode()
