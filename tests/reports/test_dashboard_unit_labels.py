"""The same case carries the same unit label in every panel and chart of the dashboard
(issue 17): an unassigned case is "尚未交办" everywhere, never its registering unit."""

import pytest

from petitions.models import Petition, case_unit_label
from tests.petitions.factories import advance, days_ago, moment, register

from .test_charts import chart_data

pytestmark = pytest.mark.django_db
UNASSIGNED = "尚未交办"


def panel(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : start + 6000]


def test_every_panel_and_chart_names_the_unit_of_a_case_alike(client, people, group_root):
    unassigned = register(by=people["clerk"], at=moment(days_ago(30)))  # never routed
    assigned = advance(
        register(by=people["clerk"], at=moment(days_ago(40))),
        Petition.State.ASSIGNED,
        at=moment(days_ago(40)),
        **people,
    )
    today = days_ago(0)
    assert unassigned.current_due < today  # both overdue
    assert assigned.current_due < today
    assert unassigned.registered_unit == group_root

    client.force_login(people["office"])
    html = client.get("/").content.decode()

    # The supervision panel: overdue per unit.
    supervision = panel(html, 'id="supervision-panel"')
    assert UNASSIGNED in supervision
    assert people["unit"].name in supervision
    # The work queues: each listed case with its unit.
    for case, label in ((unassigned, UNASSIGNED), (assigned, people["unit"].name)):
        row = html.split(f">{case.number}</a>", 1)[1].split("</li>", 1)[0]
        assert f"· {label}" in row
    # The chart of overdue cases by unit.
    chart = chart_data(html, "overdue")
    assert sorted(chart["labels"]) == sorted([UNASSIGNED, people["unit"].name])
    assert group_root.name not in chart["labels"]


def test_the_label_rule():
    assert case_unit_label(None) == "尚未交办"
    assert case_unit_label("") == "尚未交办"
    assert case_unit_label("甲煤矿") == "甲煤矿"
