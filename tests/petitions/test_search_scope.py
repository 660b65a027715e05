"""A scoped keyword search: each case's search vectors hold its unit scope as words,
kept in step with the case by database triggers, and a user bound to a subtree looks for
the keyword only among the scope's words. The words narrow the search; they never change
what a user finds."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from organization import paging
from organization.roles import Role
from petitions.filters import PetitionFilter
from petitions.models import (
    Petition,
    PetitionSearchText,
    identity_visible_q,
    scope_word,
    scope_words,
)
from petitions.search import keyword_q
from tests.factories import UnitFactory, UserFactory

from .factories import advance, moment, petitioner, register

pytestmark = pytest.mark.django_db


def words_of(petition) -> dict[str, set[str]]:
    """The scope words of each of the case's two vectors."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(search_vector), tsvector_to_array(people_vector) "
            "FROM petitions_petitionsearchtext WHERE petition_id = %s",
            [petition.pk],
        )
        search, people = cursor.fetchone()
    return {
        "search": {word for word in search if word.startswith("#")},
        "people": {word for word in people if word.startswith("#")},
    }


def both(*words) -> dict[str, set[str]]:
    return {"search": set(words), "people": set(words)}


def test_a_registered_case_holds_its_registering_unit_and_registrar_as_words(people):
    clerk = people["clerk"]
    case = register(by=clerk, received_on=date(2026, 10, 9), at=moment("2026-10-12"))
    assert words_of(case) == both(f"#r{clerk.unit_id}", f"#b{clerk.pk}")
    text = PetitionSearchText.objects.get(pk=case.pk)
    assert (text.received_on, text.number) == (date(2026, 10, 9), case.number)
    # The document's own words are all still there.
    assert "工资" in text.search_vector
    assert "张三" in text.people_vector


def test_routing_and_an_owning_leader_move_the_words_and_keep_the_documents(people, unit_b):
    clerk, leader = people["clerk"], people["leader"]
    case = advance(register(by=clerk), "assigned", **people)
    assert words_of(case) == both(f"#u{people['unit'].pk}", f"#r{clerk.unit_id}", f"#b{clerk.pk}")
    # Any path that writes the case (here a bulk update) takes its search row along.
    Petition.objects.filter(pk=case.pk).update(responsible_unit=unit_b, owning_leader=leader)
    assert words_of(case) == both(
        f"#u{unit_b.pk}", f"#r{clerk.unit_id}", f"#b{clerk.pk}", f"#l{leader.pk}"
    )
    Petition.objects.filter(pk=case.pk).update(owning_leader=None, received_on=date(2026, 9, 1))
    assert words_of(case) == both(f"#u{unit_b.pk}", f"#r{clerk.unit_id}", f"#b{clerk.pk}")
    assert PetitionSearchText.objects.get(pk=case.pk).received_on == date(2026, 9, 1)
    assert Petition.objects.filter(keyword_q("拖欠工资"), pk=case.pk).exists()
    assert Petition.objects.filter(keyword_q("张三", "people_document"), pk=case.pk).exists()


def test_a_change_of_state_does_not_rewrite_the_search_row(people):
    case = advance(register(by=people["clerk"]), "assigned", **people)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text FROM petitions_petitionsearchtext WHERE petition_id = %s",
            [case.pk],
        )
        (version,) = cursor.fetchone()
        Petition.objects.filter(pk=case.pk).update(state=Petition.State.CLOSED)
        cursor.execute(
            "SELECT xmin::text FROM petitions_petitionsearchtext WHERE petition_id = %s",
            [case.pk],
        )
        assert cursor.fetchone() == (version,)


def test_a_user_s_words_are_the_scope_rule_s_conditions(people, section_a1, office_handler):
    handler, unit = people["handler"], people["unit"]
    expected = {
        *(
            scope_word(column, pk)
            for pk in (unit.pk, section_a1.pk)
            for column in ("responsible_unit", "registered_unit")
        ),
        scope_word("owning_leader", handler.pk),
        scope_word("registered_by", handler.pk),
    }
    assert set(scope_words(handler)) == expected
    # Those who see every unit search without words; so do the office's own staff,
    # whose waiting cases are found by their state.
    assert scope_words(people["office"]) is None
    assert scope_words(office_handler) is None


@pytest.fixture
def spread(people, group_root, unit_b, section_a1):
    """Cases whose scope columns fall in and out of unit A's subtree."""
    clerk = people["clerk"]
    b_handler = UserFactory(username="b_registrar", unit=unit_b, roles=[Role.CLERK])
    a_clerk = UserFactory(username="a_registrar", unit=section_a1, roles=[Role.CLERK])
    other = UnitFactory(code="C", name="丙煤矿", parent=group_root)
    people_b = {**people, "unit": unit_b}
    people_s = {**people, "unit": section_a1}
    wages = {"summary": "反映拖欠工资问题"}
    cases = {
        "registered, no unit": register(by=clerk, **wages),
        "assigned to A": advance(register(by=clerk, **wages), "assigned", **people),
        "assigned to A's section": advance(register(by=clerk, **wages), "assigned", **people_s),
        "assigned to B": advance(register(by=clerk, **wages), "assigned", **people_b),
        "registered in A's section, assigned to B": advance(
            register(by=a_clerk, **wages), "assigned", **people_b
        ),
        "registered in B": register(by=b_handler, **wages),
        "subsidence in A": advance(
            register(
                by=clerk,
                summary="采煤塌陷区房屋开裂",
                content="村民房屋因采煤塌陷出现裂缝。",
                petitioners=[petitioner(name="李四", id_number="", phone="13700000000")],
            ),
            "assigned",
            **people,
        ),
    }
    owned = advance(register(by=clerk, **wages), "assigned", **{**people, "unit": other})
    Petition.objects.filter(pk=owned.pk).update(owning_leader=people["leader"])
    cases["in C, owned by A's leader"] = owned
    registered_by_handler = register(by=clerk, **wages)
    Petition.objects.filter(pk=registered_by_handler.pk).update(
        registered_by=people["handler"], registered_unit=unit_b
    )
    cases["registered by A's handler for B"] = registered_by_handler
    return cases


def listed(user, term) -> set[int]:
    queryset = Petition.objects.visible_to(user)
    petition_filter = PetitionFilter({"q": term}, queryset=queryset, user=user)
    return set(petition_filter.qs.values_list("pk", flat=True))


def without_words(user, term) -> set[int]:
    found = keyword_q(term) | (keyword_q(term, "people_document") & identity_visible_q(user))
    return set(Petition.objects.visible_to(user).filter(found).values_list("pk", flat=True))


@pytest.mark.parametrize("term", ["工资", "拖欠工资", "塌陷", "李四", "13700000000", "信访"])
@pytest.mark.parametrize("who", ["handler", "leader", "outsider", "clerk", "office"])
def test_a_search_with_the_scope_s_words_finds_what_the_scope_rule_finds(
    request, spread, who, term
):
    user = request.getfixturevalue(who)
    assert listed(user, term) == without_words(user, term)


def test_the_words_narrow_a_handler_s_search_to_the_scope(spread, people, outsider):
    handler = people["handler"]
    names = {pk: name for name, case in spread.items() for pk in [case.pk]}
    assert {names[pk] for pk in listed(handler, "工资")} == {
        "assigned to A",
        "assigned to A's section",
        "registered in A's section, assigned to B",
        "registered by A's handler for B",
    }
    assert {names[pk] for pk in listed(people["leader"], "工资")} == {
        "assigned to A",
        "assigned to A's section",
        "registered in A's section, assigned to B",
        "in C, owned by A's leader",
    }
    petition_filter = PetitionFilter({"q": "工资"}, queryset=Petition.objects.all(), user=handler)
    assert petition_filter.searches_in_scope()
    assert scope_word("responsible_unit", people["unit"].pk) in str(petition_filter.qs.query)


def test_a_case_number_search_does_not_use_the_words(people):
    handler = people["handler"]
    petition_filter = PetitionFilter({"q": "XF2026"}, queryset=Petition.objects.all(), user=handler)
    assert not petition_filter.searches_in_scope()
    assert (
        petition_filter.list_order()
        == PetitionFilter(queryset=Petition.objects.all(), user=handler).list_order()
    )


@pytest.mark.parametrize("cap", [paging.COUNT_CAP, 5])
def test_a_handler_s_search_pages_newest_first_through_every_match(
    client, people, monkeypatch, cap
):
    """Sorted by the search rows' copy of the key: first from the count's ids (few
    matches), and, past the count's cap, by the database."""
    monkeypatch.setattr(paging, "COUNT_CAP", cap)
    handler = people["handler"]
    cases = [
        advance(
            register(
                by=people["clerk"],
                received_on=date(2026, 9, 1 + index % 20),
                at=moment("2026-10-01"),
            ),
            "assigned",
            **people,
        )
        for index in range(30)
    ]
    register(by=people["clerk"])  # not in the handler's scope
    client.force_login(handler)
    url = reverse("petitions:list")
    seen, query = [], "q=工资"
    while query:
        response = client.get(f"{url}?{query}")
        page = response.context["page"]
        seen += [petition.pk for petition in page]
        query = page.next_query
    expected = sorted(cases, key=lambda case: (case.received_on, case.number), reverse=True)
    assert seen == [case.pk for case in expected]
    back = client.get(f"{url}?{page.previous_query}").context["page"]
    assert [petition.pk for petition in back] == seen[:25]
