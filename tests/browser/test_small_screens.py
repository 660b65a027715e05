"""The four everyday pages on a phone (390 px) and on a desktop (1366 px): no page
scrolls sideways, nothing the user needs is cut off, and the navigation opens.

Screenshots go to pytest's tmp path, or to $SCREENSHOT_DIR when it is set (to look at them)."""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions.models import Petition
from reports import services as report_services
from reports.periods import Period
from tests.petitions.factories import advance, moment, petitioner, register, valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 390, 1366
WIDTHS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]

LONG_SUMMARY = "反映综采一区井下一线职工入井津贴标准多年未调整、低于周边同类矿井水平，请求研究提高"
LONG_ADDRESS = "安徽省淮北市相山区人民路街道工人村第十二居民小区东区二十三号楼三单元六〇二室"


@pytest.fixture
def screenshots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page, name):
        path = folder / f"{name}-{page.viewport_size['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
        return path

    return shoot


@pytest.fixture
def case(people, clerk, handler):
    """A case in unit A's hands with a running handling clock, two petitioners and
    long texts, and some other cases around it in the list."""
    for serial in range(2, 6):
        register(by=clerk, summary=f"反映食堂饭菜价格问题（{serial}）")
    petition = register(
        by=clerk,
        summary=LONG_SUMMARY,
        petitioners=[
            petitioner(address=LONG_ADDRESS),
            petitioner(
                name="李四", id_number=valid_id_number(7), phone="13900139000", address=LONG_ADDRESS
            ),
        ],
    )
    return advance(petition, Petition.State.IN_PROGRESS, **people)


def open_at(page, login, user, width):
    page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})
    login(user)


def assert_no_sideways_scroll(page):
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width} px wide in {inner_width} px"


def assert_in_view(page, locator):
    """Visible and not cut off at either side of the window."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] >= 0, (locator, box)
    assert box["x"] + box["width"] <= width + 0.5, (locator, box, width)


def assert_navigation_opens(page, width):
    toggler = page.locator(".navbar-toggler")
    link = page.locator("#main-nav").get_by_role("link", name="信访事项", exact=True)
    if width == PHONE:
        expect(toggler).to_be_visible()
        expect(link).to_be_hidden()
        toggler.click()
    else:
        expect(toggler).to_be_hidden()
    assert_in_view(page, link)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_petition_list_fits_and_shows_number_state_and_due(
    page, login, clerk, case, width, screenshots
):
    open_at(page, login, clerk, width)
    page.goto("/petitions/")
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=case.number))
    assert_in_view(page, row.get_by_role("link", name=case.number))
    assert_in_view(page, row.locator(".badge-state"))
    assert_in_view(page, row.locator("td", has_text="天").last)  # the due badge: "剩 n 天"
    assert_in_view(page, row.get_by_text("甲煤矿", exact=True))
    received = row.get_by_text(timezone.localdate().isoformat(), exact=True)
    if width == PHONE:
        expect(received).to_be_hidden()  # the phone shows a subset of the columns
        expect(row.get_by_text(LONG_SUMMARY[:20])).to_be_visible()
    else:
        expect(received).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshots(page, "petition-list")
    assert_navigation_opens(page, width)
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_case_page_stacks_its_panels(page, login, handler, case, width, screenshots):
    open_at(page, login, handler, width)
    page.goto(f"/petitions/{case.number}/")
    assert_in_view(page, page.locator("main").get_by_text(case.number, exact=True).last)
    assert_in_view(page, page.locator("main .badge-state").first)
    due = page.locator("[data-due]")
    assert_in_view(page, due.get_by_text(case.current_due.isoformat()))
    people = page.locator("#people")
    assert_in_view(page, people.get_by_text("李四"))
    expect(people.get_by_text(LONG_ADDRESS).first).to_be_visible()
    address = people.get_by_text(LONG_ADDRESS).first.bounding_box()
    assert address["x"] + address["width"] <= width  # wrapped, not clipped
    facts = page.locator(".card", has=page.get_by_text("基本情况", exact=True)).bounding_box()
    clocks = page.locator(".card", has=page.get_by_text("办理时限", exact=True)).first
    clocks = clocks.bounding_box()
    if width == PHONE:
        assert clocks["y"] > facts["y"] + facts["height"]  # one column: the panels stack
    else:
        assert clocks["x"] > facts["x"] + facts["width"]  # side by side
    assert_no_sideways_scroll(page)
    screenshots(page, "case-page")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_registration_form_is_one_column_with_touch_size_controls(
    page, login, clerk, width, screenshots
):
    open_at(page, login, clerk, width)
    page.goto("/petitions/new/")
    submit = page.locator("#registration-form button[type=submit]")
    submit.scroll_into_view_if_needed()
    assert_in_view(page, submit)
    channel = page.locator("#id_channel").bounding_box()
    received = page.locator("#id_received_on").bounding_box()
    if width == PHONE:
        form = page.locator("#registration-form").bounding_box()
        assert channel["width"] > form["width"] * 0.8  # full width
        assert received["y"] > channel["y"] + channel["height"]  # under it, not beside it
        for control in ("#id_channel", "#id_summary", "#id_people-0-name", "#id_people-0-relation"):
            assert page.locator(control).bounding_box()["height"] >= 44, control
        assert submit.bounding_box()["height"] >= 44
    else:
        assert received["y"] == pytest.approx(channel["y"], abs=2)  # side by side
    assert_no_sideways_scroll(page)
    screenshots(page, "registration-form")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_monthly_page_keeps_its_tables_in_their_boxes(
    page, login, office, clerk, unit_a, width, screenshots
):
    period = Period.last_completed(timezone.localdate())
    register(by=clerk, at=moment(period.last), responsible_unit=unit_a)
    report_services.notice_build(period=period, by=office)

    open_at(page, login, office, width)
    page.goto(f"/reports/monthly/{period.key}/")
    assert_in_view(page, page.locator(".notice h1"))
    units = page.locator(".notice table.units")
    expect(units).to_be_visible()
    assert_in_view(page, units.get_by_text("甲煤矿", exact=True))  # the row heading
    statistics = page.locator(".table-responsive", has=page.locator(".stats-table"))
    statistics.scroll_into_view_if_needed()
    assert_in_view(page, statistics)
    assert_in_view(page, page.get_by_role("button", name="印发"))
    assert_no_sideways_scroll(page)
    screenshots(page, "monthly-notice")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_english_pages_fit_too(
    page, login, office, clerk, case, live_server, width, screenshots
):
    """English labels are longer: the menu and the notice's table still keep to the window."""
    period = Period.last_completed(timezone.localdate())
    register(by=clerk, at=moment(period.last), responsible_unit=case.responsible_unit)
    report_services.notice_build(period=period, by=office)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    open_at(page, login, office, width)
    page.goto("/petitions/")
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=case.number))
    assert_in_view(page, row.get_by_text("In progress"))
    assert_no_sideways_scroll(page)
    screenshots(page, "petition-list-en")
    page.goto(f"/reports/monthly/{period.key}/")
    expect(page.locator(".notice h1")).to_have_text(
        f"Monthly notice on petition work, {period.key}"
    )
    assert_in_view(page, page.get_by_role("button", name="Publish"))
    assert_no_sideways_scroll(page)
    screenshots(page, "monthly-notice-en")
    if width == PHONE:
        page.locator(".navbar-toggler").click()
    assert_in_view(page, page.locator("#main-nav").get_by_role("link", name="Reports"))
