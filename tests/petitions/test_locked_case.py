"""locked_case and run(): the event names the transition that actually ran, and a
change made any other way is refused before anything is written."""

import pytest
from django.utils import timezone, translation

from petitions import services
from petitions.models import CaseEvent, Petition
from petitions.services import change, locked_case, run

from .factories import advance, moment, register

pytestmark = pytest.mark.django_db

S = Petition.State


def _in(state, people):
    return advance(register(by=people["clerk"], at=moment("2026-10-12")), state, **people)


@pytest.mark.parametrize(
    ("start", "by", "target"),
    [(S.AWAITING_SIGNOFF, "leader", S.IN_PROGRESS), (S.AWAITING_REVIEW, "office", S.IN_PROGRESS)],
)
def test_a_services_event_names_the_transition_it_ran(people, start, by, target):
    # send_back is one method on two transitions (leader's and office's): the event
    # names the method, whichever of them ran.
    petition = _in(start, people)

    sent = services.petition_send_back(petition=petition, reason="事实不清", by=people[by])

    event = sent.events.order_by("-pk").first()
    assert (event.action, event.from_state, event.to_state) == ("send_back", start, target)
    assert event.comment == "事实不清"
    assert event.actor == people[by]


def test_the_event_action_is_taken_from_the_method_called_not_from_the_caller(
    people, django_capture_on_commit_callbacks
):
    petition = _in(S.ASSIGNED, people)
    sent = []
    services.signals.petition_changed.connect(
        receiver := lambda sender, action, **kw: sent.append(action), weak=False
    )
    try:
        with (
            django_capture_on_commit_callbacks(execute=True),
            locked_case(petition, by=people["handler"], version=petition.version) as case,
        ):
            run(case.object, reason="不属本单位")
    finally:
        services.signals.petition_changed.disconnect(receiver)

    event = CaseEvent.objects.filter(petition=petition).order_by("-pk").first()
    assert (event.action, event.to_state) == ("object", S.REGISTERED)
    assert sent == ["object"]


def test_a_transition_called_without_run_is_refused_and_nothing_is_written(people, outsider):
    petition = _in(S.ASSIGNED, people)
    events = CaseEvent.objects.count()

    with (
        pytest.raises(RuntimeError),
        locked_case(petition, by=outsider, version=None) as case,
    ):
        case.receive(handler=outsider)  # no permission check: locked_case will not save it

    stored = Petition.objects.get(pk=petition.pk)
    assert (stored.state, stored.version) == (S.ASSIGNED, petition.version)
    assert CaseEvent.objects.count() == events


def test_a_transition_is_refused_after_a_plain_change_in_the_same_block(people):
    petition = _in(S.ASSIGNED, people)

    def flag_then_receive():
        with locked_case(petition, by=people["office"], version=None) as case:
            change(
                case,
                action="set_flags",
                allowed=Petition.may_set_flags,
                refusal="",
                fields={"is_key_case": True},
            )
            run(case.receive)

    with pytest.raises(RuntimeError, match="One change per locked_case"):
        flag_then_receive()

    assert not Petition.objects.get(pk=petition.pk).is_key_case


def test_a_block_that_changes_nothing_writes_nothing(people):
    petition = _in(S.ASSIGNED, people)

    with pytest.raises(RuntimeError), locked_case(petition, by=people["handler"], version=None):
        pass

    assert Petition.objects.get(pk=petition.pk).version == petition.version


def test_a_refused_run_is_action_not_allowed_with_the_same_message(people, outsider):
    petition = _in(S.ASSIGNED, people)

    with (
        translation.override("en"),
        pytest.raises(services.ActionNotAllowed) as refused,
        locked_case(petition, by=outsider, version=None, at=timezone.now()) as case,
    ):
        run(case.receive)
    assert str(refused.value) == "You may not do this on this case."
