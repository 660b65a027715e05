"""The office assigns several cases at once from the list; the result says which were done
and why the others were not."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions.models import Petition
from tests.browser.test_petition_flow import sign_in_as
from tests.petitions.factories import advance, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_assigns_three_selected_cases_two_done_one_refused(page, login, people):
    first = register(by=people["clerk"], summary="第一件待交办")
    second = register(by=people["clerk"], summary="第二件待交办")
    handled = advance(register(by=people["clerk"], summary="已在办理"), "in_progress", **people)
    other = register(by=people["clerk"], summary="不选的事项")

    sign_in_as(page, login, people["office"])
    page.goto("/petitions/?sort=number")
    assign = page.get_by_role("button", name="交办所选")
    expect(assign).to_be_disabled()  # nothing selected yet
    for case in (first, second, handled):
        page.get_by_label(f"选择 {case.number}").check()
    expect(page.locator("[data-batch-count]")).to_have_text("3")
    assign.click()
    page.get_by_label("交办单位").select_option(str(people["unit"].pk))
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label("办理期限").fill(due.isoformat())
    page.get_by_role("button", name="交办", exact=True).click()

    expect(page.get_by_role("heading", name="批量操作结果：交办")).to_be_visible()
    expect(page.locator("[data-batch-summary]")).to_contain_text("已完成 2 件")
    expect(page.locator("[data-batch-summary]")).to_contain_text("未执行 1 件")
    refused = page.locator("tr[data-outcome='refused']")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(handled.number)
    expect(refused).to_contain_text("当前状态（办理中）下不能进行该操作")
    done = page.locator("tr[data-outcome='done']")
    expect(done).to_have_count(2)
    for row in (first, second):
        line = done.filter(has_text=row.number)
        expect(line).to_contain_text("已交办")
        expect(line).to_contain_text(people["unit"].name)

    # The list shows the assigned cases with their unit; the one not chosen is untouched.
    page.get_by_role("link", name="返回列表").click()
    for case in (first, second):
        expect(page.locator("tr").filter(has_text=case.number)).to_contain_text(people["unit"].name)
    other.refresh_from_db()
    assert other.state == Petition.State.REGISTERED
    first.refresh_from_db()
    assert (first.state, first.assigned_due) == (Petition.State.ASSIGNED, due)


def test_select_all_on_the_page_and_the_handler_sees_export_only(page, login, people):
    for index in range(3):
        advance(register(by=people["clerk"], summary=f"甲矿事项{index}"), "assigned", **people)

    sign_in_as(page, login, people["handler"])
    page.goto("/petitions/")
    expect(page.get_by_role("button", name="交办所选")).to_have_count(0)
    expect(page.get_by_role("button", name="标记所选")).to_have_count(0)
    export = page.get_by_role("button", name="导出所选")
    expect(export).to_be_disabled()
    page.get_by_label("全选本页").check()
    expect(page.locator("[data-batch-count]")).to_have_text("3")
    expect(export).to_be_enabled()
    with page.expect_download() as download:
        export.click()
    assert download.value.suggested_filename.endswith(".xlsx")
