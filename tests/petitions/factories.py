"""Build petitions through the same services the application uses."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from petitions import services
from petitions.identity import check_character
from petitions.models import Category, Channel, Nature, Petition


def valid_id_number(serial: int = 1, birth: str = "19800101", region: str = "340602") -> str:
    """An 18-digit identity number with a correct GB 11643 check digit."""
    first17 = f"{region}{birth}{serial % 1000:03d}"
    return first17 + check_character(first17)


def category(name: str = "工资待遇") -> Category:
    return Category.objects.get(name=name)


def petitioner(**overrides) -> services.PetitionerData:
    fields = {
        "name": "张三",
        "id_number": valid_id_number(1),
        "phone": "13800138000",
        "address": "淮北市相山区工人村12号",
        "employer": "甲煤矿",
        "relation": "employee",
    }
    fields.update(overrides)
    return services.PetitionerData(**fields)


def receiving_officer_pk():
    """For a posted visit (走访): the receiving officer, the first clerk (the registration
    form offers the staff of the registering user's unit); "" when there is none."""
    from organization.models import User

    officer = User.objects.filter(is_active=True, groups__name="clerk").order_by("pk").first()
    return officer.pk if officer else ""


def register(*, by, at=None, **overrides) -> Petition:
    at = at or timezone.now()
    fields = {
        "channel": Channel.LETTER,
        "received_on": timezone.localtime(at).date(),
        "nature": Nature.APPEAL,
        "category": category(),
        "summary": "反映拖欠工资问题",
        "content": "本人系甲煤矿综采一区职工，反映单位拖欠三个月工资，请求尽快发放。",
        "petitioners": [petitioner()],
    }
    fields.update(overrides)
    return services.petition_register(data=services.RegistrationData(**fields), by=by, at=at)


# The assigned path through the lifecycle, as (state reached, how to get there).
def _assign(p, people, at):
    unit = people["unit"]
    due = timezone.localtime(at or timezone.now()).date() + timedelta(days=60)
    return services.petition_assign(petition=p, unit=unit, due=due, by=people["clerk"], at=at)


OUTSIDE_ORGAN = "市信访局"


def serve(petition, kind, *, by, at=None, served_on=None, method="direct") -> Petition:
    """送达 of an opinion, on the day it was issued unless `served_on` says otherwise."""
    day = timezone.localtime(at or timezone.now()).date()
    services.petition_record_service(
        petition=petition, kind=kind, method=method, served_on=served_on or day, by=by, at=at
    )
    return Petition.objects.get(pk=petition.pk)


def _approve_and_serve(p, people, at):
    p = services.petition_approve(petition=p, by=people["office"], at=at)
    return serve(p, "reply", by=people["office"], at=at)


def _review_and_serve(p, people, at):
    p = services.petition_issue_review(
        petition=p, result="uphold", text="维持原处理意见。", by=people["office"], at=at
    )
    return serve(p, "review", by=people["office"], at=at)


ASSIGNED_PATH = [
    (Petition.State.ASSIGNED, _assign),
    (
        Petition.State.IN_PROGRESS,
        lambda p, people, at: services.petition_receive(petition=p, by=people["handler"], at=at),
    ),
    (
        Petition.State.AWAITING_SIGNOFF,
        lambda p, people, at: services.petition_submit_report(
            petition=p,
            report="经调查，反映情况属实。",
            opinion="support",
            text="经核实，单位确有拖欠。",
            basis="《工资支付暂行规定》第七条",
            by=people["handler"],
            at=at,
        ),
    ),
    (
        Petition.State.AWAITING_REVIEW,
        lambda p, people, at: services.petition_sign_off(petition=p, by=people["leader"], at=at),
    ),
    (Petition.State.REPLIED, lambda p, people, at: _approve_and_serve(p, people, at)),
    (
        Petition.State.UNDER_REVIEW,
        lambda p, people, at: services.petition_request_review(
            petition=p, by=people["office"], at=at
        ),
    ),
    (Petition.State.REVIEWED, lambda p, people, at: _review_and_serve(p, people, at)),
    (
        Petition.State.UNDER_REREVIEW,
        # The group is the top of the test tree: the level above it is outside.
        lambda p, people, at: services.petition_request_rereview(
            petition=p, organ=OUTSIDE_ORGAN, by=people["office"], at=at
        ),
    ),
    (
        Petition.State.FINAL,
        lambda p, people, at: services.petition_issue_rereview(
            petition=p, result="uphold", text="维持复查意见。", by=people["office"], at=at
        ),
    ),
]


def advance(petition: Petition, to: str, *, at=None, **people) -> Petition:
    """Move a petition along the assigned path, from where it is, until it reaches `to`.

    people: clerk, handler, leader, office and unit (the unit to assign to).
    """
    reached = [state for state, _step in ASSIGNED_PATH]
    start = reached.index(petition.state) + 1 if petition.state in reached else 0
    for state, step in ASSIGNED_PATH[start:]:
        if petition.state == to:
            return petition
        petition = step(petition, people, at)
        assert petition.state == state, (petition.state, state)
    assert petition.state == to, (petition.state, to)
    return petition


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def moment(day: date | str, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime on `day` (a date or "YYYY-MM-DD") in the project's time zone."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
