"""登记: people matched and reused, collective visits flagged, numbers and query codes issued,
registration guarded, and earlier petitions of the same person found for the clerk."""

import re
from datetime import date

import pytest

from organization.models import YearlySequence
from organization.roles import Role
from petitions import services
from petitions.models import (
    CaseEvent,
    Channel,
    Nature,
    Petition,
    Petitioner,
    new_query_code,
)
from petitions.services import ActionNotAllowed
from tests.factories import UserFactory

from .factories import moment, petitioner, register, valid_id_number

pytestmark = pytest.mark.django_db

D = date.fromisoformat
QUERY_CODE = re.compile(
    r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}"
)


def people_of(petition: Petition) -> list[Petitioner]:
    return [link.petitioner for link in petition.links.select_related("petitioner")]


# --- Petitioners: the same person is recognised -------------------------------------------------


def test_the_same_identity_number_reuses_the_person_and_each_case_keeps_its_own_identity(
    clerk,
):
    number = valid_id_number(7)
    first = register(by=clerk, petitioners=[petitioner(id_number=number, phone="13800000001")])
    second = register(
        by=clerk,
        petitioners=[
            petitioner(name="张三丰", id_number=number, phone="13900000002", address="新地址")
        ],
    )

    assert people_of(first) == people_of(second)
    assert Petitioner.objects.count() == 1
    person = Petitioner.objects.get()
    # The person's record is not changed by a later registration...
    assert (person.name, person.phone) == ("张三", "13800000001")
    # ...and each case keeps the identity registered on it.
    old, new = first.links.get(), second.links.get()
    assert (old.name, old.phone, old.address) == ("张三", "13800000001", "淮北市相山区工人村12号")
    assert (new.name, new.phone, new.address) == ("张三丰", "13900000002", "新地址")


def test_a_lowercase_x_matches_and_is_stored_uppercase(clerk):
    register(by=clerk, petitioners=[petitioner(id_number="11010519491231002x")])
    register(by=clerk, petitioners=[petitioner(id_number=" 11010519491231002X ")])
    assert list(Petitioner.objects.values_list("id_number", flat=True)) == ["11010519491231002X"]


def test_without_identity_number_the_same_name_and_phone_are_a_new_person_unless_chosen(clerk):
    first = register(
        by=clerk, petitioners=[petitioner(name="李四", id_number="", phone="13700000000")]
    )
    second = register(
        by=clerk, petitioners=[petitioner(name="李四", id_number="", phone="13700000000")]
    )
    assert people_of(first) != people_of(second)
    chosen = register(
        by=clerk,
        petitioners=[
            petitioner(name="李四", id_number="", phone="13700000000", same_as=first.links.get().pk)
        ],
    )
    assert people_of(chosen) == people_of(first)
    assert Petitioner.objects.count() == 2


def test_the_same_phone_with_another_name_is_another_person(clerk):
    register(by=clerk, petitioners=[petitioner(name="李四", id_number="", phone="13700000000")])
    register(by=clerk, petitioners=[petitioner(name="李四妻", id_number="", phone="13700000000")])
    assert Petitioner.objects.count() == 2


def test_different_identity_numbers_are_different_people_even_with_the_same_name_and_phone(
    clerk,
):
    register(by=clerk, petitioners=[petitioner(id_number=valid_id_number(1))])
    register(by=clerk, petitioners=[petitioner(id_number=valid_id_number(2))])
    assert sorted(Petitioner.objects.values_list("id_number", flat=True)) == [
        valid_id_number(1),
        valid_id_number(2),
    ]


def test_a_person_first_known_by_phone_is_recognised_when_chosen_with_the_identity_number(clerk):
    # A phone call first (no identity card), then a visit with the card.
    by_phone = register(
        by=clerk,
        channel=Channel.PHONE,
        petitioners=[petitioner(name="王五", id_number="", phone="13600000000")],
    )
    with_card = register(
        by=clerk,
        channel=Channel.VISIT,
        petitioners=[
            petitioner(
                name="王五",
                id_number=valid_id_number(5),
                phone="13600000000",
                same_as=by_phone.links.get().pk,
            )
        ],
    )

    assert people_of(by_phone) == people_of(with_card)
    assert Petitioner.objects.get().id_number == valid_id_number(5)
    # The phone call's case still shows what was registered on it.
    assert by_phone.links.get().id_number == ""


def test_without_identity_number_or_phone_a_new_person_is_recorded(clerk):
    register(by=clerk, petitioners=[petitioner(name="赵六", id_number="", phone="")])
    register(by=clerk, petitioners=[petitioner(name="赵六", id_number="", phone="")])
    assert Petitioner.objects.filter(name="赵六").count() == 2


def test_several_petitioners_keep_their_order_and_representative_flag(clerk):
    petition = register(
        by=clerk,
        channel=Channel.VISIT,
        headcount=6,
        petitioners=[
            petitioner(name="甲", id_number=valid_id_number(11), is_representative=True),
            petitioner(name="乙", id_number=valid_id_number(12), is_representative=True),
            petitioner(name="丙", id_number=valid_id_number(13)),
        ],
    )
    links = list(petition.links.select_related("petitioner"))
    assert [(link.petitioner.name, link.is_representative, link.position) for link in links] == [
        ("甲", True, 0),
        ("乙", True, 1),
        ("丙", False, 2),
    ]


# --- Collective visits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "headcount", "collective"),
    [
        (Channel.VISIT, 5, True),
        (Channel.VISIT, 30, True),
        (Channel.VISIT, 4, False),
        (Channel.VISIT, 1, False),
        (Channel.LEADER_RECEPTION, 5, True),
        (Channel.LEADER_RECEPTION, 4, False),
        (Channel.LETTER, 50, False),  # a joint letter is not a visit
        (Channel.ONLINE, 5, False),
        (Channel.PHONE, 5, False),
    ],
)
def test_collective_visit_only_for_visits_at_or_above_the_threshold(
    clerk, channel, headcount, collective
):
    assert register(by=clerk, channel=channel, headcount=headcount).is_collective is collective


def test_the_collective_threshold_is_a_setting(clerk, settings):
    settings.COLLECTIVE_VISIT_THRESHOLD = 10
    assert not register(by=clerk, channel=Channel.VISIT, headcount=9).is_collective
    assert register(by=clerk, channel=Channel.VISIT, headcount=10).is_collective


# --- Numbers and query codes -----------------------------------------------------------------


def test_query_codes_use_the_unambiguous_alphabet():
    codes = [new_query_code() for _ in range(2000)]
    assert all(QUERY_CODE.fullmatch(code) for code in codes)
    assert not set("".join(codes)) & set("01OIL")
    assert len(set(codes)) == len(codes)


def test_each_registration_gets_its_own_query_code(clerk):
    codes = [register(by=clerk).query_code for _ in range(25)]
    assert all(QUERY_CODE.fullmatch(code) for code in codes)
    assert len(set(codes)) == 25


def test_numbers_are_consecutive_within_a_year(clerk):
    numbers = [register(by=clerk, at=moment("2026-03-02")).number for _ in range(3)]
    assert numbers == ["XF2026000001", "XF2026000002", "XF2026000003"]


def test_numbering_restarts_in_a_new_year_by_the_date_received(clerk):
    dec = register(by=clerk, at=moment("2026-12-31"))
    jan = register(by=clerk, at=moment("2027-01-01"))
    # Registered in January about a letter received in December: December's sequence.
    late = register(by=clerk, at=moment("2027-01-04"), received_on=D("2026-12-30"))
    jan2 = register(by=clerk, at=moment("2027-01-04"))

    assert [dec.number, jan.number, late.number, jan2.number] == [
        "XF2026000001",
        "XF2027000001",
        "XF2026000002",
        "XF2027000002",
    ]
    assert dict(
        YearlySequence.objects.filter(key="petition").values_list("year", "last_number")
    ) == {2026: 2, 2027: 2}


# --- Who may register ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER, Role.INSPECTOR])
def test_a_role_without_the_permission_cannot_register(unit_a, role):
    user = UserFactory(unit=unit_a, roles=[role])
    with pytest.raises(ActionNotAllowed):
        register(by=user)
    assert not Petition.objects.exists()
    assert not YearlySequence.objects.filter(last_number__gt=0).exists()


def test_a_clerk_without_a_unit_cannot_register(db):
    clerk = UserFactory(unit=None, roles=[Role.CLERK])
    with pytest.raises(ActionNotAllowed):
        register(by=clerk)
    assert not Petition.objects.exists()
    assert not Petitioner.objects.exists()


def test_the_office_may_register(office):
    assert register(by=office).registered_unit == office.unit


def test_registration_records_who_where_when_and_writes_the_first_event(clerk):
    at = moment("2026-10-12", 14, 30)
    petition = register(by=clerk, at=at, channel=Channel.ONLINE)

    assert (petition.registered_by, petition.registered_unit) == (clerk, clerk.unit)
    assert petition.registered_at == at
    assert petition.state == Petition.State.REGISTERED
    assert petition.version == 0
    event = CaseEvent.objects.get(petition=petition)
    assert (event.action, event.actor, event.at) == ("register", clerk, at)
    assert (event.from_state, event.to_state) == ("", Petition.State.REGISTERED)
    assert event.payload == {"channel": "online"}


def test_registration_sends_its_signal_after_commit(clerk, django_capture_on_commit_callbacks):
    from petitions import signals

    received = []

    def receiver(sender, petition, **kwargs):
        received.append(petition.number)

    signals.petition_registered.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            petition = register(by=clerk)
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.petition_registered.disconnect(receiver)
    assert received == [petition.number]


# --- Earlier petitions of the same person ------------------------------------------------------

TODAY = D("2026-10-19")
ID = valid_id_number(21)
PHONE = "13512345678"


@pytest.fixture
def history(clerk, clerk_b, people):
    """One person's petitions (recent, at the boundary, too old, outside unit A), one more
    from the same phone, and a stranger's."""

    def petition(received, *, by=clerk, person=None, assign=True):
        petition = register(
            by=by,
            at=moment(received),
            petitioners=[person or petitioner(name="钱七", id_number=ID, phone=PHONE)],
        )
        if assign:
            petition = services.petition_assign(
                petition=petition,
                unit=people["unit"],
                due=D("2026-12-31"),
                by=by,
                at=moment(received),
            )
        return petition

    return {
        "recent": petition("2026-10-09"),
        "boundary": petition("2025-10-19"),  # exactly 365 days before TODAY
        "old": petition("2025-10-18"),
        # A family member calling from the same phone: another person, same phone.
        "by_phone": petition(
            "2026-08-01", person=petitioner(name="钱七之妻", id_number="", phone=PHONE)
        ),
        "unit_b": petition("2026-09-01", by=clerk_b, assign=False),
        "stranger": petition(
            "2026-10-01",
            person=petitioner(name="孙八", id_number=valid_id_number(22), phone="13300000000"),
        ),
    }


def numbers(queryset) -> list[str]:
    return [petition.number for petition in queryset]


def test_earlier_petitions_by_identity_number_within_the_look_back(history, clerk):
    found = services.earlier_petitions(user=clerk, id_numbers=[ID], today=TODAY)
    assert numbers(found) == [
        history["recent"].number,
        history["unit_b"].number,
        history["boundary"].number,
    ]


def test_earlier_petitions_by_phone_include_those_recorded_without_a_number(history, clerk):
    found = services.earlier_petitions(user=clerk, phones=[f" {PHONE} "], today=TODAY)
    assert set(numbers(found)) == {
        history["recent"].number,
        history["by_phone"].number,
        history["unit_b"].number,
        history["boundary"].number,
    }


def test_earlier_petitions_by_either_match_once_each(history, clerk):
    found = services.earlier_petitions(
        user=clerk, id_numbers=[ID.lower()], phones=[PHONE], today=TODAY
    )
    assert len(numbers(found)) == len(set(numbers(found))) == 4
    assert history["old"].number not in numbers(found)
    assert history["stranger"].number not in numbers(found)


def test_earlier_petitions_stay_within_the_users_scope(history, unit_a):
    clerk_a = UserFactory(unit=unit_a, roles=[Role.CLERK])
    found = services.earlier_petitions(user=clerk_a, id_numbers=[ID], today=TODAY)
    assert history["unit_b"].number not in numbers(found)
    assert numbers(found) == [history["recent"].number, history["boundary"].number]


def test_the_look_back_period_is_a_setting(history, clerk, settings):
    settings.REPEAT_LOOKBACK_DAYS = 10
    found = services.earlier_petitions(user=clerk, id_numbers=[ID], today=TODAY)
    assert numbers(found) == [history["recent"].number]  # received exactly 10 days before


def test_earlier_petitions_without_anything_to_match_is_empty(history, clerk):
    assert not services.earlier_petitions(user=clerk, id_numbers=[""], phones=["  "]).exists()


def test_registering_a_repeat_links_it_to_the_earlier_petition(history, clerk):
    repeat = register(
        by=clerk,
        at=moment(TODAY),
        nature=Nature.APPEAL,
        repeat_of=history["recent"],
        petitioners=[petitioner(name="钱七", id_number=ID, phone=PHONE)],
    )
    assert repeat.repeat_of == history["recent"]
    assert list(history["recent"].repeats.all()) == [repeat]


def test_the_office_hears_of_a_units_registration_not_of_its_own(people, office):
    from notifications.models import Notification

    register(by=people["clerk"])  # the clerk works in the office's own unit
    assert not Notification.objects.filter(recipient=office).exists()
    unit_clerk = UserFactory(unit=people["unit"], roles=[Role.CLERK])
    petition = register(by=unit_clerk)
    note = Notification.objects.get(recipient=office)
    assert (note.kind, note.subject, note.url) == (
        "registered",
        petition.number,
        petition.get_absolute_url(),
    )
