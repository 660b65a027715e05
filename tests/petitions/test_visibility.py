"""One authorization rule for lists and detail pages, and the confidentiality of 检举控告.

`Petition.objects.visible_to(user)` (lists) and `petition.is_visible_to(user)`
(detail pages) must agree for every user and every case: a list that shows what
the detail page refuses is the classic bug this guards against.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from organization.roles import Role
from petitions import services
from petitions.models import IdentityAccessLog, Nature, Petition
from petitions.services import ActionNotAllowed
from tests.factories import UserFactory

from .factories import moment, register

pytestmark = pytest.mark.django_db

CASES = ("at_root", "unit_a", "section_a1", "unit_b", "owned_by_leader", "registered_by_mover")


@pytest.fixture
def personas(clerk, handler, leader, office, inspector, outsider, section_a1, unit_a, unit_b):
    mover = UserFactory(username="mover", unit=unit_b, roles=[Role.CLERK])
    return {
        "clerk": clerk,
        "handler": handler,
        "leader": leader,
        "office": office,
        "inspector": inspector,
        "outsider": outsider,
        "section_handler": UserFactory(unit=section_a1, roles=[Role.HANDLER]),
        "leader_b": UserFactory(unit=unit_b, roles=[Role.LEADER]),
        "mover": mover,
        "no_unit": UserFactory(unit=None, roles=[Role.CLERK]),
        "superuser": UserFactory(unit=None, is_superuser=True),
        "anonymous": AnonymousUser(),
    }


def assign(petition, unit, by):
    return services.petition_assign(
        petition=petition, unit=unit, due=date(2026, 12, 31), by=by, at=moment("2026-10-12")
    )


@pytest.fixture
def cases(personas, clerk, leader, office, unit_a, section_a1, unit_b):
    at = moment("2026-10-12")
    owned = assign(register(by=clerk, at=at), unit_b, clerk)
    owned = services.petition_set_owning_leader(petition=owned, leader=leader, by=office)
    mover = personas["mover"]
    by_mover = register(by=mover, at=at)
    # The clerk who registered it in unit B now works in unit A.
    mover.unit = unit_a
    mover.save()
    return {
        "at_root": register(by=clerk, at=at),
        "unit_a": assign(register(by=clerk, at=at), unit_a, clerk),
        "section_a1": assign(register(by=clerk, at=at), section_a1, clerk),
        "unit_b": assign(register(by=clerk, at=at), unit_b, clerk),
        "owned_by_leader": owned,
        "registered_by_mover": by_mover,
    }


EVERYTHING = set(CASES)
EXPECTED = {
    "clerk": EVERYTHING,  # registered them all, and the group's subtree is everything
    "office": EVERYTHING,
    "inspector": EVERYTHING,
    "superuser": EVERYTHING,
    "handler": {"unit_a", "section_a1"},
    "leader": {"unit_a", "section_a1", "owned_by_leader"},
    "section_handler": {"section_a1"},
    "outsider": {"unit_b", "owned_by_leader", "registered_by_mover"},
    "leader_b": {"unit_b", "owned_by_leader", "registered_by_mover"},
    "mover": {"unit_a", "section_a1", "registered_by_mover"},
    "no_unit": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_list_and_detail_agree_and_show_exactly_the_users_cases(persona, personas, cases):
    user = personas[persona]
    listed = set(Petition.objects.visible_to(user).values_list("pk", flat=True))
    names = {case.pk: name for name, case in cases.items()}

    for name, case in cases.items():
        fresh = Petition.objects.get(pk=case.pk)
        assert fresh.is_visible_to(user) == (case.pk in listed), (persona, name)
    assert {names[pk] for pk in listed} == EXPECTED[persona]


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_the_scope_s_parts_unite_to_exactly_the_users_cases(persona, personas, cases):
    # The capped count asks the parts one at a time: together they are the rule, each
    # within it.
    user = personas[persona]
    visible = set(Petition.objects.visible_to(user).values_list("pk", flat=True))
    parts = [
        set(part.values_list("pk", flat=True)) for part in Petition.objects.visible_parts(user)
    ]
    assert set().union(*parts) == visible


def test_the_list_rule_composes_with_other_filters_without_duplicates(personas, cases):
    # An OR across joins must not duplicate rows nor lose the unassigned cases.
    queryset = Petition.objects.visible_to(personas["clerk"]).filter(
        state=Petition.State.REGISTERED
    )
    assert queryset.count() == len(set(queryset)) == 2


def test_a_case_handed_back_by_objection_leaves_the_units_view(personas, cases, handler):
    case = services.petition_object(
        petition=cases["unit_a"], reason="不属本单位", by=handler, at=moment("2026-10-13")
    )
    assert not case.is_visible_to(handler)
    assert not Petition.objects.visible_to(handler).filter(pk=case.pk).exists()


# --- Confidentiality of 检举控告类 (XG 30) ------------------------------------------------------


@pytest.fixture
def accusation(clerk, unit_a):
    return assign(register(by=clerk, nature=Nature.ACCUSATION), unit_a, clerk)


@pytest.fixture
def appeal(clerk, unit_a):
    return assign(register(by=clerk, nature=Nature.APPEAL), unit_a, clerk)


@pytest.fixture
def other_clerk(group_root):
    return UserFactory(unit=group_root, roles=[Role.CLERK])


@pytest.mark.parametrize(
    ("persona", "identity", "contact"),
    [
        ("office", True, True),
        ("clerk", True, True),  # registered it
        ("other_clerk", False, False),
        ("handler", False, False),  # sees the matter, not the name
        ("leader", False, False),
        ("inspector", False, False),
    ],
)
def test_an_accusers_identity_is_only_for_the_office_and_the_registering_clerk(
    request, accusation, persona, identity, contact
):
    user = request.getfixturevalue(persona)
    assert accusation.is_confidential
    assert accusation.identity_visible_to(user) is identity
    assert accusation.may_reveal_contact(user) is contact


@pytest.mark.parametrize(
    ("persona", "identity", "contact"),
    [
        ("office", True, True),
        ("clerk", True, True),
        ("other_clerk", True, True),
        ("handler", True, True),  # the unit handling it calls the petitioner
        ("leader", True, True),
        ("inspector", True, True),
        ("outsider", True, False),  # never sees the case; would get no contact anyway
    ],
)
def test_other_natures_show_identity_and_contact_to_the_unit_handling_them(
    request, appeal, persona, identity, contact
):
    user = request.getfixturevalue(persona)
    assert not appeal.is_confidential
    assert appeal.identity_visible_to(user) is identity
    assert appeal.may_reveal_contact(user) is contact


def test_a_suggestion_is_not_confidential(clerk):
    assert not register(by=clerk, nature=Nature.SUGGESTION).is_confidential


def test_revealing_contact_is_logged(appeal, handler):
    services.identity_reveal(petition=appeal, by=handler, purpose="detail")
    log = IdentityAccessLog.objects.get()
    assert (log.user, log.petition, log.purpose) == (handler, appeal, "detail")


def test_revealing_an_accusers_contact_to_the_unit_is_refused_and_not_logged(accusation, handler):
    with pytest.raises(ActionNotAllowed):
        services.identity_reveal(petition=accusation, by=handler, purpose="detail")
    assert not IdentityAccessLog.objects.exists()
