"""organization.inserts.insert_all: many new rows in one statement a batch, each column
one array; every value comes back as bulk_create would have written it."""

import uuid
from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from notifications.models import Notification
from organization import inserts
from organization.inserts import insert_all
from petitions.models import CaseEvent
from supervision.models import Reminder
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def test_rows_are_written_with_every_value_and_get_their_keys(people, django_assert_num_queries):
    office, handler = people["office"], people["handler"]
    moment = timezone.make_aware(datetime(2026, 11, 3, 9, 30))
    rows = [
        Notification(
            recipient_id=office.pk,
            kind="overdue",
            subject="XF2026000001",
            due=date(2026, 11, 2),
            text="XF2026000001 已超期：办理期限为 2026-11-02。",
            url="/petitions/XF2026000001/",
            send_email=True,
            created_at=moment,
        ),
        # Defaults as the model gives them, an empty due date, a lazy translation.
        Notification(recipient_id=handler.pk, kind="reminder", text=gettext_lazy("Notifications")),
    ]
    translated = str(rows[1].text)
    with django_assert_num_queries(1):
        insert_all(rows)
    first, second = (Notification.objects.get(pk=row.pk) for row in rows)
    assert (first.recipient_id, first.kind, first.subject, first.due) == (
        office.pk,
        "overdue",
        "XF2026000001",
        date(2026, 11, 2),
    )
    assert first.text == "XF2026000001 已超期：办理期限为 2026-11-02。"
    assert (first.url, first.send_email, first.created_at) == (
        "/petitions/XF2026000001/",
        True,
        moment,
    )
    assert (second.recipient_id, second.due, second.read_at, second.send_email) == (
        handler.pk,
        None,
        None,
        False,
    )
    assert second.text == translated
    assert abs(second.created_at - timezone.now()) < timedelta(minutes=1)
    assert not rows[0]._state.adding


def test_json_and_empty_foreign_keys_round_trip(people):
    case = register(by=people["clerk"])
    payload = {"reason": "window_expired", "system": True, "说明": ["复查", 30, None]}
    event = CaseEvent(petition_id=case.pk, action="close", actor=None, payload=payload)
    insert_all([event])
    stored = CaseEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.action, stored.payload) == (None, "close", payload)


def test_batches_keep_each_row_s_key(people, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(inserts, "BATCH", 2)
    rows = [
        Notification(recipient_id=people["office"].pk, kind="reminder", text=f"第{index}条")
        for index in range(5)
    ]
    with django_assert_num_queries(3):
        insert_all(rows)
    assert [Notification.objects.get(pk=row.pk).text for row in rows] == [
        f"第{index}条" for index in range(5)
    ]


def test_conflicting_rows_are_left_out_when_asked(people):
    case = register(by=people["clerk"])
    today = timezone.localdate()

    def reminder(batch):
        return Reminder(
            petition_id=case.pk,
            clock="route",
            kind=Reminder.Kind.BEFORE_3,
            due=today,
            sent_on=today,
            batch=batch,
        )

    first, again = uuid.uuid4(), uuid.uuid4()
    insert_all([reminder(first)], ignore_conflicts=True)
    insert_all([reminder(again), reminder(again)], ignore_conflicts=True)
    assert list(Reminder.objects.values_list("batch", flat=True)) == [first]
    with pytest.raises(IntegrityError):
        insert_all([reminder(again)])


def test_nothing_to_insert_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_all([])


@pytest.mark.parametrize(
    "text",
    ['他说："工资" {拖欠}, 3\\4', "NULL", "", " 前后空格 ", 'a\\"b', "换行\n第二行"],
)
def test_text_is_written_as_it_is(people, text):
    row = Notification(recipient_id=people["office"].pk, kind="reminder", text=text, subject="")
    insert_all([row])
    assert Notification.objects.get(pk=row.pk).text == text


def test_a_naive_time_is_taken_in_the_default_time_zone(people):
    naive = datetime(2026, 11, 3, 9, 30)
    row = Notification(recipient_id=people["office"].pk, kind="reminder", text="x")
    row.created_at = naive
    insert_all([row])
    assert Notification.objects.get(pk=row.pk).created_at == timezone.make_aware(naive)
