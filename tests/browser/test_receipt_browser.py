"""A walk-in without a phone: registered, the receipt printed at once, and the public
query opened with the query code and the receipt's check code (查询密码)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organization.templatetags.official import official_date_text
from petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_cache(settings):
    """The query throttle counts per address: not the attempts of other tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "receipt-flow",
        }
    }


def test_walk_in_registered_receipt_printed_and_queried_with_the_check_code(
    page, login, clerk, live_server, private_cache
):
    login(clerk)
    page.get_by_role("link", name="登记").first.click()
    # The visit's fields are asked for a walk-in only, filled with now and the clerk.
    expect(page.get_by_label("来访时间")).to_be_hidden()
    page.get_by_label("信访形式").select_option("visit")
    expect(page.get_by_label("来访时间")).to_be_visible()
    expect(page.get_by_label("接待人")).to_have_value(str(clerk.pk))
    page.get_by_label("来访时间").fill(timezone.localtime().strftime("%Y-%m-%dT00:10"))
    page.get_by_label("申诉求决类").check()
    page.get_by_label("内容分类").select_option(label="工资待遇")
    page.get_by_label("姓名").fill("王五")
    # No phone: the form says how the petitioner will follow the progress.
    expect(page.locator("[data-no-phone-note]")).to_be_visible()
    expect(page.locator("[data-no-phone-note]")).to_contain_text("6位查询密码")
    page.get_by_label("联系电话").fill("1380013")
    expect(page.locator("[data-no-phone-note]")).to_be_hidden()
    page.get_by_label("联系电话").fill("")
    expect(page.locator("[data-no-phone-note]")).to_be_visible()
    page.get_by_label("概况").fill("反映退休待遇未落实")
    page.get_by_label("诉求、事实和理由").fill("本人退休后待遇未按规定落实，请求核查。")
    page.get_by_role("button", name="登记", exact=True).click()

    expect(page.get_by_text("已登记，编号")).to_be_visible()
    petition = Petition.objects.get()
    assert petition.visit_at is not None
    assert petition.received_by == clerk
    prompt = page.locator("#receipt-prompt")
    expect(prompt).to_be_visible()
    prompt.get_by_role("link", name="打印登记回执").click()

    page.wait_for_url(f"**/petitions/{petition.number}/receipt/")
    sheet = page.locator("#receipt")
    expect(sheet).to_contain_text("信访事项登记回执")
    expect(sheet.locator("[data-receipt-number]")).to_have_text(petition.number)
    expect(sheet.locator("[data-receipt-query-code]")).to_have_text(petition.query_code)
    expect(sheet.locator("[data-receipt-url]")).to_have_text(f"{live_server.url}/query/")
    expect(sheet.locator("[data-receipt-visit]")).to_contain_text("00:10")
    expect(sheet).to_contain_text(clerk.get_full_name())
    for day in (petition.route_due, petition.acceptance_due):
        expect(sheet).to_contain_text(f"{official_date_text(day)}前")
    expect(sheet.locator("[data-receipt-due]")).to_have_count(3)
    check_code = sheet.locator("[data-receipt-check-code]").inner_text()
    assert re.fullmatch(r"\d{6}", check_code)
    # The print view: no navigation, the sheet alone on the page.
    page.emulate_media(media="print")
    expect(page.locator(".navbar")).to_be_hidden()
    expect(page.locator(".receipt-toolbar").first).to_be_hidden()
    expect(sheet).to_be_visible()
    page.emulate_media(media="screen")

    # The petitioner, at home: query code and check code.
    page.context.clear_cookies()
    page.goto("/query/")
    page.locator("input[name='code']").fill(petition.query_code.lower())
    page.locator("input[name='check_code']").fill("000000" if check_code != "000000" else "111111")
    page.locator("#query-form button[type=submit]").click()
    expect(page.locator("#query-error")).to_contain_text("查询码、手机号码后四位或查询密码不正确")
    page.locator("input[name='code']").fill(petition.query_code)
    page.locator("input[name='check_code']").fill(check_code)
    page.locator("#query-form button[type=submit]").click()
    result = page.locator("#progress-result")
    expect(result).to_contain_text("已登记")
    expect(result).to_contain_text(official_date_text(petition.route_due))
    expect(page.get_by_text("王五")).to_have_count(0)
