"""The back button after registering, then submitting again, shows the case already
registered (the page puts back the token this tab submitted) instead of a second case."""

import pytest
from playwright.sync_api import expect

from petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(page):
    page.get_by_label("内容分类").select_option(label="工资待遇")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("概况").fill("反映综采一区拖欠三个月工资")
    page.get_by_label("诉求、事实和理由").fill("单位拖欠三个月工资，请求发放。")


def test_back_button_and_resubmit_shows_the_case_already_registered(page, login, clerk):
    login(clerk)
    page.get_by_role("link", name="登记").first.click()
    fill(page)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("已登记，编号")).to_be_visible()
    petition = Petition.objects.get()

    page.go_back()
    fill(page)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("此登记表已经提交过")).to_be_visible()
    assert page.url.endswith(f"/petitions/{petition.number}/")
    assert Petition.objects.count() == 1

    # A new registration opened from the menu is a new form: it registers a new case.
    page.get_by_role("link", name="登记").first.click()
    fill(page)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("已登记，编号")).to_be_visible()
    assert Petition.objects.count() == 2
