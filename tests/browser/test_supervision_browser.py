"""The office runs the deadline checks and reads its inbox; the unit answers a 督办单."""

import pytest
from playwright.sync_api import expect

from petitions.models import CaseEvent
from supervision.models import SupervisionNotice
from tests.supervision.test_supervision_views import overdue_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_runs_checks_sees_reminder_and_unit_answers_notice(
    page, login, clerk, handler, leader, office, unit_a
):
    overdue_cases(1, unit_a, clerk)

    login(office)
    page.get_by_role("link", name="督查督办").first.click()
    expect(page.get_by_role("heading", name="督查督办")).to_be_visible()
    expect(page.get_by_role("link", name="XF2026000001")).to_be_visible()
    page.get_by_role("button", name="立即检查办理时限").click()
    expect(page.get_by_role("alert").filter(has_text="时限检查完成")).to_be_visible()

    expect(page.locator("#nav-bell [data-unread]")).to_be_visible()
    page.locator("#nav-bell").click()
    expect(page.get_by_role("heading", name="消息")).to_be_visible()
    expect(page.locator("[data-notification=overdue]").first).to_contain_text("XF2026000001")
    expect(page.locator("[data-notification=supervision]").first).to_contain_text("DB2026")

    notice = SupervisionNotice.objects.get()
    page.context.clear_cookies()
    login(handler)
    page.get_by_role("link", name="督办单").first.click()
    page.get_by_role("link", name=notice.number).click()
    page.get_by_label("单位已采取哪些措施").fill("已约谈信访人，拟于本周内办结。")
    page.get_by_role("button", name="提交反馈").click()
    expect(page.get_by_role("alert").filter(has_text="反馈已报送信访办")).to_be_visible()
    expect(page.locator("#notice-feedback")).to_have_text("已约谈信访人，拟于本周内办结。")
    assert CaseEvent.objects.filter(action="supervision_feedback", actor=handler).exists()
    assert not {host for host in page.contacted_hosts if not host.startswith("localhost")} - {
        page.url.split("/")[2]
    }
