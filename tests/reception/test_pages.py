"""Reception pages: constant queries per page, the dashboard panel, the navigation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reception import services

from .factories import make_day, visit_data

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)  # the user's grants read once (organization.grants), as on any page
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def collective(headcount):
    from tests.petitions.factories import petitioner

    return visit_data(headcount=headcount, petitioners=[petitioner(is_representative=True)])


def test_list_pages_take_the_same_number_of_queries_for_more_rows(
    client, office, clerk, main_leader, unit_a
):
    today = timezone.localdate()

    def add_rows(start, count):
        for offset in range(start, start + count):
            day = make_day(
                leader=main_leader,
                unit=unit_a,
                on=today - timedelta(days=offset),
                by=clerk,
            )
            services.visit_record(day=day, data=collective(25), by=clerk)

    urls = [
        "/reception/days/?when=all",
        "/reception/received/",
        f"/reception/received/?leader={main_leader.pk}",
        "/reception/alerts/",
        "/reception/public/",
    ]
    add_rows(1, 1)
    client.force_login(office)
    few = {url: queries(client, url) for url in urls}
    add_rows(2, 6)
    assert {url: queries(client, url) for url in urls} == few

    client.force_login(main_leader)
    own = queries(client, "/reception/received/")
    add_rows(8, 3)
    assert queries(client, "/reception/received/") == own


def test_the_office_dashboard_shows_this_months_reception(
    client, office, clerk, handler, main_leader, unit_a
):
    today = timezone.localdate()
    day = make_day(leader=main_leader, unit=unit_a, on=today, by=clerk)
    services.visit_record(day=day, data=collective(30), by=clerk)
    client.force_login(office)
    html = client.get("/").content.decode()
    assert "领导接访" in html
    assert "条集体访预警待处理" in html
    client.force_login(handler)
    assert "条集体访预警待处理" not in client.get("/").content.decode()


def test_the_navigation_offers_reception_by_role(client, office, main_leader, handler):
    client.force_login(main_leader)
    html = client.get("/").content.decode()
    assert 'href="/reception/received/"' in html
    assert 'href="/reception/sensitive-periods/"' not in html
    client.force_login(office)
    html = client.get("/").content.decode()
    for url in ("/reception/days/", "/reception/alerts/", "/reception/sensitive-periods/"):
        assert f'href="{url}"' in html
    client.force_login(handler)
    assert 'href="/reception/alerts/"' not in client.get("/").content.decode()


def test_the_office_manages_sensitive_periods(client, office, clerk):
    client.force_login(clerk)
    assert client.get("/reception/sensitive-periods/new/").status_code == 403
    client.force_login(office)
    response = client.post(
        "/reception/sensitive-periods/new/",
        {"name": "春节", "kind": "holiday", "starts_on": "2026-02-10", "ends_on": "2026-02-01"},
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        "/reception/sensitive-periods/new/",
        {"name": "春节", "kind": "holiday", "starts_on": "2026-02-10", "ends_on": "2026-02-20"},
    )
    assert response.status_code == 302
    assert "春节" in client.get("/reception/sensitive-periods/").content.decode()


def test_the_office_opens_received_cases_on_a_leaders_list(client, office, main_leader):
    client.force_login(office)
    html = client.get("/reception/received/").content.decode()
    assert f"{main_leader.get_full_name()} 接访的事项" in html
