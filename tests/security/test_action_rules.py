"""An action the page does not offer cannot be performed by a crafted POST, and the
service refuses it too: one `may_*` rule on the model answers all three."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications.models import Notification
from organization.roles import Role
from petitions import services
from petitions.actions import ACTIONS, ACTIONS_BY_NAME
from petitions.models import CaseEvent, Petition
from supervision import services as supervision_services
from supervision.models import SupervisionNotice
from tests.factories import UserFactory
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db

DUE = (timezone.localdate() + timedelta(days=20)).isoformat()
TODAY = timezone.localdate()


def _statement():
    return SimpleUploadedFile("满意意见书.pdf", b"%PDF-1.4", "application/pdf")


def _close_satisfied(petition, people) -> Petition:
    """Closed inside the review window on the petitioner's written statement."""
    return services.petition_close(
        petition=petition,
        reason="satisfied",
        statement="satisfied",
        statement_upload=_statement(),
        by=people["office"],
    )


def _closed(people) -> Petition:
    """Replied, then closed with the petitioner satisfied."""
    petition = advance(register(by=people["clerk"]), "replied", **people)
    return _close_satisfied(petition, people)


def _transferred(people) -> Petition:
    return services.petition_transfer(
        petition=register(by=people["clerk"]), organ="市人社局", note="属其职权", by=people["clerk"]
    )


# action -> (POST data without the prefix, service keyword arguments)
NON_TRANSITIONS = {
    "set_owning_leader": (
        lambda people: {"leader": people["leader"].pk},
        lambda people: {"leader": people["leader"]},
    ),
    "set_flags": (
        lambda people: {"is_key_case": "on", "is_backlog": "on"},
        lambda people: {"is_key_case": True, "is_backlog": True},
    ),
    "set_listing": (
        lambda people: {"is_listed": "on", "due": DUE, "reason": "群众反映强烈"},
        lambda people: {"is_listed": True, "due": timezone.localdate() + timedelta(days=20)},
    ),
    "record_rating": (
        lambda people: {"office_rating": "satisfied", "unit_rating": "satisfied"},
        lambda people: {"office_rating": "satisfied", "unit_rating": "satisfied"},
    ),
    "record_service": (
        lambda people: {
            "kind": "other",
            "letter": "受理告知书",
            "method": "direct",
            "served_on": TODAY.isoformat(),
        },
        lambda people: {
            "kind": "other",
            "letter": "受理告知书",
            "method": "direct",
            "served_on": TODAY,
        },
    ),
    "set_handler": (
        lambda people: {"handler": people["handler"].pk},
        lambda people: {"handler": people["handler"]},
    ),
    "refuse_review_request": (
        lambda people: {
            "received_on": TODAY.isoformat(),
            "reason": "not_petitioner",
            "note": "代为申请",
        },
        lambda people: {"received_on": TODAY, "reason": "not_petitioner", "note": "代为申请"},
    ),
    "record_hearing": (
        lambda people: {"started_on": TODAY.isoformat()},
        lambda people: {"started_on": TODAY},
    ),
}
# The unit that handled a case serves its letters itself (送达).
OFFICE_ONLY = [action for action in NON_TRANSITIONS if action != "record_service"]


def test_every_non_transition_action_is_covered():
    assert {a.name for a in ACTIONS if a.available is not None} == set(NON_TRANSITIONS)


def _snapshot(petition):
    stored = Petition.objects.get(pk=petition.pk)
    return (
        stored.version,
        stored.owning_leader_id,
        stored.is_key_case,
        stored.is_backlog,
        stored.is_listed,
        stored.listed_due,
        stored.office_rating,
        stored.unit_rating,
        CaseEvent.objects.filter(petition=petition).count(),
        Notification.objects.count(),
    )


def _post(client, petition, action, data):
    payload = {f"{action}-version": petition.version}
    payload |= {f"{action}-{name}": value for name, value in data.items()}
    return client.post(f"/petitions/{petition.number}/act/{action}/", payload)


def _refused_everywhere(client, petition, user, action, people):
    post_data, service_kwargs = NON_TRANSITIONS[action]
    before = _snapshot(petition)
    chosen = ACTIONS_BY_NAME[action]
    assert not chosen.is_available(petition, user)  # the page does not offer it
    client.force_login(user)
    response = _post(client, petition, action, post_data(people))
    assert response.status_code in (403, 404)
    assert _snapshot(petition) == before
    with pytest.raises(services.ActionNotAllowed):
        chosen.perform(petition=petition, by=user, **service_kwargs(people))
    assert _snapshot(petition) == before


@pytest.mark.parametrize("action", ["set_owning_leader", "set_flags", "set_listing"])
def test_office_cannot_change_a_closed_case(client, people, action):
    _refused_everywhere(client, _closed(people), people["office"], action, people)


@pytest.mark.parametrize("action", ["set_owning_leader", "set_listing"])
def test_unit_leader_cannot_change_a_closed_case(client, people, action):
    _refused_everywhere(client, _closed(people), people["leader"], action, people)


@pytest.mark.parametrize("action", list(NON_TRANSITIONS))
def test_office_cannot_change_a_transferred_case(client, people, action):
    _refused_everywhere(client, _transferred(people), people["office"], action, people)


@pytest.mark.parametrize("action", OFFICE_ONLY)
def test_a_handler_cannot_do_office_actions(client, people, action):
    petition = advance(register(by=people["clerk"]), "replied", **people)
    _refused_everywhere(client, petition, people["handler"], action, people)


@pytest.mark.parametrize("action", ["set_owning_leader", "set_listing", "set_flags"])
def test_a_leader_of_another_unit_is_refused(client, people, unit_b, action):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    # A leader of unit B cannot see unit A's case at all: 404 rather than 403.
    other = UserFactory(username="leader_other", unit=unit_b, roles=[Role.LEADER])
    _refused_everywhere(client, petition, other, action, people)


def test_the_offered_actions_still_work(client, people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    client.force_login(people["office"])
    response = _post(
        client, petition, "set_listing", {"is_listed": "on", "due": DUE, "reason": "督办"}
    )
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).is_listed


def test_a_stale_page_gets_the_stale_message_not_a_403(client, people):
    petition = advance(register(by=people["clerk"]), "replied", **people)
    loaded_version = petition.version
    _close_satisfied(petition, people)
    client.force_login(people["office"])
    response = client.post(
        f"/petitions/{petition.number}/act/set_flags/",
        {"set_flags-version": loaded_version, "set_flags-is_key_case": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Petition.objects.get(pk=petition.pk).is_key_case


def test_a_transition_not_offered_is_refused_with_403(client, people):
    petition = _closed(people)
    client.force_login(people["office"])
    response = client.post(
        f"/petitions/{petition.number}/act/request_review/",
        {"request_review-version": petition.version},
    )
    assert response.status_code == 403


def _notice(petition, unit, office):
    return SupervisionNotice.objects.create(
        number="DB2026000001",
        petition=petition,
        unit=unit,
        clock="handling",
        due=timezone.localdate() - timedelta(days=1),
        reason="逾期未办结",
        issued_on=timezone.localdate(),
        issued_by=office,
        feedback_due=timezone.localdate() + timedelta(days=5),
    )


def test_an_answered_notice_cannot_be_answered_again(client, people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    notice = _notice(petition, people["unit"], people["office"])
    supervision_services.supervision_notice_answer(
        notice=notice, text="已督促办理", by=people["handler"]
    )
    events = CaseEvent.objects.count()
    notices = Notification.objects.count()
    client.force_login(people["leader"])
    response = client.post(f"/supervision/notices/{notice.number}/", {"feedback": "再次反馈"})
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.feedback == "已督促办理"
    assert (CaseEvent.objects.count(), Notification.objects.count()) == (events, notices)
    assert not notice.may_answer(people["leader"])


def test_the_office_cannot_answer_a_units_notice(client, people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    notice = _notice(petition, people["unit"], people["office"])
    client.force_login(people["office"])
    response = client.post(f"/supervision/notices/{notice.number}/", {"feedback": "代为反馈"})
    assert response.status_code == 403
    with pytest.raises(supervision_services.ActionNotAllowed):
        supervision_services.supervision_notice_answer(
            notice=notice, text="代为反馈", by=people["office"]
        )
    notice.refresh_from_db()
    assert notice.feedback_at is None


def test_revealing_identity_without_the_right_is_refused(client, people, unit_b):
    petition = register(by=people["clerk"], nature="accusation")
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=timezone.localdate() + timedelta(days=30),
        by=people["clerk"],
    )
    client.force_login(people["handler"])
    response = client.post(f"/petitions/{petition.number}/identity/")
    assert response.status_code == 403
    with pytest.raises(services.ActionNotAllowed):
        services.identity_reveal(petition=petition, by=people["handler"], purpose="detail")
