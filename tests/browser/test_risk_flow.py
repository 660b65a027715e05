"""Monthly screening in the browser: the unit's handler files a 重大 hazard, its leader
signs the report, the office is alerted (bell and inbox), dispatches it, the unit
marks it resolved and the month's summary notice (一通报) shows it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organization.models import Leadership
from organization.periods import Period
from organization.roles import Role
from risk.models import Hazard, HazardDispatch, ScreeningReport
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REPORT_MONTH = "calendar"
    settings.RISK_SCREENING_DUE_DAY = 25


def test_unit_files_major_hazard_office_dispatches_unit_resolves_notice_shows_it(
    page, login, office, handler, unit_a
):
    chief = UserFactory(
        username="chief",
        full_name="赵国强",
        title="矿长",
        unit=unit_a,
        roles=[Role.LEADER],
        leadership=Leadership.MAIN,
    )
    summary = "关停工作面分流职工酝酿赴省上访"

    # The unit's handler starts this month's report and adds a 重大 hazard.
    login(handler)
    page.goto("/risk/screening/")
    page.get_by_role("button", name="开始填报").click()
    form = page.locator("form[data-hazard-form]")
    form.get_by_label("隐患类型").select_option("unstable")
    form.get_by_label("隐患内容").fill(summary)
    form.get_by_label("内容分类").select_option(label="工资待遇")
    form.get_by_label("涉及人数").fill("86")
    form.get_by_label("隐患等级").select_option("major")
    form.get_by_label("包案领导").select_option(str(chief.pk))
    form.get_by_label("化解措施").fill("矿长包案，召开分流职工代表会，公布安置岗位")
    page.get_by_role("button", name="添加隐患").click()
    expect(page.get_by_text("隐患已添加")).to_be_visible()
    expect(page.get_by_role("button", name="签发并报送")).to_have_count(0)  # a handler
    report = ScreeningReport.objects.get()

    # The unit's leader signs: the report is filed.
    page.context.clear_cookies()
    login(chief)
    page.goto(report.get_absolute_url())
    page.get_by_role("button", name="签发并报送").click()
    expect(page.get_by_text("按时报送").first).to_be_visible()

    # The office sees the alert: the bell counts it and the inbox leads to the hazard.
    page.context.clear_cookies()
    login(office)
    expect(page.locator("#nav-bell [data-unread]")).to_have_text("1")
    page.locator("#nav-bell").click()
    expect(page.get_by_text(f"甲煤矿报告重大隐患：{summary}")).to_be_visible()
    page.locator("li", has_text=summary).get_by_role("button").click()
    hazard = Hazard.objects.get()
    card = page.locator(f"#hazard-{hazard.pk}")
    expect(card).to_contain_text(summary)

    # 一调度: to the unit, with a deadline.
    card.locator("summary").click()
    dispatch = card.locator("form[data-dispatch-form]")
    dispatch.locator("select[name=to_unit]").select_option(str(unit_a.pk))
    deadline = timezone.localdate() + timedelta(days=10)
    dispatch.locator("input[name=deadline]").fill(deadline.isoformat())
    dispatch.locator("textarea[name=instructions]").fill("三日内制定一案一策方案报信访办")
    dispatch.get_by_role("button", name="调度", exact=True).click()
    expect(page.get_by_text("隐患已调度")).to_be_visible()
    expect(card.locator("[data-dispatch]")).to_contain_text(deadline.isoformat())
    assert HazardDispatch.objects.filter(hazard=hazard, to_unit=unit_a).exists()

    # The unit marks it resolved.
    page.context.clear_cookies()
    login(handler)
    page.goto(report.get_absolute_url())
    card = page.locator(f"#hazard-{hazard.pk}")
    card.get_by_label("状态").select_option("resolved")
    card.get_by_label("说明").fill("安置方案落实到人，职工情绪稳定")
    card.get_by_role("button", name="更新状态").click()
    expect(card.locator("[data-status]")).to_have_text("已化解")
    expect(page.locator("[data-action=hazard_status]")).to_contain_text("化解中 → 已化解")
    hazard.refresh_from_db()
    assert hazard.status == Hazard.Status.RESOLVED

    # 一通报: the month's summary notice shows the hazard, major and resolved.
    page.context.clear_cookies()
    login(office)
    page.goto(f"/risk/screening/month/{Period.containing(timezone.localdate()).key}/")
    page.get_by_role("link", name="排查通报").click()
    row = page.locator("tr", has_text=summary)
    expect(row).to_contain_text("重大")
    expect(row).to_contain_text("已化解")
    expect(row).to_contain_text("赵国强")
