"""隐患排查: reports, hazards, 零报告, sign-off, chasing, roll-up, daily reports."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from organization.models import Leadership
from organization.periods import Period
from organization.roles import Role
from reception.models import SensitivePeriod
from risk import screening_services as services
from risk.models import (
    DailyReport,
    Hazard,
    HazardDispatch,
    HazardLevel,
    ScreeningEvent,
    ScreeningReminder,
    ScreeningReport,
)
from tests.factories import UnitFactory, UserFactory
from tests.petitions.factories import category

pytestmark = pytest.mark.django_db

MONTH = Period.of(2026, 3, "calendar")  # due 2026-03-25


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REPORT_MONTH = "calendar"
    settings.RISK_SCREENING_DUE_DAY = 25


@pytest.fixture
def chief_a(unit_a):
    return UserFactory(
        username="chief_a", unit=unit_a, roles=[Role.LEADER], leadership=Leadership.MAIN
    )


@pytest.fixture
def handler_b(unit_b):
    return UserFactory(username="handler_b", unit=unit_b, roles=[Role.HANDLER])


def data(level=HazardLevel.ORDINARY, **kwargs):
    return services.HazardData(
        kind=Hazard.Kind.DISPUTE,
        summary=kwargs.pop("summary", "职工讨要欠薪"),
        category=category(),
        level=level,
        **kwargs,
    )


def report_of(unit, by, period=MONTH):
    return services.screening_report_start(unit=unit, period=period, by=by)


def at(day: date, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


# --- Filing ------------------------------------------------------------------------------------


def test_one_report_per_unit_and_month(unit_a, handler):
    first = report_of(unit_a, handler)
    assert report_of(unit_a, handler) == first
    assert first.due_on == date(2026, 3, 25)
    assert ScreeningReport.objects.count() == 1


def test_business_month_report_is_due_by_the_periods_last_day():
    assert services.due_on(Period.of(2026, 3, "business")) == date(2026, 3, 20)


def test_major_hazard_alerts_the_office_and_the_main_leader(unit_a, handler, office, chief_a):
    report = report_of(unit_a, handler)
    services.hazard_add(report=report, data=data(HazardLevel.MAJOR), by=handler)
    alerted = set(
        Notification.objects.filter(kind=services.KIND_MAJOR).values_list("recipient", flat=True)
    )
    assert alerted == {office.pk, chief_a.pk}
    assert ScreeningEvent.objects.filter(report=report, action="hazard_add").exists()


def test_ordinary_hazard_alerts_nobody(unit_a, handler, office, chief_a):
    services.hazard_add(report=report_of(unit_a, handler), data=data(), by=handler)
    assert not Notification.objects.filter(kind=services.KIND_MAJOR).exists()


def test_zero_report_names_who_declared_it(unit_a, handler, leader):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    assert report.is_zero_report
    assert report.zero_declared_by == handler
    assert report.zero_declared_at is not None


def test_an_empty_report_cannot_be_signed(unit_a, handler, leader):
    report = report_of(unit_a, handler)
    with pytest.raises(services.ActionNotAllowed):
        services.screening_report_sign(report=report, by=leader)


def test_signed_on_the_due_day_is_on_time(unit_a, handler, leader):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    report = services.screening_report_sign(report=report, by=leader, at=at(date(2026, 3, 25), 23))
    assert report.timeliness == "on_time"


def test_signed_the_day_after_is_late(unit_a, handler, leader):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    report = services.screening_report_sign(report=report, by=leader, at=at(date(2026, 3, 26), 8))
    assert report.timeliness == "late"
    assert services.filing_facts(MONTH, today=date(2026, 4, 1))[unit_a.pk] == "late"


def test_filing_facts_on_time_late_missing(unit_a, unit_b, handler, leader):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    services.screening_report_sign(report=report, by=leader, at=at(date(2026, 3, 20)))
    assert services.filing_facts(MONTH, today=date(2026, 3, 25)) == {
        unit_a.pk: "on_time",
        unit_b.pk: "pending",
    }
    assert services.filing_facts(MONTH, today=date(2026, 3, 26))[unit_b.pk] == "missing"


# --- May-rules: the page refuses (403) and the service raises --------------------------------


def test_handler_cannot_sign(client, unit_a, handler):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    with pytest.raises(services.ActionNotAllowed):
        services.screening_report_sign(report=report, by=handler)
    client.force_login(handler)
    assert client.post(reverse("risk:screening_sign", args=[report.pk])).status_code == 403


def test_leader_of_another_unit_cannot_sign(client, unit_a, unit_b, handler):
    other = UserFactory(username="leader_b", unit=unit_b, roles=[Role.LEADER])
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    with pytest.raises(services.ActionNotAllowed):
        services.screening_report_sign(report=report, by=other)
    client.force_login(other)
    assert client.post(reverse("risk:screening_sign", args=[report.pk])).status_code == 404


def test_signed_report_takes_no_more_hazards(client, unit_a, handler, leader):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    services.screening_report_sign(report=report, by=leader)
    with pytest.raises(services.ActionNotAllowed):
        services.hazard_add(report=report, data=data(), by=handler)
    client.force_login(handler)
    response = client.post(reverse("risk:hazard_add", args=[report.pk]), {"summary": "x"})
    assert response.status_code == 403


def test_only_the_office_dispatches(client, unit_a, handler, leader, office):
    report = report_of(unit_a, handler)
    hazard = services.hazard_add(report=report, data=data(HazardLevel.MAJOR), by=handler)
    services.screening_report_sign(report=report, by=leader)
    with pytest.raises(services.ActionNotAllowed):
        services.hazard_dispatch(
            hazard=hazard,
            to_unit=unit_a,
            deadline=timezone.localdate(),
            instructions="x",
            by=leader,
        )
    client.force_login(leader)
    url = reverse("risk:hazard_dispatch", args=[hazard.pk])
    assert client.post(url, {"to_unit": unit_a.pk}).status_code == 403


def test_unit_b_cannot_see_unit_a_report(client, unit_a, handler, handler_b):
    report = report_of(unit_a, handler)
    client.force_login(handler_b)
    assert client.get(reverse("risk:screening_detail", args=[report.pk])).status_code == 404
    response = client.get(reverse("risk:screening_list"))
    assert response.status_code == 200
    assert report not in list(response.context["page"])


def test_clerk_without_screening_rights_gets_403(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("risk:screening_list")).status_code == 403


# --- The whole flow through the pages --------------------------------------------------------


def test_file_dispatch_resolve_through_the_pages(client, unit_a, handler, leader, office):
    client.force_login(handler)
    response = client.post(reverse("risk:screening_start"))
    report = ScreeningReport.objects.get()
    assert response.url == report.get_absolute_url()
    cat = category()
    response = client.post(
        reverse("risk:hazard_add", args=[report.pk]),
        {
            "kind": "unstable",
            "summary": "改制职工安置",
            "category": cat.pk,
            "people_count": 30,
            "level": "major",
            "skip_level": "capital",
            "owning_leader": leader.pk,
            "measures": "逐户走访",
        },
    )
    hazard = Hazard.objects.get()
    assert hazard.skip_level == "capital"
    assert hazard.owning_leader == leader
    client.force_login(leader)
    client.post(reverse("risk:screening_sign", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_filed
    client.force_login(office)
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    client.post(
        reverse("risk:hazard_dispatch", args=[hazard.pk]),
        {"to_unit": unit_a.pk, "deadline": deadline, "instructions": "三日内化解"},
    )
    assert HazardDispatch.objects.filter(hazard=hazard, to_unit=unit_a).exists()
    assert Notification.objects.filter(recipient=handler, kind=services.KIND_DISPATCH).exists()
    client.force_login(handler)
    client.post(reverse("risk:hazard_status", args=[hazard.pk]), {"status": "resolved"})
    hazard.refresh_from_db()
    assert hazard.status == Hazard.Status.RESOLVED
    assert hazard.resolved_on
    client.force_login(office)
    key = Period.containing(timezone.localdate()).key
    page = client.get(reverse("risk:screening_notice", args=[key])).content.decode()
    assert "改制职工安置" in page
    pdf = client.get(reverse("risk:screening_notice_pdf", args=[key]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("risk:screening_notice_xlsx", args=[key]))
    assert xlsx.status_code == 200


def test_person_from_a_confidential_case_cannot_be_named(unit_a, handler, clerk):
    from petitions.models import Nature, PetitionPetitioner
    from tests.petitions.factories import advance, register

    case = register(by=clerk, nature=Nature.ACCUSATION)
    advance(case, "in_progress", clerk=clerk, handler=handler, unit=unit_a)
    person = PetitionPetitioner.objects.filter(petition=case).first()
    assert person is not None
    assert person not in services.linkable_persons(handler)
    with pytest.raises(services.ActionNotAllowed):
        services.hazard_add(
            report=report_of(unit_a, handler), data=data(persons=[person]), by=handler
        )


# --- Chasing -----------------------------------------------------------------------------------


def test_due_day_reminder_is_sent_once(unit_a, unit_b, handler, leader, handler_b):
    report = services.screening_report_declare_zero(report=report_of(unit_a, handler), by=handler)
    services.screening_report_sign(report=report, by=leader)
    assert services.run_daily(today=date(2026, 3, 24))["monthly_reminded"] == 0
    assert services.run_daily(today=date(2026, 3, 25))["monthly_reminded"] == 1
    assert services.run_daily(today=date(2026, 3, 25))["monthly_reminded"] == 0
    assert ScreeningReminder.objects.get().unit == unit_b
    assert Notification.objects.filter(kind=services.KIND_SCREENING_DUE).count() == 1


def test_daily_reminders_during_a_sensitive_period(unit_a, unit_b, handler, handler_b):
    SensitivePeriod.objects.create(
        name="两会", kind="meeting", starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 12)
    )
    assert services.run_daily(today=date(2026, 3, 2))["daily_reminded"] == 0
    DailyReport.objects.create(
        unit=unit_a,
        period=SensitivePeriod.objects.get(),
        day=date(2026, 3, 5),
        is_zero_report=True,
        filed_by=handler,
        filed_at=timezone.now(),
    )
    assert services.run_daily(today=date(2026, 3, 5))["daily_reminded"] == 1
    assert services.run_daily(today=date(2026, 3, 5))["daily_reminded"] == 0


def test_risk_daily_command_runs(unit_a):
    from django.core.management import call_command

    call_command("risk_daily", "--today", "2026-03-25")
    assert ScreeningReminder.objects.filter(unit=unit_a).count() == 1


def test_daily_report_once_per_day_and_grid(client, unit_a, unit_b, handler, office):
    today = timezone.localdate()
    SensitivePeriod.objects.create(
        name="国庆",
        kind="holiday",
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=2),
    )
    client.force_login(handler)
    client.post(reverse("risk:daily_file"), {"is_zero_report": "on"})
    assert DailyReport.objects.filter(unit=unit_a, day=today, is_zero_report=True).exists()
    with pytest.raises(services.ScreeningError):
        services.daily_report_file(
            unit=unit_a, day=today, is_zero_report=True, content="", by=handler
        )
    client.force_login(office)
    response = client.get(reverse("risk:daily"))
    grid = {row["unit"]: row for row in response.context["grid"]}
    assert grid[unit_a]["today_filed"]
    assert not grid[unit_b]["today_filed"]
    assert response.context["missing_today"] == 1
    assert len(grid[unit_a]["cells"]) == 3


# --- Roll-up and constant queries -----------------------------------------------------------


def _many(count, group_root, period):
    for _n in range(count):
        unit = UnitFactory(parent=group_root)
        staff = UserFactory(unit=unit, roles=[Role.HANDLER])
        chief = UserFactory(unit=unit, roles=[Role.LEADER])
        report = report_of(unit, staff, period)
        services.hazard_add(report=report, data=data(HazardLevel.SERIOUS), by=staff)
        services.screening_report_sign(report=report, by=chief)


@pytest.mark.parametrize("view", ["risk:screening_list", "risk:screening_month_current"])
def test_lists_use_constant_queries(
    client, office, group_root, django_assert_max_num_queries, view
):
    period = Period.containing(timezone.localdate())
    _many(5, group_root, period)
    client.force_login(office)
    client.get(reverse(view))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(view)).status_code == 200
    _many(20, group_root, period)
    client.get(reverse(view))  # new units: the user's subtree is read again, once
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(view)).status_code == 200
    assert len(many) == len(few)


def test_month_roll_up_shows_every_unit(client, office, unit_a, unit_b, handler, leader):
    report = report_of(unit_a, handler, Period.containing(timezone.localdate()))
    services.hazard_add(report=report, data=data(HazardLevel.MAJOR), by=handler)
    services.screening_report_sign(report=report, by=leader)
    client.force_login(office)
    response = client.get(reverse("risk:screening_month_current"))
    states = {row["unit"]: row["state"] for row in response.context["rows"]}
    assert states[unit_a] == "on_time"
    assert states[unit_b] in ("pending", "missing")
    assert dict(response.context["by_level"])[HazardLevel.MAJOR.label] == 1
