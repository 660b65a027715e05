import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_through_the_login_page_and_sees_chinese_navigation(page, login, clerk):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.get_by_label("用户名")).to_be_visible()

    login(clerk)

    navigation = page.get_by_role("navigation", name="主导航")
    expect(navigation.get_by_role("link", name="工作台")).to_be_visible()
    expect(page.get_by_text(clerk.full_name).first).to_be_visible()
    # Bootstrap came from our own static files: the navbar is styled.
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"
    # Nothing was fetched from any host but the local server.
    assert {host.split(":")[0] for host in page.contacted_hosts} <= {"localhost", "127.0.0.1"}


def test_wrong_password_shows_a_chinese_error(page, clerk):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(clerk.username)
    page.locator("#id_password").fill("not-the-password")
    page.locator("#login-form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("请输入一个正确的")


def test_dashboard_charts_draw_under_the_content_security_policy(page, login, office):
    login(office)
    page.goto("/")
    canvas = page.locator("canvas[id^='chart-']").first
    expect(canvas).to_be_visible()
    # Chart.js drew: the canvas got its pixel size from the script.
    assert canvas.evaluate("c => c.width") > 0
    assert not page.csp_errors


def test_language_select_submits_without_an_inline_handler(page, login, clerk):
    login(clerk)
    page.locator("nav .dropdown-toggle").last.click()
    page.locator("#nav-language").select_option("en")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
