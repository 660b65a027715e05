"""Every column of the monthly statistics on a month where each figure is known.

October 2026 (calendar month), report run on 2026-11-05 (the `october` fixture):

| case | unit | received | what happened |
|---|---|---|---|
| 1 | A | 10-05 letter | assigned 10-06, received 10-08 (notice on time), extension approved 10-10, replied 10-20 before its due date, rated satisfied 10-25 |
| 2 | A-1 | 10-10 visit, 6 people | collective visit; assigned 10-11, never received: notice due 10-26 missed, overdue now |
| 3 | B | 10-15 call | repeat of case 5; never routed: notice due 10-30 missed, routing due 10-30 overdue now |
| 4 | B | 11-02 online | after the period |
| 5 | B | 09-10 letter | replied 10-03, after its due date 09-30; has a repeat (case 3) |
| 6 | not yet assigned | 2025-10-20 letter | a year earlier; never routed, overdue now |

Skip-level visits: A 09-30 to Beijing (1 person, September); A 10-08 to Beijing (3);
A-1 10-20 to the province (2); B 10-21 to the district (1); B 10-31 to the city (25);
B 11-01 to Beijing (4, November).
"""  # noqa: E501

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.periods import Period
from reports.statistics import by_category, by_nature, unit_statistics

pytestmark = pytest.mark.django_db

OCTOBER = Period.of(2026, 10, "calendar")


def rows_by_unit(table):
    return {row["unit"]: row["values"] for row in table["rows"]}


@pytest.fixture
def table(october):
    return rows_by_unit(unit_statistics(OCTOBER, today=october["today"]))


EXPECTED = {
    "甲煤矿": {
        "received": 2,
        "letter": 1,
        "visit": 1,
        "phone": 0,
        "online": 0,
        "other": 0,
        "collective_batches": 1,
        "collective_people": 6,
        "skip_batches": 2,
        "skip_people": 5,
        "skip_capital_batches": 1,
        "skip_capital_people": 3,
        "skip_province_batches": 1,
        "skip_province_people": 2,
        "skip_city_batches": 0,
        "skip_city_people": 0,
        "repeat": 0,
        "acceptance_rate": 0.5,
        "on_time_rate": None,  # case 1 is due in December
        "overdue_now": 1,
        "extensions": 1,
        "first_settlement_rate": 1.0,
        "satisfaction_rate": 1.0,
        "rating_rate": 1.0,
        "month_on_month": None,
        "year_on_year": None,
    },
    "乙煤矿": {
        "received": 1,
        "letter": 0,
        "visit": 0,
        "phone": 1,
        "online": 0,
        "other": 0,
        "collective_batches": 0,
        "collective_people": 0,
        "skip_batches": 2,
        "skip_people": 26,
        "skip_capital_batches": 0,
        "skip_capital_people": 0,
        "skip_province_batches": 0,
        "skip_province_people": 0,
        "skip_city_batches": 1,
        "skip_city_people": 25,
        "repeat": 1,
        "acceptance_rate": 0.0,
        "on_time_rate": None,  # case 5 was due in September
        "overdue_now": 1,
        "extensions": 0,
        "first_settlement_rate": 0.0,
        "satisfaction_rate": None,
        "rating_rate": 0.0,
        "month_on_month": 0.0,
        "year_on_year": None,
    },
    "待交办": {
        "received": 0,
        "skip_batches": 0,
        "skip_people": 0,
        "overdue_now": 1,
        "month_on_month": None,
        "year_on_year": -1.0,
    },
    "合计": {
        "received": 3,
        "letter": 1,
        "visit": 1,
        "phone": 1,
        "online": 0,
        "other": 0,
        "collective_batches": 1,
        "collective_people": 6,
        "skip_batches": 4,
        "skip_people": 31,
        "skip_capital_batches": 1,
        "skip_capital_people": 3,
        "skip_province_batches": 1,
        "skip_province_people": 2,
        "skip_city_batches": 1,
        "skip_city_people": 25,
        "repeat": 1,
        "acceptance_rate": round(1 / 3, 4),
        "on_time_rate": None,
        "overdue_now": 3,
        "extensions": 1,
        "first_settlement_rate": 0.5,
        "satisfaction_rate": 1.0,
        "rating_rate": 0.5,
        "month_on_month": 2.0,
        "year_on_year": 2.0,
    },
}


@pytest.mark.parametrize(
    ("unit", "column"),
    [(unit, column) for unit, values in EXPECTED.items() for column in values],
)
def test_every_column_of_every_row(table, unit, column):
    assert table[unit][column] == EXPECTED[unit][column]


def test_rows_are_the_units_under_the_group_and_a_total(october):
    result = unit_statistics(OCTOBER, today=october["today"])
    assert [(row["kind"], row["unit"]) for row in result["rows"]] == [
        ("unit", "甲煤矿"),
        ("unit", "乙煤矿"),
        ("unassigned", "待交办"),
        ("total", "合计"),
    ]
    assert result["period"] == {"key": "2026-10", "first": "2026-10-01", "last": "2026-10-31"}


def test_a_deeper_table_has_subtotals_up_the_tree(october):
    result = unit_statistics(OCTOBER, depth=3, today=october["today"])
    received = [(row["kind"], row["unit"], row["values"]["received"]) for row in result["rows"]]
    assert received == [
        ("unit", "甲煤矿（本级）", 1),
        ("unit", "甲矿综采一区", 1),
        ("subtotal", "甲煤矿 小计", 2),
        ("unit", "乙煤矿（本级）", 1),
        ("subtotal", "乙煤矿 小计", 1),
        ("unassigned", "待交办", 0),
        ("total", "合计", 3),
    ]
    subtotal = next(row for row in result["rows"] if row["unit"] == "甲煤矿 小计")
    # Rates of a subtotal come from its summed counts, not from averaging rows.
    assert subtotal["values"]["acceptance_rate"] == 0.5


def test_business_month_runs_from_the_21st_to_the_20th(october, settings):
    settings.REPORT_MONTH = "business"
    period = Period.of(2026, 10)
    assert (period.first.isoformat(), period.last.isoformat()) == ("2026-09-21", "2026-10-20")
    table = rows_by_unit(unit_statistics(period, today=october["today"]))
    # Cases 1, 2 and 3 (10-05, 10-10, 10-15); case 5 (09-10) belongs to the month before.
    assert table["合计"]["received"] == 3
    assert table["乙煤矿"]["month_on_month"] == 0.0  # case 5 is in the previous business month
    # Skip-level visits from 09-21 to 10-20: A's 09-30 and 10-08 to Beijing, A-1's 10-20.
    assert (table["甲煤矿"]["skip_capital_batches"], table["甲煤矿"]["skip_capital_people"]) == (
        2,
        4,
    )
    assert table["甲煤矿"]["skip_province_people"] == 2
    assert table["乙煤矿"]["skip_batches"] == 0


def test_a_unit_user_sees_only_their_own_units(october, handler):
    table = unit_statistics(OCTOBER, user=handler, today=october["today"])
    assert [row["unit"] for row in table["rows"]] == ["甲煤矿", "合计"]
    assert table["rows"][-1]["values"]["received"] == 2
    assert table["rows"][-1]["values"]["skip_people"] == 5  # B's visits are not theirs to see


def test_a_section_user_gets_rows_at_their_own_level(october, section_a1):
    from organization.roles import Role
    from tests.factories import UserFactory

    user = UserFactory(unit=section_a1, roles=[Role.LEADER])
    table = unit_statistics(OCTOBER, user=user, today=october["today"])
    assert [(row["unit"], row["values"]["received"]) for row in table["rows"]] == [
        ("甲矿综采一区", 1),
        ("合计", 1),
    ]


def test_by_nature_and_by_category(october):
    assert {row["key"]: row["count"] for row in by_nature(OCTOBER)} == {
        "suggestion": 0,
        "accusation": 0,
        "appeal": 3,
    }
    assert by_category(OCTOBER) == [{"label": "工资待遇", "count": 3}]


def _bulk_petitions(count, people, start=0):
    """Volume for the query-count test, written directly (not a case history)."""
    from datetime import date, timedelta

    from petitions.models import Category, Holiday, Petition

    category = Category.objects.get(name="工资待遇")
    calendar = Holiday.objects.work_calendar()
    petitions = []
    for index in range(start, start + count):
        petition = Petition(
            number=f"XF2026{900000 + index:06d}",
            query_code=f"V{index:08d}",
            channel="letter" if index % 2 else "visit",
            received_on=date(2026, 10, 1) + timedelta(days=index % 31),
            nature="appeal",
            category=category,
            summary="批量",
            content="批量",
            registered_unit=people["unit"],
            registered_by=people["clerk"],
            responsible_unit=people["unit"],
        )
        petition.recompute_due_dates(calendar)
        petitions.append(petition)
    Petition.objects.bulk_create(petitions)


def _bulk_skip_level(count, people):
    from datetime import date, timedelta

    from django.utils import timezone

    from petitions.models import SkipLevel
    from reception.models import SkipLevelVisit

    levels = SkipLevel.values
    now = timezone.now()
    SkipLevelVisit.objects.bulk_create(
        SkipLevelVisit(
            level=levels[index % len(levels)],
            visited_on=date(2026, 10, 1) + timedelta(days=index % 31),
            place="北京",
            headcount=1 + index % 5,
            summary="批量",
            responsible_unit=people["unit"],
            reported_at=now,
            onsite_due=now,
            recorded_by=people["office"],
        )
        for index in range(count)
    )


def test_query_count_is_the_same_for_100_and_5000_cases(people):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            unit_statistics(OCTOBER)
            by_nature(OCTOBER)
            by_category(OCTOBER)
        return len(captured)

    _bulk_petitions(100, people)
    _bulk_skip_level(10, people)
    with_100 = queries()
    _bulk_petitions(4900, people, start=100)
    _bulk_skip_level(490, people)
    assert queries() == with_100


def test_skip_level_visits_registered_as_petitions_count_once(october, people, unit_b):
    """Two petitions registered with a skip-level target in October: B's (to the
    district, 3 people) counts; A's (to Beijing) is linked to the register entry of
    10-08 and is counted there only."""
    from datetime import date

    from petitions.models import SkipLevel
    from reception.models import SkipLevelVisit
    from tests.petitions.factories import moment, register

    register(
        by=people["clerk"],
        at=moment("2026-10-22"),
        responsible_unit=unit_b,
        skip_level=SkipLevel.DISTRICT,
        headcount=3,
    )
    linked = register(
        by=people["clerk"],
        at=moment("2026-10-08"),
        responsible_unit=people["unit"],
        skip_level=SkipLevel.CAPITAL,
    )
    SkipLevelVisit.objects.get(visited_on=date(2026, 10, 8)).petitions.add(linked)
    table = rows_by_unit(unit_statistics(OCTOBER, today=october["today"]))
    assert (table["乙煤矿"]["skip_district_batches"], table["乙煤矿"]["skip_district_people"]) == (
        2,
        4,
    )  # the register's 10-21 visit (1 person) and the petition (3)
    assert table["乙煤矿"]["skip_batches"] == 3
    assert table["甲煤矿"]["skip_capital_batches"] == 1  # the register entry alone
    assert table["合计"]["skip_batches"] == 5


def test_every_skip_level_that_counts_has_its_column():
    from reception.services import SKIP_LEVEL_KEYS
    from reports.statistics import COLUMNS

    keys = {column.key for column in COLUMNS}
    for level in SKIP_LEVEL_KEYS.values():
        assert {f"skip_{level}_batches", f"skip_{level}_people"} <= keys


def test_units_with_equal_figures_share_a_place():
    from reports.figures import places, top_three

    assert places([5, 4, 4, 2, 1]) == [1, 2, 2, 4, 5]
    rows = [
        {"unit": "甲", "received": 9},
        {"unit": "乙", "received": 5},
        {"unit": "丙", "received": 4},
        {"unit": "丁", "received": 4},
        {"unit": "戊", "received": 1},
    ]
    # 丙 and 丁 share third place: both are named, 戊 (fifth) is not.
    assert top_three(rows) == "甲（9件）；乙（5件）；丙、丁（并列第3位，各4件）"
    assert top_three(rows[:3]) == "甲（9件）、乙（5件）、丙（4件）"


def test_the_notice_table_gives_tied_units_the_same_place(october, people, office, unit_b):
    from reports.services import notice_build
    from tests.petitions.factories import moment, register

    notice = notice_build(period=OCTOBER, by=office, at=moment(october["today"]))
    # 甲 and 乙: two skip-level batches and one overdue case each; 甲 received more.
    assert [(place, row["unit"]) for place, row in notice.ranked] == [(1, "甲煤矿"), (2, "乙煤矿")]
    # One more case for 乙 (not yet due): equal on every figure of the order, one place.
    register(by=people["clerk"], at=moment("2026-10-29"), responsible_unit=unit_b)
    notice = notice_build(period=OCTOBER, by=office, at=moment(october["today"]))
    assert [place for place, _row in notice.ranked] == [1, 1]
    assert "甲煤矿、乙煤矿（并列第1位，各2件）" in notice.figures["summary"]
