from datetime import date

import pytest

from accountability import services
from accountability.models import Consequence, ConsequenceKind
from tests.factories import UnitFactory


def run(office, year, *months):
    for month in months:
        services.scoring_month_run(year=year, month=month, by=office)


def proposals(kind=ConsequenceKind.CRITICISM):
    return list(Consequence.objects.filter(kind=kind).values_list("unit__code", "year", "month"))


def test_last_three_months_of_a_quarter_proposes_a_criticism(
    office, unit_a, unit_b, capital_rule, skip
):
    for month in (1, 2, 3):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    assert proposals() == [("A", 2025, 3)]


def test_last_two_months_of_the_quarter_proposes_nothing(
    office, unit_a, unit_b, capital_rule, skip
):
    for month in (2, 3):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    assert proposals() == []


def test_three_months_running_across_quarters_proposes_nothing(
    office, unit_a, unit_b, capital_rule, skip
):
    for month in (3, 4, 5):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 3, 4, 5, 6)
    assert proposals() == []


def test_a_month_where_everyone_ties_has_no_last_place(office, unit_a, unit_b, capital_rule):
    run(office, 2025, 1, 2, 3)
    assert proposals() == []


def confirm(consequence, office):
    return services.consequence_confirm(consequence=consequence, by=office)


def test_confirmed_criticism_owes_a_report_by_a_date_tracked_to_receipt(
    office, leader, unit_a, unit_b, capital_rule, skip, settings
):
    for month in (1, 2, 3):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    criticism = Consequence.objects.get()
    with pytest.raises(services.AccountabilityError):
        services.consequence_report_submit(consequence=criticism, text="整改", by=leader)
    criticism = confirm(criticism, office)
    assert criticism.report_due == criticism.decided_on.replace() + __import__(
        "datetime"
    ).timedelta(days=settings.ACCOUNTABILITY_REPORT_DAYS)
    assert criticism.report_status == "due"
    criticism = services.consequence_report_submit(
        consequence=criticism, text="整改措施如下", by=leader, on=date(2025, 4, 20)
    )
    assert criticism.report_status == "received"
    assert criticism.report_received_on == date(2025, 4, 20)


def test_waiving_needs_a_reason(office, unit_a, unit_b, capital_rule, skip):
    for month in (1, 2, 3):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    criticism = Consequence.objects.get()
    with pytest.raises(services.AccountabilityError):
        services.consequence_waive(consequence=criticism, note=" ", by=office)
    waived = services.consequence_waive(
        consequence=criticism, note="系上级交办积案集中到期", by=office
    )
    assert waived.state == Consequence.State.WAIVED
    with pytest.raises(services.AccountabilityError):
        confirm(waived, office)


def test_a_unit_cannot_confirm(leader, office, unit_a, unit_b, capital_rule, skip):
    for month in (1, 2, 3):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    with pytest.raises(services.AccountabilityError):
        confirm(Consequence.objects.get(), leader)


def test_criticised_in_two_quarters_running_gives_key_management_and_self_examination(
    office, unit_a, unit_b, capital_rule, skip
):
    for month in range(1, 7):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    confirm(Consequence.objects.get(month=3), office)
    assert proposals(ConsequenceKind.KEY_MANAGEMENT) == []
    run(office, 2025, 4, 5, 6)
    confirm(Consequence.objects.get(month=6, kind=ConsequenceKind.CRITICISM), office)
    assert proposals(ConsequenceKind.KEY_MANAGEMENT) == [("A", 2025, 6)]
    assert proposals(ConsequenceKind.SELF_EXAMINATION) == [("A", 2025, 6)]


def test_once_criticised_gives_no_self_examination(office, unit_a, unit_b, capital_rule, skip):
    for month in (1, 2, 3):
        skip(unit_a, date(2025, month, 10))
    run(office, 2025, 1, 2, 3)
    confirm(Consequence.objects.get(), office)
    assert proposals(ConsequenceKind.SELF_EXAMINATION) == []


@pytest.fixture
def department(group_root):
    return UnitFactory(code="D", name="区人社局", kind="department", parent=group_root)


def test_a_department_with_three_collective_batches_in_a_quarter_goes_to_key_management(
    office, department, unit_b, skip
):
    skip(department, date(2025, 1, 5), headcount=6)
    skip(department, date(2025, 2, 5), headcount=6)
    run(office, 2025, 1, 2)
    assert proposals(ConsequenceKind.KEY_MANAGEMENT) == []
    skip(department, date(2025, 3, 31), headcount=6)
    run(office, 2025, 3)
    assert proposals(ConsequenceKind.KEY_MANAGEMENT) == [("D", 2025, 3)]
    run(office, 2025, 3)  # again: once a quarter
    assert len(proposals(ConsequenceKind.KEY_MANAGEMENT)) == 1


def test_three_batches_spread_over_two_quarters_are_not_enough(office, department, unit_b, skip):
    skip(department, date(2025, 3, 5), headcount=6)
    skip(department, date(2025, 4, 5), headcount=6)
    skip(department, date(2025, 5, 5), headcount=6)
    run(office, 2025, 3, 4, 5)
    assert proposals(ConsequenceKind.KEY_MANAGEMENT) == []


def test_measures_are_recorded_on_confirmed_key_management(office, department, unit_b, skip):
    for day in (1, 2, 3):
        skip(department, date(2025, 1, day), headcount=6)
    run(office, 2025, 1)
    key = Consequence.objects.get(kind=ConsequenceKind.KEY_MANAGEMENT)
    with pytest.raises(services.AccountabilityError):
        services.measure_add(
            consequence=key, measure="talk", taken_on=date(2025, 2, 1), note="", by=office
        )
    confirm(key, office)
    services.measure_add(
        consequence=key, measure="talk", taken_on=date(2025, 2, 1), note="约谈局长", by=office
    )
    assert key.measures.get().measure == "talk"
