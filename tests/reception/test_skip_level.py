"""The skip-level register: counts, flags, sensitive periods and who sees what."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions import services as petition_services
from petitions.models import SkipLevel
from reception import services
from reception.models import SensitivePeriod, SkipLevelVisit
from tests.petitions.factories import register

from .factories import make_skip_level

pytestmark = pytest.mark.django_db


def test_counts_per_unit_and_level_in_batches_and_people(clerk, unit_a, unit_b, section_a1):
    make_skip_level(
        by=clerk, unit=unit_a, on=date(2026, 3, 2), level=SkipLevel.CAPITAL, headcount=3
    )
    make_skip_level(
        by=clerk, unit=unit_a, on=date(2026, 3, 31), level=SkipLevel.CAPITAL, headcount=1
    )
    make_skip_level(
        by=clerk, unit=unit_a, on=date(2026, 3, 15), level=SkipLevel.PROVINCE, headcount=12
    )
    make_skip_level(by=clerk, unit=unit_b, on=date(2026, 3, 10), level=SkipLevel.CITY, headcount=2)
    make_skip_level(by=clerk, unit=section_a1, on=date(2026, 3, 9), level=SkipLevel.DISTRICT)
    make_skip_level(by=clerk, unit=unit_a, on=date(2026, 4, 1), level=SkipLevel.CAPITAL)  # April
    make_skip_level(by=clerk, unit=unit_a, on=date(2026, 2, 28), level=SkipLevel.CAPITAL)  # Feb

    with CaptureQueriesContext(connection) as captured:
        counts = services.skip_level_counts(
            date(2026, 3, 1), date(2026, 3, 31), [unit_a.pk, unit_b.pk, section_a1.pk]
        )
    assert len(captured) == 1
    a = counts[unit_a.pk]
    assert a["skip_batches"] == 3
    assert a["skip_people"] == 16
    assert a["skip_capital_batches"] == 2
    assert a["skip_capital_people"] == 4
    assert a["skip_province_batches"] == 1
    assert a["skip_province_people"] == 12
    assert a["skip_city_batches"] == 0
    assert a["skip_city_people"] == 0
    assert a["skip_district_batches"] == 0
    assert a["skip_district_people"] == 0
    assert counts[unit_b.pk]["skip_city_batches"] == 1
    assert counts[unit_b.pk]["skip_city_people"] == 2
    # No roll-up: the section's visit is its own.
    assert counts[section_a1.pk]["skip_district_batches"] == 1
    assert set(counts[unit_a.pk]) == {
        "skip_batches",
        "skip_people",
        *(
            f"skip_{level}_{kind}"
            for level in ("capital", "province", "city", "district")
            for kind in ("batches", "people")
        ),
    }
    # Units outside the list are left out.
    assert set(services.skip_level_counts(date(2026, 3, 1), date(2026, 3, 31), [unit_b.pk])) == {
        unit_b.pk
    }


def test_a_visit_about_a_matter_accepted_below_is_flagged(clerk, unit_a, people):
    today = timezone.localdate()
    accepted = register(by=clerk)
    petition_services.petition_assign(
        petition=accepted, unit=unit_a, due=today + timedelta(days=30), by=clerk
    )
    fresh = register(by=clerk, summary="新登记")
    flagged = make_skip_level(by=clerk, unit=unit_a, on=today, petitions=[accepted])
    plain = make_skip_level(by=clerk, unit=unit_a, on=today, petitions=[fresh])
    assert flagged.accepted_below is True
    assert plain.accepted_below is False


def test_visits_in_a_sensitive_period_are_marked_and_listed_first(client, office, unit_a):
    period = SensitivePeriod.objects.create(
        name="全国两会", kind="meeting", starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 12)
    )
    inside = make_skip_level(by=office, unit=unit_a, on=date(2026, 3, 5), summary="两会期间进京")
    later = make_skip_level(by=office, unit=unit_a, on=date(2026, 3, 20), summary="会后赴省")
    assert inside.sensitive_period == period
    assert inside.during_sensitive_period
    assert not later.during_sensitive_period

    client.force_login(office)
    html = client.get("/reception/skip-level/").content.decode()
    assert html.index("两会期间进京") < html.index("会后赴省")

    # A period set afterwards marks the visits it covers.
    services.sensitive_period_save(
        period=SensitivePeriod(
            name="清明", kind="holiday", starts_on=date(2026, 3, 19), ends_on=date(2026, 3, 21)
        ),
        by=office,
    )
    later.refresh_from_db()
    assert later.during_sensitive_period
    services.sensitive_period_delete(period=period, by=office)
    inside.refresh_from_db()
    assert not inside.during_sensitive_period
    assert inside.sensitive_period is None


def test_a_unit_sees_its_own_visits_and_the_office_all(
    client, office, handler, outsider, unit_a, unit_b, clerk
):
    own = make_skip_level(by=clerk, unit=unit_a, on=date(2026, 3, 5), summary="甲矿的事")
    other = make_skip_level(by=clerk, unit=unit_b, on=date(2026, 3, 5), summary="乙矿的事")

    client.force_login(handler)  # unit A
    html = client.get("/reception/skip-level/").content.decode()
    assert "甲矿的事" in html
    assert "乙矿的事" not in html
    assert client.get(f"/reception/skip-level/{own.pk}/").status_code == 200
    assert client.get(f"/reception/skip-level/{other.pk}/").status_code == 404
    assert client.get(f"/reception/skip-level/{other.pk}/edit/").status_code == 404

    client.force_login(office)
    html = client.get("/reception/skip-level/").content.decode()
    assert "甲矿的事" in html
    assert "乙矿的事" in html


def test_the_export_holds_the_current_filter(client, office, unit_a, unit_b):
    from io import BytesIO

    from openpyxl import load_workbook

    make_skip_level(
        by=office, unit=unit_a, on=date(2026, 3, 5), level=SkipLevel.CAPITAL, summary="进京一"
    )
    make_skip_level(
        by=office, unit=unit_b, on=date(2026, 3, 6), level=SkipLevel.CITY, summary="来市一"
    )
    client.force_login(office)
    response = client.get("/reception/skip-level/export.xlsx?level=capital")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    texts = [row[6] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert texts == ["进京一"]


def test_recording_a_visit_through_the_page(client, handler, unit_a):
    client.force_login(handler)
    data = {
        "level": "province",
        "visited_on": "2026-03-05",
        "place": "省信访局",
        "headcount": "0",
        "summary": "反映拆迁补偿",
        "responsible_unit": unit_a.pk,
        "reported_at": "2026-03-05T09:00",
        "outcome": "pending",
    }
    response = client.post("/reception/skip-level/new/", data)
    assert response.status_code == 200
    assert "至少" in response.content.decode()
    data["headcount"] = "8"
    data["is_collective"] = "on"
    data["arrived_at"] = "2026-03-06T10:00"
    data["outcome"] = "returned"
    response = client.post("/reception/skip-level/new/", data)
    visit = SkipLevelVisit.objects.get()
    assert response.url == f"/reception/skip-level/{visit.pk}/"
    assert visit.arrived_in_time is False  # 25 hours after the report
    assert visit.recorded_by == handler


def test_the_list_takes_the_same_number_of_queries_for_more_rows(client, office, unit_a):
    client.force_login(office)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reception/skip-level/").status_code == 200
        return len(captured)

    make_skip_level(by=office, unit=unit_a, on=date(2026, 3, 5))
    count()  # the user's grants read once (organization.grants), as on any page
    few = count()
    for day in range(6, 16):
        make_skip_level(by=office, unit=unit_a, on=date(2026, 3, day), headcount=day)
    assert count() == few


def test_a_unit_editing_a_visit_keeps_the_offices_links_it_cannot_see(
    client, office, clerk, handler, unit_a, unit_b
):
    today = timezone.localdate()
    theirs = register(by=clerk, summary="乙矿已受理")
    petition_services.petition_assign(
        petition=theirs, unit=unit_b, due=today + timedelta(days=30), by=clerk
    )
    ours = register(by=clerk, summary="甲矿新登记", responsible_unit=unit_a)
    visit = make_skip_level(
        by=office, unit=unit_a, on=today, petitions=[theirs], reported_at=timezone.now()
    )
    assert visit.accepted_below

    client.force_login(handler)  # unit A: may not see unit B's petition
    page = client.get(f"/reception/skip-level/{visit.pk}/edit/")
    assert page.status_code == 200
    assert theirs.number not in page.content.decode()
    data = {
        "level": visit.level,
        "visited_on": today.isoformat(),
        "place": "国家信访局",
        "headcount": "1",
        "summary": "反映工龄认定问题",
        "responsible_unit": unit_a.pk,
        "reported_at": timezone.localtime(visit.reported_at).strftime("%Y-%m-%dT%H:%M"),
        "outcome": "pending",
        "petition_numbers": ours.number,
    }
    response = client.post(f"/reception/skip-level/{visit.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    visit.refresh_from_db()
    assert set(visit.petitions.all()) == {theirs, ours}
    assert visit.accepted_below  # over every link, the unseen one included
    assert set(visit.petitioners.all()) >= {link.petitioner for link in theirs.links.all()}


def test_times_in_the_future_are_refused(client, handler, unit_a):
    client.force_login(handler)
    data = {
        "level": "province",
        "visited_on": timezone.localdate().isoformat(),
        "place": "省信访局",
        "headcount": "1",
        "summary": "反映拆迁补偿",
        "responsible_unit": unit_a.pk,
        "reported_at": "9999-12-31T23:00",
        "arrived_at": "9999-12-31T23:30",
        "outcome": "returned",
    }
    response = client.post("/reception/skip-level/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["reported_at"] == ["时间不能晚于当前时间。"]
    assert errors["arrived_at"] == ["时间不能晚于当前时间。"]
    assert "时间不能晚于当前时间。" in response.content.decode()
    assert not SkipLevelVisit.objects.exists()


def test_re_marking_takes_the_same_queries_for_more_visits(office, unit_a):
    def remark_queries(first_day, count):
        for n in range(count):
            make_skip_level(by=office, unit=unit_a, on=first_day + timedelta(days=n % 10))
        period = SensitivePeriod(
            name="检查", kind="meeting", starts_on=first_day, ends_on=first_day + timedelta(days=9)
        )
        with CaptureQueriesContext(connection) as captured:
            services.sensitive_period_save(period=period, by=office)
        assert (
            SkipLevelVisit.objects.filter(
                visited_on__gte=first_day, sensitive_period=period
            ).count()
            == count
        )
        return len(captured)

    assert remark_queries(date(2026, 1, 1), 3) == remark_queries(date(2026, 2, 1), 30)


def test_where_periods_overlap_the_one_starting_first_wins(office, unit_a):
    early = SensitivePeriod.objects.create(
        name="早", kind="meeting", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 10)
    )
    visits = [
        make_skip_level(by=office, unit=unit_a, on=date(2026, 3, day)) for day in (4, 8, 12, 20)
    ]
    services.sensitive_period_save(
        period=SensitivePeriod(
            name="晚", kind="meeting", starts_on=date(2026, 3, 6), ends_on=date(2026, 3, 15)
        ),
        by=office,
    )
    late = SensitivePeriod.objects.get(name="晚")
    for visit in visits:
        visit.refresh_from_db()
    assert [visit.sensitive_period for visit in visits] == [early, early, late, None]
    assert [visit.during_sensitive_period for visit in visits] == [True, True, True, False]
    # The bulk re-mark agrees with the rule a single save applies.
    fresh = make_skip_level(by=office, unit=unit_a, on=date(2026, 3, 8))
    assert fresh.sensitive_period == early
    services.sensitive_period_delete(period=early, by=office)
    for visit in visits:
        visit.refresh_from_db()
    assert [visit.sensitive_period for visit in visits] == [None, late, late, None]
