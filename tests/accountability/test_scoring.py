from datetime import date
from decimal import Decimal

import pytest

from accountability import services
from accountability.models import Metric, Rule, ScoringMonth, UnitScore


def score_of(scoring_month, unit):
    return UnitScore.objects.get(scoring_month=scoring_month, unit=unit)


def test_a_month_deducts_per_item_and_links_each_item(office, unit_a, unit_b, capital_rule, skip):
    visit = skip(unit_a, date(2025, 3, 10))
    skip(unit_a, date(2025, 3, 31))
    skip(unit_a, date(2025, 4, 1))  # the day after: next month
    scoring_month = services.scoring_month_run(year=2025, month=3, by=office)
    a = score_of(scoring_month, unit_a)
    assert a.score == Decimal("90")
    assert score_of(scoring_month, unit_b).score == Decimal("100")
    line = a.lines.get()
    assert (line.count, line.points, line.capped) == (2, Decimal("-10"), False)
    assert f"/reception/skip-level/{visit.pk}/" in [item["url"] for item in line.items]
    assert a.is_last
    assert (a.rank, score_of(scoring_month, unit_b).rank) == (2, 1)


def test_the_cap_limits_a_rules_points(office, unit_a, unit_b, capital_rule, skip):
    for day in (1, 2, 3):
        skip(unit_a, date(2025, 3, day))
    line = score_of(services.scoring_month_run(year=2025, month=3, by=office), unit_a).lines.get()
    assert (line.count, line.points, line.capped) == (3, Decimal("-12"), True)


def test_a_rule_counts_only_while_active(office, unit_a, unit_b, capital_rule, skip):
    capital_rule.active_to = date(2025, 2, 28)
    capital_rule.save()
    skip(unit_a, date(2025, 3, 1))
    assert score_of(services.scoring_month_run(year=2025, month=3, by=office), unit_a).score == 100


def test_people_rule_counts_headcount(office, unit_a, unit_b, skip):
    Rule.objects.create(
        name="赴省人次",
        metric=Metric.SKIP_PROVINCE_PEOPLE,
        points=Decimal("-0.5"),
        active_from=date(2020, 1, 1),
    )
    skip(unit_a, date(2025, 3, 1), headcount=4, level="province")
    line = score_of(services.scoring_month_run(year=2025, month=3, by=office), unit_a).lines.get()
    assert (line.count, line.points) == (4, Decimal("-2"))


def test_running_a_draft_again_recomputes_in_place(office, unit_a, unit_b, capital_rule, skip):
    first = services.scoring_month_run(year=2025, month=3, by=office)
    skip(unit_a, date(2025, 3, 5))
    again = services.scoring_month_run(year=2025, month=3, by=office)
    assert again.pk == first.pk
    assert score_of(again, unit_a).score == 95


def test_a_frozen_month_is_not_rerun_and_a_correction_is_a_new_version(
    office, unit_a, unit_b, capital_rule, skip
):
    first = services.scoring_month_run(year=2025, month=3, by=office)
    services.scoring_month_freeze(scoring_month=first, by=office)
    skip(unit_a, date(2025, 3, 5))
    with pytest.raises(services.AccountabilityError):
        services.scoring_month_run(year=2025, month=3, by=office)
    assert score_of(first, unit_a).score == 100  # frozen as published
    correction = services.scoring_month_correct(scoring_month=first, reason="补录进京访", by=office)
    assert (correction.version, correction.corrects_id) == (2, first.pk)
    assert score_of(correction, unit_a).score == 95
    assert ScoringMonth.objects.current(2025, 3) == correction
    assert score_of(first, unit_a).score == 100


def test_publishing_the_notice_freezes_the_month(office, unit_a, unit_b, capital_rule):
    frozen = services.scoring_month_freeze_for_notice(year=2025, month=3)
    assert frozen.is_frozen


def test_only_the_office_runs_months(handler, unit_a):
    with pytest.raises(services.AccountabilityError):
        services.scoring_month_run(year=2025, month=3, by=handler)


def test_year_accumulates_current_versions(office, unit_a, unit_b, capital_rule, skip):
    skip(unit_a, date(2025, 1, 5))
    services.scoring_month_run(year=2025, month=1, by=office)
    services.scoring_month_run(year=2025, month=2, by=office)
    totals = services.year_totals(2025)
    assert totals[unit_a.pk]["total"] == Decimal("195")
    assert totals[unit_a.pk]["months"] == 2
