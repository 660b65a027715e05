"""Demo accountability data for `seed_demo`: the scoring rules, each unit's chain (one
unit without petition staff, to show a gap), a year and more of monthly scores, the
consequences the rules proposed (criticisms confirmed, one 整改 report filed), a
misconduct referral and the pay ledger of two assessed years. Runs after reception
(its skip-level visits drive the deductions)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from organization.models import Leadership, Unit, User
from organization.roles import Role

from .. import services
from ..models import AssessmentYear, ChainRole, Consequence, Metric, Rule

RULES = [
    ("进京访（每批次）", Metric.SKIP_CAPITAL_BATCHES, "-10", "30", True),
    ("赴省访（每批次）", Metric.SKIP_PROVINCE_BATCHES, "-5", "20", False),
    ("来集团访（每批次）", Metric.SKIP_CITY_BATCHES, "-2", "10", False),
    ("集体访（每批次）", Metric.COLLECTIVE_BATCHES, "-3", "15", False),
    ("超期未办结（每件）", Metric.OVERDUE_CASES, "-1", "10", False),
    ("督办单逾期反馈（每件）", Metric.OVERDUE_NOTICES, "-1", "5", False),
    ("排查报告未报（每次）", Metric.SCREENING_MISSING, "-3", None, False),
    ("排查报告迟报（每次）", Metric.SCREENING_LATE, "-1", None, False),
    ("倒查未排查或无包案（每批次）", Metric.REVERSE_CHECK_FAILED, "-2", "10", False),
    ("领导接访不足（每次）", Metric.DUTY_SHORTFALL, "-0.5", "3", False),
    ("重复信访（每件）", Metric.REPEAT_PETITIONS, "-0.5", "5", False),
    ("按期办结（每件）", Metric.REPLIED_ON_TIME, "0.2", "5", False),
    ("初信初访一次性办结（每件）", Metric.FIRST_TIME_SETTLED, "0.2", "3", False),
    ("群众满意（每件）", Metric.SATISFIED, "0.1", "2", False),
]


def seed(context):
    if context.options.get("petitions", 200) <= 0:
        context.notes.append("Accountability: none (--petitions 0).")
        return
    today = timezone.localdate()
    office = User.objects.filter(groups__name=Role.OFFICE).order_by("pk").first()
    inspector = User.objects.filter(groups__name=Role.INSPECTOR).order_by("pk").first()
    start = date(today.year - 2, 1, 1)
    for name, metric, points, cap, veto in RULES:
        Rule.objects.create(
            name=name,
            metric=metric,
            points=Decimal(points),
            cap=Decimal(cap) if cap else None,
            veto=veto and False,  # shown in the admin; not armed in the demo
            active_from=start,
        )
    units = list(Unit.objects.filter(depth=2, kind=Unit.Kind.UNIT).order_by("path"))
    for index, unit in enumerate(units):
        people = User.objects.filter(unit=unit).order_by("pk")
        chief = (
            people.filter(leadership=Leadership.MAIN).first()
            or people.filter(groups__name=Role.LEADER).first()
        )
        deputy = (
            people.filter(groups__name=Role.LEADER).exclude(pk=getattr(chief, "pk", None)).first()
        )
        staff = people.filter(groups__name=Role.HANDLER).first()
        since = date(today.year - 3, 1, 1)
        if chief:
            services.chain_member_add(
                unit=unit,
                role=ChainRole.MAIN,
                user=chief,
                name="",
                title=chief.title,
                phone=chief.phone,
                since=since,
                by=office,
            )
        if deputy:
            services.chain_member_add(
                unit=unit,
                role=ChainRole.DIRECT,
                user=deputy,
                name="",
                title=deputy.title,
                since=since,
                by=office,
            )
        if staff and index != len(units) - 1:  # the last unit shows a gap
            services.chain_member_add(
                unit=unit,
                role=ChainRole.STAFF,
                user=staff,
                name="",
                title=staff.title,
                phone=staff.phone or "0561-3000000",
                duty="三级信访网络联络员",
                since=since,
                by=office,
            )
    # December two years back: a hard pass mark fails every unit (pay withheld) ...
    services.scoring_month_run(year=today.year - 2, month=12, by=office)
    AssessmentYear.objects.create(year=today.year - 2, pass_mark=Decimal("100.5"))
    services.annual_assess(year=today.year - 2, by=office)
    # ... last year: every month; most pass (repaid), the weakest fails (forfeited).
    for month in range(1, 13):
        services.scoring_month_run(year=today.year - 1, month=month, by=office)
        if month < 12:
            current = services.ScoringMonth.objects.current(today.year - 1, month)
            services.scoring_month_freeze(scoring_month=current, by=office)
    totals = sorted(item["total"] for item in services.year_totals(today.year - 1).values())
    mark = totals[1] if len(totals) > 1 else Decimal("1200")
    AssessmentYear.objects.create(year=today.year - 1, pass_mark=mark)
    services.annual_assess(year=today.year - 1, by=office)
    for month in range(1, today.month):
        services.scoring_month_run(year=today.year, month=month, by=office)
    confirmed = 0
    for consequence in Consequence.objects.filter(kind="criticism").order_by("year", "month"):
        services.consequence_confirm(consequence=consequence, note="经信访办审核", by=office)
        confirmed += 1
    filed = Consequence.objects.filter(kind="criticism", state="confirmed").first()
    if filed is not None:
        author = User.objects.filter(unit=filed.unit, groups__name=Role.LEADER).first()
        if author:
            services.consequence_report_submit(
                consequence=filed, text="已制定整改措施：落实领导包案，逐案化解。", by=author
            )
    if units and inspector:
        services.referral_raise(
            unit=units[0],
            misconduct="shirking",
            summary="对职工反映的工资问题互相推诿，逾期未答复",
            by=inspector,
        )
    context.notes.append(
        f"Accountability: {len(RULES)} rules, chains of {len(units)} units, scores of "
        f"{today.year - 1} and {today.year}, {confirmed} criticisms confirmed, pay ledger of "
        f"{today.year - 2}-{today.year - 1}."
    )
