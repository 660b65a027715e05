import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.dashboard import ROWS_PER_QUEUE
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def chart_data(html, chart_id):
    start = html.index(f'<script id="{chart_id}" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_office_sees_the_charts_with_their_numbers(client, people):
    register(by=people["clerk"], responsible_unit=people["unit"])
    client.force_login(people["office"])
    html = client.get("/").content.decode()
    trend = chart_data(html, "trend")
    assert len(trend["labels"]) == 12
    assert sum(sum(series["data"]) for series in trend["series"]) == 1
    assert "数据表" in html  # the accessible table beside each chart
    assert "/static/vendor/chartjs/chart.umd.min.js" in html


def test_skip_level_visits_are_charted_by_level_for_the_units_in_scope(client, people, unit_b):
    from django.utils import timezone

    from petitions.models import SkipLevel
    from tests.reception.factories import make_skip_level

    today = timezone.localdate()
    office = people["office"]
    make_skip_level(by=office, unit=people["unit"], on=today, headcount=3)
    make_skip_level(by=office, unit=people["unit"], on=today, level=SkipLevel.PROVINCE)
    make_skip_level(by=office, unit=unit_b, on=today, level=SkipLevel.PROVINCE)

    def by_level(user):
        client.force_login(user)
        chart = chart_data(client.get("/").content.decode(), "skip-level")
        return {series["label"]: series["data"][-1] for series in chart["series"]}

    assert by_level(office) == {"进京": 1, "赴省": 2, "来市或来集团": 0, "来区": 0}
    assert by_level(people["leader"]) == {"进京": 1, "赴省": 1, "来市或来集团": 0, "来区": 0}


def test_clerks_do_not_get_the_charts(client, people):
    client.force_login(people["clerk"])
    assert "chart-trend" not in client.get("/").content.decode()


def test_dashboard_queries_do_not_grow_with_cases(client, people):
    def count():
        client.force_login(people["office"])
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    # More than a queue shows (a queue shorter than that is not counted apart): the most
    # queries the page makes, which 30 more cases must not change.
    for _index in range(ROWS_PER_QUEUE + 1):
        register(by=people["clerk"], responsible_unit=people["unit"])
    few = count()
    for _index in range(30):
        register(by=people["clerk"], responsible_unit=people["unit"])
    assert count() == few


def test_charts_are_cached_and_survive_a_cache_outage(client, people, monkeypatch):
    from django.core.cache import cache

    client.force_login(people["office"])
    client.get("/")
    register(by=people["clerk"], responsible_unit=people["unit"])
    cached = chart_data(client.get("/").content.decode(), "trend")
    assert sum(sum(series["data"]) for series in cached["series"]) == 0  # ten-minute cache

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    fresh = chart_data(client.get("/").content.decode(), "trend")
    assert sum(sum(series["data"]) for series in fresh["series"]) == 1
