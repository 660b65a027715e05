"""The daily run counts each case's days in its own clock's mode (CLOCK_DAY_MODES)."""

from datetime import date

import pytest

from notifications.models import Notification
from petitions import services
from supervision import alerts
from supervision.models import Reminder
from tests.petitions.factories import moment, register

pytestmark = pytest.mark.django_db

DUE = date(2026, 4, 22)  # a Wednesday; Friday Apr 17 is 5 calendar, 3 working days before


def test_reminders_count_each_clock_in_its_own_mode(people, office, settings):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    routed = register(by=people["clerk"], at=moment("2026-04-07"))
    assert (routed.current_clock, routed.current_due) == ("route", DUE)
    handled = register(by=people["clerk"], at=moment("2026-04-07"))
    handled = services.petition_assign(
        petition=handled, unit=people["unit"], due=DUE, by=people["clerk"], at=moment("2026-04-07")
    )
    handled = services.petition_receive(
        petition=handled, by=people["handler"], at=moment("2026-04-08")
    )
    assert (handled.current_clock, handled.current_due) == ("handling", DUE)

    alerts.run_deadline_checks(today=date(2026, 4, 17))

    assert Reminder.objects.get(petition=routed).kind == "before_5"  # 5 calendar days
    assert Reminder.objects.get(petition=handled).kind == "before_3"  # Apr 20, 21, 22
    texts = {n.subject: n.text for n in Notification.objects.filter(kind="reminder")}
    assert "还剩 5 天" in texts[routed.number]
    assert "还剩 3 个工作日" in texts[handled.number]


def test_the_day_after_a_working_day_due_date_is_overdue(people, office, settings):
    settings.CLOCK_DAY_MODES = {"handling": "working"}
    handled = register(by=people["clerk"], at=moment("2026-04-07"))
    handled = services.petition_assign(
        petition=handled,
        unit=people["unit"],
        due=date(2026, 4, 24),  # a Friday
        by=people["clerk"],
        at=moment("2026-04-07"),
    )
    handled = services.petition_receive(
        petition=handled, by=people["handler"], at=moment("2026-04-08")
    )
    alerts.run_deadline_checks(today=date(2026, 4, 24))
    assert list(Reminder.objects.filter(petition=handled).values_list("kind", flat=True)) == [
        "before_1"
    ]
    alerts.run_deadline_checks(today=date(2026, 4, 25))  # Saturday
    assert Reminder.objects.filter(petition=handled, kind="overdue").exists()
