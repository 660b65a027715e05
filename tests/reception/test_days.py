"""Reception days: the notice period, the office's override, the public pages."""

import logging
from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from reception import services
from reception.dashboard import office_panel
from reception.models import ReceptionDay

from .factories import make_day, visit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def test_a_day_published_in_time_is_published_by_a_clerk(clerk, main_leader, unit_a, today):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=5), by=clerk)
    services.reception_day_publish(day=day, by=clerk, today=today)
    day.refresh_from_db()
    assert day.is_published
    assert day.published_by == clerk
    assert day.late_notice_reason == ""


def test_exactly_the_notice_period_ahead_is_still_in_time(clerk, main_leader, unit_a, today):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=3), by=clerk)
    services.reception_day_publish(day=day, by=clerk, today=today)
    assert ReceptionDay.objects.published().count() == 1


def test_a_clerk_cannot_publish_at_short_notice(clerk, main_leader, unit_a, today):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=2), by=clerk)
    with pytest.raises(services.ReceptionError, match="至少提前 3 天"):
        services.reception_day_publish(day=day, by=clerk, reason="急", today=today)
    day.refresh_from_db()
    assert not day.is_published


def test_the_office_publishes_at_short_notice_only_with_a_reason(
    office, main_leader, unit_a, today
):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=1), by=office)
    with pytest.raises(services.ReceptionError, match="需要说明理由"):
        services.reception_day_publish(day=day, by=office, today=today)
    services.reception_day_publish(
        day=day, by=office, reason="春节前走访困难职工，临时安排", today=today
    )
    day.refresh_from_db()
    assert day.is_published
    assert day.late_notice_reason == "春节前走访困难职工，临时安排"


def test_a_past_day_cannot_be_published(office, main_leader, unit_a, today):
    day = make_day(leader=main_leader, unit=unit_a, on=today - timedelta(days=1), by=office)
    with pytest.raises(services.ReceptionError, match="已过去"):
        services.reception_day_publish(day=day, by=office, reason="x", today=today)


def test_a_published_day_cannot_be_moved_into_the_notice_period_by_a_clerk(
    clerk, main_leader, unit_a, today
):
    day = make_day(
        leader=main_leader, unit=unit_a, on=today + timedelta(days=10), by=clerk, publish=True
    )
    day.date = today + timedelta(days=1)
    with pytest.raises(services.ReceptionError, match="已公示"):
        services.reception_day_save(day=day, by=clerk, today=today)


def test_a_unit_cannot_manage_another_units_days(unit_handler_b, main_leader, unit_a, today):
    day = ReceptionDay(
        leader=main_leader,
        unit=unit_a,
        date=today + timedelta(days=5),
        starts_at="08:30",
        ends_at="11:00",
        place="接待室",
    )
    with pytest.raises(services.ReceptionError):
        services.reception_day_save(day=day, by=unit_handler_b)


def test_the_public_page_shows_published_future_days_only_and_nothing_personal(
    client, clerk, main_leader, unit_a, today
):
    ahead = make_day(
        leader=main_leader,
        unit=unit_a,
        on=today + timedelta(days=6),
        by=clerk,
        publish=True,
        place="甲矿工人村社区",
        topic="工资待遇",
    )
    make_day(
        leader=main_leader, unit=unit_a, on=today + timedelta(days=8), by=clerk, place="草稿地点"
    )
    past = make_day(
        leader=main_leader, unit=unit_a, on=today + timedelta(days=9), by=clerk, publish=True
    )
    ReceptionDay.objects.filter(pk=past.pk).update(date=today - timedelta(days=2), place="过去地点")

    for url in ("/reception/public/", "/reception/public/notice/"):
        response = client.get(url)  # anonymous
        assert response.status_code == 200
        html = response.content.decode()
        assert "甲矿工人村社区" in html
        assert ahead.date.isoformat() in html
        assert "张矿长" in html
        assert "矿长" in html
        assert "草稿地点" not in html
        assert "过去地点" not in html
        assert "13912345678" not in html  # the leader's phone
        assert "chief_a" not in html  # no account names
        assert "/admin/" not in html


def test_day_views_need_the_right_role(
    client, outsider, handler, leader, main_leader, unit_a, today, clerk
):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=5), by=clerk)
    client.force_login(leader)
    assert client.get("/reception/days/new/").status_code == 403
    assert client.get(f"/reception/days/{day.pk}/").status_code == 200  # own unit, read
    client.force_login(handler)
    assert client.get("/reception/days/new/").status_code == 200
    client.force_login(outsider)  # a handler of unit B
    assert client.get(f"/reception/days/{day.pk}/").status_code == 404
    assert client.get(f"/reception/days/{day.pk}/publish/").status_code == 405


def test_the_office_schedules_and_publishes_through_the_pages(
    client, office, main_leader, unit_a, today
):
    client.force_login(office)
    response = client.post(
        "/reception/days/new/",
        {
            "leader": main_leader.pk,
            "unit": unit_a.pk,
            "date": (today + timedelta(days=1)).isoformat(),
            "starts_at": "09:00",
            "ends_at": "08:00",
            "kind": "reception_day",
            "place": "接待室",
        },
    )
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间" in response.content.decode()
    response = client.post(
        "/reception/days/new/",
        {
            "leader": main_leader.pk,
            "unit": unit_a.pk,
            "date": (today + timedelta(days=1)).isoformat(),
            "starts_at": "08:30",
            "ends_at": "11:30",
            "kind": "reception_day",
            "place": "接待室",
        },
    )
    day = ReceptionDay.objects.get()
    assert response.url == f"/reception/days/{day.pk}/"
    response = client.post(f"/reception/days/{day.pk}/publish/", {"reason": ""}, follow=True)
    assert "需要说明理由" in response.content.decode()
    client.post(f"/reception/days/{day.pk}/publish/", {"reason": "领导临时安排"})
    day.refresh_from_db()
    assert day.is_published
    assert day.late_notice_reason == "领导临时安排"


# --- Cancelling a day ---------------------------------------------------------------------


def test_cancelling_needs_a_reason(office, main_leader, unit_a, today):
    day = make_day(
        leader=main_leader, unit=unit_a, on=today + timedelta(days=5), by=office, publish=True
    )
    for reason in ("", "   "):
        with pytest.raises(services.ReceptionError, match="需要说明理由"):
            services.reception_day_cancel(day=day, by=office, reason=reason, today=today)
    services.reception_day_cancel(day=day, by=office, reason=" 领导赴省开会 ", today=today)
    day.refresh_from_db()
    assert day.is_cancelled
    assert day.cancelled_by == office
    assert day.cancel_reason == "领导赴省开会"
    with pytest.raises(services.ReceptionError, match="已取消"):
        services.reception_day_cancel(day=day, by=office, reason="再次", today=today)


def test_a_draft_day_can_be_cancelled_and_then_neither_published_nor_edited(
    clerk, main_leader, unit_a, today
):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=10), by=clerk)
    services.reception_day_cancel(day=day, by=clerk, reason="不再安排", today=today)
    day.refresh_from_db()
    with pytest.raises(services.ReceptionError, match="已取消"):
        services.reception_day_publish(day=day, by=clerk, today=today)
    day.place = "别处"
    with pytest.raises(services.ReceptionError, match="已取消"):
        services.reception_day_save(day=day, by=clerk, today=today)
    day.refresh_from_db()
    assert not day.is_published
    assert day.place == "矿信访接待室"


def test_a_past_day_or_a_day_with_visits_cannot_be_cancelled(
    office, clerk, main_leader, unit_a, today
):
    past = make_day(leader=main_leader, unit=unit_a, on=today - timedelta(days=1), by=office)
    with pytest.raises(services.ReceptionError, match="已过去"):
        services.reception_day_cancel(day=past, by=office, reason="x", today=today)
    held = make_day(leader=main_leader, unit=unit_a, on=today, by=office, publish=True)
    services.visit_record(day=held, data=visit_data(), by=clerk)
    with pytest.raises(services.ReceptionError, match="已登记接访"):
        services.reception_day_cancel(day=held, by=office, reason="x", today=today)
    assert not ReceptionDay.objects.filter(cancelled_at__isnull=False).exists()


def test_only_who_may_publish_the_units_days_cancels_them(
    unit_handler_b, leader, handler, main_leader, unit_a, clerk, today
):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=5), by=clerk)
    for user in (unit_handler_b, leader):  # another unit's handler; a leader (no publishing)
        with pytest.raises(services.ReceptionError, match="无权取消"):
            services.reception_day_cancel(day=day, by=user, reason="x", today=today)
    services.reception_day_cancel(day=day, by=handler, reason="领导外出", today=today)


def test_no_visits_are_recorded_on_a_cancelled_day(client, clerk, main_leader, unit_a, today):
    day = make_day(leader=main_leader, unit=unit_a, on=today, by=clerk, publish=True)
    services.reception_day_cancel(day=day, by=clerk, reason="领导临时被通知开会", today=today)
    day.refresh_from_db()
    with pytest.raises(services.ReceptionError, match="已取消"):
        services.visit_record(day=day, data=visit_data(), by=clerk)
    assert not day.visits.exists()
    client.force_login(clerk)
    html = client.get(f"/reception/days/{day.pk}/").content.decode()
    assert f"/reception/days/{day.pk}/visits/new/" not in html
    assert f"/reception/days/{day.pk}/edit/" not in html
    assert f'action="/reception/days/{day.pk}/cancel/"' not in html
    assert "领导临时被通知开会" in html
    response = client.get(f"/reception/days/{day.pk}/visits/new/")
    assert response.status_code == 302
    response = client.get(f"/reception/days/{day.pk}/edit/")
    assert response.url == f"/reception/days/{day.pk}/"


def test_a_cancelled_published_day_shows_as_cancelled_on_the_public_pages(
    client, clerk, main_leader, unit_a, today
):
    day = make_day(
        leader=main_leader,
        unit=unit_a,
        on=today + timedelta(days=6),
        by=clerk,
        publish=True,
        place="甲矿工人村社区",
    )
    services.reception_day_cancel(day=day, by=clerk, reason="矿长赴省参加会议", today=today)
    for url in ("/reception/public/", "/reception/public/notice/"):
        html = client.get(url).content.decode()  # anonymous
        assert "已取消" in html
        assert "矿长赴省参加会议" in html
        assert "张矿长" in html
        assert "甲矿工人村社区" in html
        assert "13912345678" not in html
        assert "chief_a" not in html
        assert "clerk" not in html  # who cancelled it stays internal
    # A draft that was cancelled never shows.
    draft = make_day(
        leader=main_leader, unit=unit_a, on=today + timedelta(days=8), by=clerk, place="草稿地点"
    )
    services.reception_day_cancel(day=draft, by=clerk, reason="草稿取消", today=today)
    assert "草稿地点" not in client.get("/reception/public/").content.decode()


def test_the_duty_check_and_the_dashboard_do_not_count_a_cancelled_day(
    office, clerk, main_leader, unit_a, today
):
    day = make_day(leader=main_leader, unit=unit_a, on=date(2026, 3, 10), by=clerk, publish=True)

    def held():
        rows = services.duty_check(
            month=date(2026, 3, 1), unit_ids=[unit_a.pk], today=date(2026, 4, 15)
        )
        return {row.leader: row for row in rows}[main_leader].held

    assert held() == 1
    services.reception_day_cancel(day=day, by=clerk, reason="出差", today=date(2026, 3, 5))
    assert held() == 0

    this_month = make_day(leader=main_leader, unit=unit_a, on=today, by=clerk, publish=True)
    make_day(
        leader=main_leader, unit=unit_a, on=today, by=clerk, starts_at="14:00", ends_at="16:00"
    )
    request = RequestFactory().get("/")
    request.user = office
    assert office_panel(request)["context"]["days"] == {"total": 2, "published": 1}
    services.reception_day_cancel(day=this_month, by=clerk, reason="开会", today=today)
    assert office_panel(request)["context"]["days"] == {"total": 1, "published": 0}


def test_the_office_cancels_through_the_page(
    client, office, leader, main_leader, unit_a, today, caplog
):
    day = make_day(
        leader=main_leader, unit=unit_a, on=today + timedelta(days=4), by=office, publish=True
    )
    client.force_login(leader)  # may read the day, may not cancel it
    assert 'id="cancel-day"' not in client.get(f"/reception/days/{day.pk}/").content.decode()
    response = client.post(f"/reception/days/{day.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 403
    day.refresh_from_db()
    assert day.cancelled_at is None

    client.force_login(office)
    assert 'id="cancel-day"' in client.get(f"/reception/days/{day.pk}/").content.decode()
    assert client.get(f"/reception/days/{day.pk}/cancel/").status_code == 405
    response = client.post(f"/reception/days/{day.pk}/cancel/", {"reason": ""}, follow=True)
    assert "需要说明理由" in response.content.decode()
    day.refresh_from_db()
    assert not day.is_cancelled

    with caplog.at_level(logging.DEBUG):
        response = client.post(f"/reception/days/{day.pk}/cancel/", {"reason": "张矿长家中有事"})
    assert response.status_code == 302
    assert response.url == f"/reception/days/{day.pk}/"
    html = client.get(response.url).content.decode()
    assert "接待日已取消" in html  # the success message
    assert "张矿长家中有事" in html
    day.refresh_from_db()
    assert day.is_cancelled
    assert day.cancelled_by == office
    assert f"reception day {day.pk} cancelled" in caplog.text  # ids only
    assert "家中有事" not in caplog.text
    assert "张矿长" not in caplog.text
    assert "已取消" in client.get("/reception/days/?when=all").content.decode()


def test_a_day_with_visits_keeps_its_date_leader_and_unit(
    clerk, main_leader, leader, unit_a, section_a1, today
):
    day = make_day(leader=main_leader, unit=unit_a, on=today, by=clerk)
    services.visit_record(day=day, data=visit_data(), by=clerk)
    for field, value in [
        ("date", today + timedelta(days=5)),
        ("leader", leader),
        ("unit", section_a1),
    ]:
        stale = ReceptionDay.objects.get(pk=day.pk)
        setattr(stale, field, value)
        with pytest.raises(services.ReceptionError, match="已登记接访"):
            services.reception_day_save(day=stale, by=clerk, today=today)
    edited = ReceptionDay.objects.get(pk=day.pk)
    edited.place = "矿会议室"
    edited.topic = "供暖问题"
    services.reception_day_save(day=edited, by=clerk, today=today)
    day.refresh_from_db()
    assert (day.date, day.leader, day.unit) == (today, main_leader, unit_a)
    assert (day.place, day.topic) == ("矿会议室", "供暖问题")


def test_editing_a_stale_day_keeps_a_publish_made_meanwhile(clerk, main_leader, unit_a, today):
    day = make_day(leader=main_leader, unit=unit_a, on=today + timedelta(days=10), by=clerk)
    stale = ReceptionDay.objects.get(pk=day.pk)
    services.reception_day_publish(day=ReceptionDay.objects.get(pk=day.pk), by=clerk, today=today)
    stale.place = "矿会议室"
    services.reception_day_save(day=stale, by=clerk, today=today)
    day.refresh_from_db()
    assert day.is_published
    assert day.published_by == clerk
    assert day.place == "矿会议室"
