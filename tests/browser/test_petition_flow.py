"""A case's life in the browser: registered, assigned, handled, signed off, approved."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions.models import Petition
from tests.petitions.factories import valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def act(page, label, fields=None):
    """Open an action of the detail page, fill its fields and submit it."""
    page.get_by_role("button", name=label, exact=True).first.click()
    panel = page.locator(".accordion-collapse.show")
    for selector, value in (fields or {}).items():
        element = panel.locator(selector)
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)
    panel.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已完成")).to_be_visible()


def sign_in_as(page, login, user):
    page.context.clear_cookies()
    login(user)


@pytest.fixture
def private_cache(settings):
    """The public query page counts attempts per address: this browser (127.0.0.1)
    must not inherit the attempts other tests of the session made from it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "petition-flow",
        }
    }


def test_a_visit_is_registered_assigned_handled_signed_off_and_approved(
    page, login, clerk, handler, leader, office, unit_a, private_cache
):
    sign_in_as(page, login, clerk)
    page.get_by_role("link", name="登记").first.click()
    page.get_by_label("信访形式").select_option("visit")
    page.get_by_label("申诉求决类").check()
    page.get_by_label("内容分类").select_option(label="工资待遇")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("身份证号码").fill(valid_id_number(5))
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("概况").fill("反映综采一区拖欠三个月工资")
    page.get_by_label("诉求、事实和理由").fill(
        "本人系甲煤矿综采一区职工，单位拖欠三个月工资，请求发放。"
    )
    page.get_by_role("button", name="登记", exact=True).click()

    expect(page.get_by_text("已登记，编号")).to_be_visible()
    petition = Petition.objects.get()
    assert page.url.endswith(f"/petitions/{petition.number}/")

    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    act(
        page,
        "交办",
        {"select[name='assign-unit']": str(unit_a.pk), "input[name='assign-due']": due},
    )
    expect(page.locator(".badge-state")).to_have_text("已交办")

    sign_in_as(page, login, handler)
    page.goto(f"/petitions/{petition.number}/")
    act(page, "签收受理")
    expect(page.locator(".badge-state")).to_have_text("办理中")
    act(
        page,
        "提交办结报告",
        {
            "textarea[name='submit_report-report']": "经调查，拖欠属实，已协调发放。",
            "select[name='submit_report-opinion']": "support",
            "textarea[name='submit_report-text']": "经核实，综采一区确有拖欠。",
            "textarea[name='submit_report-basis']": "《工资支付暂行规定》第七条",
        },
    )
    expect(page.locator(".badge-state")).to_have_text("待签发")

    sign_in_as(page, login, leader)
    page.goto("/")
    # Listed under "Waiting for me" first, and again under "Awaiting my sign-off".
    page.get_by_role("link", name=petition.number).first.click()
    act(page, "签发")
    expect(page.locator(".badge-state")).to_have_text("待信访办审核")

    sign_in_as(page, login, office)
    page.goto(f"/petitions/{petition.number}/")
    act(page, "审核通过")
    expect(page.locator(".badge-state")).to_have_text("已答复")

    # The letter the office prints carries the query code; the petitioner checks progress.
    with page.expect_popup() as opened:
        page.get_by_role("link", name="处理意见书").click()
    letter = opened.value
    letter.wait_for_load_state()
    expect(letter.get_by_text(petition.query_code).first).to_be_visible()
    letter.close()
    page.context.clear_cookies()
    page.goto("/query/")
    page.locator("input[name='code']").fill(petition.query_code.lower().replace("-", ""))
    page.locator("input[name='phone_last4']").fill("8000")
    page.locator("form button[type=submit]").first.click()
    expect(page.get_by_text("已答复").first).to_be_visible()
    expect(page.get_by_text("张三")).to_have_count(0)

    petition.refresh_from_db()
    assert petition.state == Petition.State.REPLIED
    assert [event.action for event in petition.events.all()] == [
        "register",
        "assign",
        "receive",
        "submit_report",
        "sign_off",
        "approve",
    ]
    assert {host.split(":")[0] for host in page.contacted_hosts} <= {"localhost", "127.0.0.1"}
