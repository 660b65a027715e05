"""The timeliness rates on a hand-built month, every figure computed by hand below.

Definition (printed on the notice): a case counts in the rate of the period its
deadline falls in, once. On time: done on or before the due day. Late: done after
it, or not done and the due day is over (never accepted / never replied counts as
late). A case due later and not yet done is not counted yet. Cases transferred,
redirected or not accepted are not counted.

Ten cases of unit A (dates in 2026 unless stated), report run on 2026-12-04:

| case | received | accepted (due) | replied (handling due) | notes |
|---|---|---|---|---|
| c1 | 10-26 | 11-10 (11-10) on the due day | 11-20 (11-20) on the due day | rated satisfied 11-25 |
| c2 | 10-26 | 11-11 (11-10) a day late | 11-21 (11-20) a day late | unsatisfied 11-26; review |
| c3 | 11-15 | never (11-30) | — | |
| c4 | 10-20 | never (11-04) | never (11-25, set at assignment) | straddles October and November |
| c5 | 11-16 | 11-20 (12-01) | not yet (12-20) | |
| c6 | 11-01 | not accepted (11-15) | — | routed away: in no rate |
| c7 | 10-21 | 11-01 (11-05) | 11-28 (12-15) | rated basically satisfied 11-29 |
| c8 | 09-15 | 09-20 (09-30) | never (11-30) | |
| c9 | 2025-11-10 | 2025-11-12 (2025-11-25) | 11-02 (10-31) a late reply | |
| c10 | 11-30, the last day | not yet (12-15) | — | |

November (calendar): received c3 c5 c6 c10 = 4 (c10 on the last day counts);
acceptance due in November: c1 ✓, c2 ✗, c3 ✗, c4 ✗, c7 ✓ → 2/5 = 40%;
handling due in November: c1 ✓, c2 ✗, c4 ✗ (never accepted), c8 ✗ → 1/4 = 25%;
replied in November: c1 c2 c7 c9 = 4, rated c1 c2 c7 = 3 → rated 75%, satisfied 2/3;
first petitions replied 4, settled at once 3 (c2 asked for a review) → 75%;
received in October c1 c2 c4 c7 = 4 → month on month 0%; November 2025: c9 → +300%.
"""

from datetime import date

import pytest

from petitions.models import Petition, Rating
from reports.periods import Period
from reports.statistics import unit_statistics
from tests.petitions.factories import moment, register

pytestmark = pytest.mark.django_db

State = Petition.State
TODAY = date(2026, 12, 4)


def d(text: str) -> date:
    return date.fromisoformat(text if len(text) == 10 else f"2026-{text}")


CASES = {
    "c1": {
        "received": "10-26",
        "acceptance_due": "11-10",
        "accepted": "11-10",
        "handling_due": "11-20",
        "replied": "11-20",
        "rating": (Rating.SATISFIED, "11-25"),
        "state": State.CLOSED,
    },
    "c2": {
        "received": "10-26",
        "acceptance_due": "11-10",
        "accepted": "11-11",
        "handling_due": "11-20",
        "replied": "11-21",
        "rating": (Rating.DISSATISFIED, "11-26"),
        "review": "11-25",
        "state": State.UNDER_REVIEW,
    },
    "c3": {"received": "11-15", "acceptance_due": "11-30", "state": State.ASSIGNED},
    "c4": {
        "received": "10-20",
        "acceptance_due": "11-04",
        "handling_due": "11-25",
        "state": State.ASSIGNED,
    },
    "c5": {
        "received": "11-16",
        "acceptance_due": "12-01",
        "accepted": "11-20",
        "handling_due": "12-20",
        "state": State.IN_PROGRESS,
    },
    "c6": {"received": "11-01", "acceptance_due": "11-15", "state": State.NOT_ACCEPTED},
    "c7": {
        "received": "10-21",
        "acceptance_due": "11-05",
        "accepted": "11-01",
        "handling_due": "12-15",
        "replied": "11-28",
        "rating": (Rating.BASICALLY, "11-29"),
        "state": State.REPLIED,
    },
    "c8": {
        "received": "09-15",
        "acceptance_due": "09-30",
        "accepted": "09-20",
        "handling_due": "11-30",
        "state": State.IN_PROGRESS,
    },
    "c9": {
        "received": "2025-11-10",
        "acceptance_due": "2025-11-25",
        "accepted": "2025-11-12",
        "handling_due": "10-31",
        "replied": "11-02",
        "state": State.REPLIED,
    },
    "c10": {"received": "11-30", "acceptance_due": "12-15", "state": State.ASSIGNED},
}


@pytest.fixture
def month(people):
    """The ten cases with their dates set by hand (the statistics read only these)."""
    for name, case in CASES.items():
        petition = register(
            by=people["clerk"],
            at=moment(d(case["received"])),
            responsible_unit=people["unit"],
            summary=name,
        )
        rating, rated_on = case.get("rating", ("", None))
        Petition.objects.filter(pk=petition.pk).update(
            state=case["state"],
            acceptance_due=d(case["acceptance_due"]),
            accepted_on=case.get("accepted") and d(case["accepted"]),
            handling_due=case.get("handling_due") and d(case["handling_due"]),
            replied_on=case.get("replied") and d(case["replied"]),
            review_requested_on=case.get("review") and d(case["review"]),
            unit_rating=rating,
            rated_on=rated_on and d(rated_on),
            current_due=None,
        )
    return people["unit"]


def total(*, today=TODAY, mode="calendar", year=2026, month=11) -> dict:
    table = unit_statistics(Period.of(year, month, mode), today=today)
    row = table["rows"][-1]
    assert row["kind"] == "total"
    return row


def test_november_every_rate_by_hand(month):
    row = total()
    counts, values = row["counts"], row["values"]
    assert values["received"] == 4  # c3 c5 c6 c10: the case of the last day is in
    assert (counts["accepted_on_time"], counts["acceptance_counted"]) == (2, 5)
    assert values["acceptance_rate"] == 0.4
    assert (counts["replied_on_time"], counts["handling_counted"]) == (1, 4)
    assert values["on_time_rate"] == 0.25
    assert values["rating_rate"] == 0.75
    assert values["satisfaction_rate"] == round(2 / 3, 4)
    assert values["first_settlement_rate"] == 0.75
    assert values["month_on_month"] == 0.0
    assert values["year_on_year"] == 3.0


def test_the_due_day_is_on_time_and_the_day_after_is_late(month):
    """c1 did both on the due day, c2 a day later: only c1 is on time."""
    counts = total()["counts"]
    assert counts["accepted_on_time"] == 2  # c1, c7; not c2
    assert counts["replied_on_time"] == 1  # c1; not c2


def test_a_case_straddling_two_months_counts_in_its_deadline_month(month):
    """c4: received 10-20, never accepted, acceptance due 11-04 → late in November,
    not in October; its handling due 11-25 passed unreplied → late in November."""
    october = total(month=10)["counts"]
    assert october.get("acceptance_counted", 0) == 0
    assert (october["replied_on_time"], october["handling_counted"]) == (0, 1)  # c9, late


def test_a_case_due_later_is_counted_once_its_due_day_is_over(month):
    # c10: acceptance due 12-15, never accepted. Not yet late on its due day...
    on_due_day = total(month=12, today=date(2026, 12, 15))["counts"]
    assert (on_due_day["accepted_on_time"], on_due_day["acceptance_counted"]) == (1, 1)  # c5
    # ...late the day after.
    after = total(month=12, today=date(2026, 12, 16))["counts"]
    assert (after["accepted_on_time"], after["acceptance_counted"]) == (1, 2)
    assert total(month=12)["values"]["received"] == 0  # c10 stays in November


def test_every_case_is_counted_exactly_once(month):
    later = date(2027, 3, 1)
    months = [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 13)]
    acceptance = handling = 0
    for year, number in months:
        counts = total(year=year, month=number, today=later)["counts"]
        acceptance += counts.get("acceptance_counted", 0)
        handling += counts.get("handling_counted", 0)
    assert acceptance == 9  # every case but c6 (not accepted)
    assert handling == 7  # every case with a handling due date: c1 c2 c4 c5 c7 c8 c9


def test_business_month_from_the_21st_to_the_20th(month):
    """业务月 November: 10-21 to 11-20. c7 (received 10-21) is in, c4 (10-20) is not."""
    row = total(mode="business")
    counts, values = row["counts"], row["values"]
    assert values["received"] == 6  # c1 c2 c3 c5 c6 c7
    assert total(mode="business", month=10)["values"]["received"] == 1  # c4
    # Acceptance due 10-21..11-20: c1 ✓ c2 ✗ c4 ✗ c7 ✓ (c3's 11-30 is December's).
    assert (counts["accepted_on_time"], counts["acceptance_counted"]) == (2, 4)
    # Handling due 10-21..11-20: c1 ✓ c2 ✗ c9 ✗ (10-31).
    assert (counts["replied_on_time"], counts["handling_counted"]) == (1, 3)
