"""Reception days: the notice period, the office's override, the public pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reception import services
from reception.models import ReceptionDay

from .factories import make_day

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
