"""A search by words shows its page at once and its count a moment later."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_petition_flow import sign_in_as
from tests.petitions.factories import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_search_shows_its_rows_then_its_count(page, login, people):
    for _ in range(4):
        register(by=people["clerk"], summary="反映拖欠工资", content="三个月未发放。")
    register(by=people["clerk"], summary="采煤塌陷区搬迁", content="补偿不到位。")

    sign_in_as(page, login, people["office"])
    page.goto("/petitions/")
    page.get_by_label("关键词").fill("工资")
    page.get_by_label("关键词").press("Enter")

    expect(page.locator("tbody tr")).to_have_count(4)
    header = page.locator(".card-header").first
    # The count arrives after the page: the link that would ask for it is replaced.
    expect(header).to_contain_text("共 4 件")
    expect(header.get_by_role("link", name="统计检索到的件数")).to_have_count(0)
