"""One "days until due" on the work calendar: in working-day mode the petition badge,
the supervision list (page and export), and the reminder all count the same days."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.template import Context, Template
from django.utils import timezone
from openpyxl import load_workbook

from notifications.models import Notification
from petitions.deadlines import WorkCalendar, days_until
from petitions.models import Holiday, Petition
from supervision import alerts
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def working_days(settings):
    settings.DEADLINE_DAYS = "working"


@pytest.fixture
def due_in_a_week(people, working_days):
    """A case due 7 calendar days from today, with two rest days (a weekend or a
    holiday, entered as overrides) in between: 5 working days left."""
    today = timezone.localdate()
    for offset in range(1, 8):
        Holiday.objects.update_or_create(
            date=today + timedelta(days=offset),
            defaults={"is_workday": offset not in (3, 4), "note": "测试"},
        )
    petition = register(by=people["clerk"])
    due = today + timedelta(days=7)
    Petition.objects.filter(pk=petition.pk).update(route_due=due, current_due=due)
    petition.refresh_from_db()
    return petition, today, due


def test_days_until_counts_working_days_both_ways(settings):
    settings.DEADLINE_DAYS = "working"
    today = timezone.localdate()
    rest = {today + timedelta(days=3): False, today + timedelta(days=4): False}
    calendar = WorkCalendar({**{today + timedelta(days=n): True for n in range(-8, 8)}, **rest})
    assert days_until(today + timedelta(days=7), today=today, calendar=calendar) == 5
    assert days_until(today, today=today, calendar=calendar) == 0
    assert days_until(today - timedelta(days=2), today=today, calendar=calendar) == -2
    settings.DEADLINE_DAYS = "calendar"
    assert days_until(today + timedelta(days=7), today=today) == 7


def test_badge_list_export_and_reminder_agree_in_working_days(client, people, due_in_a_week):
    petition, today, due = due_in_a_week
    badge = Template("{% load petitions %}{% due_badge due today %}").render(
        Context({"due": due, "today": today})
    )
    assert "剩 5 个工作日" in badge  # today's code said "剩 7 天"

    client.force_login(people["office"])
    listed = client.get("/supervision/?view=due_soon&days=10").content.decode()
    assert petition.number in listed
    assert "剩 5 个工作日" in listed
    assert "剩 7 天" not in listed

    response = client.get("/supervision/export.xlsx?view=due_soon&days=10")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == petition.number]
    assert rows[0][6] == 5

    assert petition.days_left(today) == 5
    alerts.run_deadline_checks(today=today)
    note = Notification.objects.filter(subject=petition.number, kind="reminder").first()
    assert note is not None
    assert "还剩 5 个工作日" in note.text


def test_petition_page_clock_badge_counts_working_days(client, people, due_in_a_week):
    petition, _today, _due = due_in_a_week
    client.force_login(people["office"])
    html = client.get(petition.get_absolute_url()).content.decode()
    assert "剩 5 个工作日" in html
