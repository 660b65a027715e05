"""The office runs a month, the unit reads its breakdown, the office confirms the proposed
通报批评 and the unit's 整改 report is tracked to receipt."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accountability import services
from accountability.models import Consequence, Metric, Rule, UnitScore
from tests.reception.factories import make_skip_level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def capital_rule(db):
    return Rule.objects.create(
        name="进京访（批次）",
        metric=Metric.SKIP_CAPITAL_BATCHES,
        points=Decimal("-5"),
        active_from=date(2020, 1, 1),
    )


@pytest.fixture
def skip(office):
    return lambda unit, on: make_skip_level(by=office, unit=unit, on=on)


def test_office_runs_month_unit_sees_breakdown_office_confirms_unit_reports(
    page, login, live_server, office, leader, unit_a, unit_b, capital_rule, skip
):
    for month in (1, 2, 3):
        skip(unit_a, date(2025, month, 10))
    services.scoring_month_run(year=2025, month=1, by=office)
    services.scoring_month_run(year=2025, month=2, by=office)

    login(office)
    page.goto(live_server.url + reverse("accountability:month", args=[2025, 3]))
    page.locator("form[action$='/run/'] button").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    consequence = Consequence.objects.get()
    expect(page.locator(f"a[href='{consequence.get_absolute_url()}']")).to_be_visible()

    page.context.clear_cookies()
    login(leader)
    score = UnitScore.objects.get(unit=unit_a, scoring_month__month=3)
    page.goto(live_server.url + score.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("95")
    expect(page.locator("table a[href*='/reception/skip-level/']")).to_have_count(1)

    page.context.clear_cookies()
    login(office)
    page.goto(live_server.url + consequence.get_absolute_url())
    page.locator("form[action$='/confirm/'] textarea").fill("连续三个月末位")
    page.locator("form[action$='/confirm/'] button.btn-danger").click()
    expect(page.locator("#report-status .badge")).to_be_visible()
    consequence = Consequence.objects.get(pk=consequence.pk)
    assert consequence.state == Consequence.State.CONFIRMED
    assert consequence.report_due is not None

    page.context.clear_cookies()
    login(leader)
    page.goto(live_server.url + consequence.get_absolute_url())
    page.locator("form[action$='/report/'] textarea").fill("整改措施：领导包案，逐案化解。")
    page.locator("form[action$='/report/'] button").click()
    expect(page.locator("#report-status .text-bg-success")).to_be_visible()
    consequence = Consequence.objects.get(pk=consequence.pk)
    assert consequence.report_received_on is not None
