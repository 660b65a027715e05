from datetime import date
from decimal import Decimal

import pytest
from django_fsm import TransitionNotAllowed

from accountability import services
from accountability.models import AnnualAssessment, LedgerEntry, Metric, Rule
from tests.factories import UserFactory


@pytest.fixture
def chief(unit_a, office):
    user = UserFactory(username="chief", unit=unit_a, full_name="甲矿长")
    services.chain_member_add(
        unit=unit_a, role="main", user=user, name="", since=date(2020, 1, 1), by=office
    )
    return user


def year(office, y, *, fail: bool, unit_a, skip):
    if fail:
        skip(unit_a, date(y, 6, 1))
    for month in range(1, 13):
        services.scoring_month_run(year=y, month=month, by=office)
    return services.annual_assess(year=y, by=office)


@pytest.fixture
def passing(pass_mark):
    pass_mark(2024, "1200")
    pass_mark(2025, "1200")


def states(leader):
    return dict(LedgerEntry.objects.filter(leader=leader).values_list("year", "state"))


def test_fail_then_pass_repays(office, unit_a, unit_b, chief, capital_rule, skip, passing):
    year(office, 2024, fail=True, unit_a=unit_a, skip=skip)
    assert states(chief) == {2024: "withheld"}
    year(office, 2025, fail=False, unit_a=unit_a, skip=skip)
    assert states(chief) == {2024: "repaid"}
    entry = LedgerEntry.objects.get()
    assert list(entry.events.values_list("action", flat=True)) == ["withheld", "repaid"]
    assert entry.settled_year == 2025


def test_fail_then_fail_forfeits_both(office, unit_a, unit_b, chief, capital_rule, skip, passing):
    year(office, 2024, fail=True, unit_a=unit_a, skip=skip)
    year(office, 2025, fail=True, unit_a=unit_a, skip=skip)
    assert states(chief) == {2024: "forfeited", 2025: "forfeited"}


def test_pass_then_fail_withholds_the_second_year_only(
    office, unit_a, unit_b, chief, capital_rule, skip, passing
):
    year(office, 2024, fail=False, unit_a=unit_a, skip=skip)
    assert states(chief) == {}
    year(office, 2025, fail=True, unit_a=unit_a, skip=skip)
    assert states(chief) == {2025: "withheld"}


def test_pass_mark_boundary(office, unit_a, unit_b, chief, capital_rule, skip, pass_mark):
    pass_mark(2024, "1195")  # 12 x 100 - 5: exactly the pass mark passes
    year(office, 2024, fail=True, unit_a=unit_a, skip=skip)
    assert AnnualAssessment.objects.get(unit=unit_a).passed


def test_a_veto_rule_fails_the_year_whatever_the_total(
    office, unit_a, unit_b, chief, skip, pass_mark
):
    Rule.objects.create(
        name="进京集体访一票否决",
        metric=Metric.SKIP_CAPITAL_BATCHES,
        points=Decimal("-1"),
        veto=True,
        active_from=date(2020, 1, 1),
    )
    pass_mark(2024, "100")
    year(office, 2024, fail=True, unit_a=unit_a, skip=skip)
    assessment = AnnualAssessment.objects.get(unit=unit_a)
    assert (assessment.passed, assessment.veto) == (False, "进京集体访一票否决")


def test_assessing_twice_changes_nothing(
    office, unit_a, unit_b, chief, capital_rule, skip, passing
):
    year(office, 2024, fail=True, unit_a=unit_a, skip=skip)
    services.annual_assess(year=2024, by=office)
    assert AnnualAssessment.objects.filter(year=2024).count() == 2
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "transition", "allowed"),
    [
        ("withheld", "repay", True),
        ("withheld", "forfeit", True),
        ("repaid", "forfeit", False),
        ("repaid", "repay", False),
        ("forfeited", "repay", False),
        ("forfeited", "forfeit", False),
    ],
)
def test_ledger_transitions(state, transition, allowed):
    entry = LedgerEntry(state=state)
    if allowed:
        getattr(entry, transition)(year=2025, at=None)
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(entry, transition)(year=2025, at=None)
