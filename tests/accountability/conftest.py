from datetime import date
from decimal import Decimal

import pytest

from accountability.models import AssessmentYear, Metric, Rule
from petitions.models import SkipLevel
from tests.reception.factories import make_skip_level


@pytest.fixture
def capital_rule(db):
    return Rule.objects.create(
        name="进京访（批次）",
        metric=Metric.SKIP_CAPITAL_BATCHES,
        points=Decimal("-5"),
        cap=Decimal("12"),
        active_from=date(2020, 1, 1),
    )


@pytest.fixture
def skip(office):
    def make(unit, on, headcount=1, level=SkipLevel.CAPITAL):
        return make_skip_level(by=office, unit=unit, on=on, headcount=headcount, level=level)

    return make


@pytest.fixture
def pass_mark(db):
    def make(year, mark="1150"):
        return AssessmentYear.objects.create(year=year, pass_mark=Decimal(mark))

    return make
