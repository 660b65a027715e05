"""A reception day in the browser: the office publishes it (at short notice, with a
reason), the public sees it, the clerk records a visit, the leader finds the case."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organization.models import Leadership
from organization.roles import Role
from petitions.models import Channel, Petition
from tests.factories import UserFactory
from tests.petitions.factories import valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_publishes_public_sees_clerk_records_leader_follows(
    page, login, office, clerk, unit_a
):
    chief = UserFactory(
        username="chief",
        full_name="赵国强",
        title="矿长",
        unit=unit_a,
        roles=[Role.LEADER],
        leadership=Leadership.MAIN,
    )
    today = timezone.localdate().isoformat()

    login(office)
    page.goto("/reception/days/new/")
    page.locator("select[name=leader]").select_option(str(chief.pk))
    page.locator("select[name=unit]").select_option(str(unit_a.pk))
    page.locator("input[name=date]").fill(today)
    page.locator("input[name=starts_at]").fill("08:30")
    page.locator("input[name=ends_at]").fill("11:30")
    page.locator("input[name=place]").fill("甲煤矿信访接待室")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("领导接访日已保存")).to_be_visible()

    page.locator("form[action$='/publish/'] textarea[name=reason]").fill("矿长临时安排接访")
    page.get_by_role("button", name="公示").click()
    expect(page.get_by_text("已公示：该接访日已显示在公开日程上")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/reception/public/")
    table = page.locator("#public-days")
    expect(table).to_contain_text("赵国强")
    expect(table).to_contain_text("甲煤矿信访接待室")

    login(clerk)
    page.goto("/reception/days/?when=upcoming")
    page.get_by_role("link", name=today).click()
    page.get_by_role("link", name="登记来访").click()
    page.get_by_label("申诉求决类").check()
    page.get_by_label("内容分类").select_option(label="工资待遇")
    page.get_by_label("姓名").fill("李四")
    page.get_by_label("身份证号码").fill(valid_id_number(8))
    page.get_by_label("概况").fill("反映井下津贴未按时发放")
    page.get_by_label("诉求、事实和理由").fill("本人系甲煤矿职工，井下津贴两个月未发放。")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("已登记，编号")).to_be_visible()

    petition = Petition.objects.get()
    assert petition.channel == Channel.LEADER_RECEPTION
    assert petition.owning_leader == chief

    page.context.clear_cookies()
    login(chief)
    page.get_by_role("button", name="信访接待").click()
    page.get_by_role("link", name="我接访的事项").click()
    received = page.locator("#received")
    expect(received).to_contain_text(petition.number)
    expect(received).to_contain_text("已登记")
