"""The monthly notice (reports) shows accountability's sections, and publishing it
freezes the month's scores."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accountability import services
from accountability.models import ScoringMonth
from reports import services as report_services
from reports.exports import notice_workbook
from reports.periods import Period


@pytest.fixture
def notice(office, unit_a, unit_b, capital_rule, skip, settings):
    settings.REPORT_MONTH = "calendar"
    skip(unit_a, date(2025, 3, 10))
    services.scoring_month_run(year=2025, month=3, by=office)
    return report_services.notice_build(period=Period.of(2025, 3, "calendar"), by=office)


def test_the_notice_page_shows_scores_and_ranking(client, office, notice, unit_a):
    client.force_login(office)
    response = client.get(reverse("reports:monthly", args=["2025-03"]))
    assert "notice-section-scores" in response.content.decode()
    assert unit_a.name in response.content.decode()


def test_the_workbook_has_the_sections_as_sheets(notice):
    workbook = load_workbook(BytesIO(notice_workbook(notice).read()))
    assert len(workbook.sheetnames) >= 4
    values = {
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    }
    assert 95.0 in values


def test_publishing_the_notice_freezes_the_scores(office, notice):
    report_services.notice_publish(notice=notice, by=office)
    assert ScoringMonth.objects.current(2025, 3).is_frozen
    with pytest.raises(services.AccountabilityError):
        services.scoring_month_run(year=2025, month=3, by=office)
