"""Every download: spreadsheets hold text as text (no formula injection), and every
file carries the right type, nosniff and no-store.

EXPORTS lists every export URL; test_every_export_url_is_listed fails when a new
one appears in the URL conf without being added here.
"""

import re
import zipfile
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from organization.models import Leadership, Unit, User
from organization.roles import Role
from petitions.models import Petition
from reception import services as reception_services
from reports import services as report_services
from reports.periods import Period
from supervision import alerts
from tests.factories import UserFactory
from tests.petitions.factories import petitioner, register
from tests.reception.factories import make_day, make_skip_level, visit_data

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
UNIT_NAME = "=甲煤矿&HYPERLINK(1)"
LEADER_NAME = "@张矿长"

# URL name → (who downloads, query string). Months and keys are filled in below.
EXPORTS = {
    "petitions:export": ("office", ""),
    "supervision:export": ("office", ""),
    "supervision:notices_export": ("office", ""),
    "reception:day_export": ("office", "?when=all"),
    "reception:received_export": ("main_leader", ""),
    "reception:alert_export": ("office", "?show=all"),
    "reception:skip_level_export": ("office", ""),
    "risk:backlog_export": ("office", ""),
    "reception:duty_export": ("office", "?month={month}"),
    "reports:xlsx": ("office", ""),
    "risk:screening_notice_xlsx": ("office", ""),
    "accountability:payroll_xlsx": ("office", ""),
}
# Downloads of a selection posted from a list (POST only, CSRF): URL name → who downloads.
# The posted numbers are the hostile cases of the fixture below.
POSTED_EXPORTS = {
    "petitions:batch_export": "office",
}
# PDFs (WeasyPrint): the monthly notice; every letter, the case file and the 督办单
# (tests/petitions/test_letter_documents.py checks their text and their access rules).
PDF_DOWNLOADS = {
    "reports:pdf",
    "petitions:letter_pdf",
    "petitions:case_file",
    # The registration receipt (tests/petitions/test_receipt.py).
    "petitions:receipt_pdf",
    "supervision:notice_pdf",
    "risk:screening_notice_pdf",
    "risk:assessment_pdf",
}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", str(entry.pattern)


def test_every_export_url_is_listed():
    downloads = {
        name
        for name, pattern in _walk(get_resolver().url_patterns)
        if re.search(r"(xlsx|pdf|csv|xls|export)", pattern) and not name.startswith("admin:")
    }
    assert downloads == set(EXPORTS) | set(POSTED_EXPORTS) | PDF_DOWNLOADS


@pytest.fixture(autouse=True)
def defaults(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEADLINE_DAYS = "calendar"
    settings.DEADLINE_ROLL_TO_WORKDAY = False
    settings.REPORT_MONTH = "calendar"
    settings.COLLECTIVE_ALERT_HEADCOUNT = 20


@pytest.fixture
def main_leader(unit_a):
    return UserFactory(
        username="chief_a",
        title="矿长",
        unit=unit_a,
        roles=[Role.LEADER],
        leadership=Leadership.MAIN,
    )


@pytest.fixture
def hostile(clerk, office, unit_a, main_leader):
    """Data whose text starts like a formula, in every export's columns."""
    Unit.objects.filter(pk=unit_a.pk).update(name=UNIT_NAME)
    User.objects.filter(pk=main_leader.pk).update(full_name=LEADER_NAME)
    unit_a.refresh_from_db()
    main_leader.refresh_from_db()
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    numbers = [register(by=clerk, summary=payload).number for payload in PAYLOADS]
    # Overdue in handling, so that they are supervised and get 督办单.
    Petition.objects.filter(number__in=numbers).update(
        state=Petition.State.IN_PROGRESS,
        responsible_unit=unit_a,
        accepted_on=yesterday - timedelta(days=59),
        handling_due=yesterday,
        current_clock="handling",
        current_due=yesterday,
    )
    alerts.run_deadline_checks()
    day = make_day(
        leader=main_leader,
        unit=unit_a,
        on=today - timedelta(days=1),
        by=clerk,
        place=PAYLOADS[3],
    )
    reception_services.visit_record(
        day=day,
        data=visit_data(
            summary=PAYLOADS[2],
            headcount=25,
            petitioners=[petitioner(name=PAYLOADS[1], is_representative=True)],
        ),
        by=clerk,
    )
    make_skip_level(by=clerk, unit=unit_a, on=today, summary=PAYLOADS[0], place=PAYLOADS[4])
    from risk.models import BacklogPlan

    BacklogPlan.objects.bulk_create(
        BacklogPlan(
            petition=case,
            causes=PAYLOADS[5],
            measures=PAYLOADS[1],
            owning_leader=main_leader,
            deadline=today,
            approved_by=PAYLOADS[3],
            created_by=office,
        )
        for case in Petition.objects.filter(number__in=numbers)
    )
    _withheld_pay(office, unit_a, main_leader, today.year)
    return {"month": today.strftime("%Y-%m"), "year": today.year, "numbers": numbers}


def _withheld_pay(office, unit, leader, year):
    """A failed year (no months scored): the main leader's pay line, for the payroll list."""
    from decimal import Decimal

    from accountability import services as acc
    from accountability.models import AssessmentYear

    AssessmentYear.objects.create(year=year, pass_mark=Decimal("1000"))
    acc.chain_member_add(
        unit=unit, role="main", user=leader, name="", since=date(year, 1, 1), by=office
    )
    acc.annual_assess(year=year, by=office)


def _url(name, query, hostile):
    from django.urls import reverse

    if name.startswith("accountability:"):
        return reverse(name, kwargs={"year": hostile["year"]}) + query
    if name.startswith(("reports:", "risk:screening_notice")):
        return reverse(name, kwargs={"key": hostile["month"]}) + query
    return reverse(name) + query.format(**hostile)


def _cells_and_formulas(content: bytes):
    archive = zipfile.ZipFile(BytesIO(content))
    sheets = [
        n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
    ]
    assert sheets
    xml = "".join(archive.read(name).decode() for name in sheets)
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(content))
    values = {
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    return xml, values


def assert_only_sums(xml: str) -> None:
    """The only formulas are the totals the code writes on purpose (xlsx.Formula): sums
    of a cell range; no user text ever becomes one."""
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert len(re.findall(r"<f[ >/]", xml)) == len(formulas)
    for formula in formulas:
        assert re.fullmatch(r"SUM\([A-Z]{1,3}\d+:[A-Z]{1,3}\d+\)", formula), formula


def assert_private_download(response, content_type):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")


def _normalised(text):
    # XML keeps no bare carriage return: a leading CR reads back as a line feed.
    return text.replace("\r", "\n")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_writes_formula_like_text_as_text(client, request, hostile, name):
    persona, query = EXPORTS[name]
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(name, query, hostile))
    assert_private_download(response, XLSX)

    xml, values = _cells_and_formulas(b"".join(response.streaming_content))
    # The only formulas are the totals the code writes on purpose (xlsx.Formula): sums
    # of a cell range; no user text ever becomes one.
    assert_only_sums(xml)
    written = {_normalised(value) for value in values}
    expected = {_normalised(p) for p in PAYLOADS} | {UNIT_NAME, LEADER_NAME}
    assert written & expected, f"{name}: none of the hostile texts reached the sheet"
    for value in written & expected:
        assert value in expected  # preserved exactly, no apostrophe added


@pytest.mark.parametrize("name", sorted(POSTED_EXPORTS))
def test_posted_export_writes_formula_like_text_as_text(client, request, hostile, name):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(POSTED_EXPORTS[name]))
    assert client.get(reverse(name)).status_code == 405
    response = client.post(reverse(name), {"selected": hostile["numbers"]})
    assert_private_download(response, XLSX)
    xml, values = _cells_and_formulas(b"".join(response.streaming_content))
    assert_only_sums(xml)
    written = {_normalised(value) for value in values}
    assert {_normalised(p) for p in PAYLOADS} <= written
    assert UNIT_NAME in written


def test_petition_export_keeps_every_hostile_prefix(client, office, hostile):
    client.force_login(office)
    response = client.get(_url("petitions:export", "", hostile))
    _xml, values = _cells_and_formulas(b"".join(response.streaming_content))
    written = {_normalised(value) for value in values}
    assert {_normalised(p) for p in PAYLOADS} <= written
    assert UNIT_NAME in written


def test_published_monthly_workbook_and_pdf_are_private_downloads(client, office, hostile):
    period = Period.containing(timezone.localdate())
    notice = report_services.notice_build(period=period, by=office)
    client.force_login(office)
    response = client.get(_url("reports:pdf", "", {"month": period.key}))
    assert_private_download(response, "application/pdf")

    report_services.notice_publish(notice=notice, by=office)
    for name, content_type in (("reports:xlsx", XLSX), ("reports:pdf", "application/pdf")):
        response = client.get(_url(name, "", {"month": period.key}))
        assert_private_download(response, content_type)
        if name == "reports:xlsx":
            xml, values = _cells_and_formulas(b"".join(response.streaming_content))
            assert_only_sums(xml)
            assert UNIT_NAME in values
