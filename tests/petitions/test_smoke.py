import pytest

from petitions.models import Petition

from .factories import advance, register

pytestmark = pytest.mark.django_db


def test_a_case_can_be_driven_to_final_along_the_assigned_path(people):
    petition = register(by=people["clerk"])
    petition = advance(petition, Petition.State.FINAL, **people)
    assert petition.state == Petition.State.FINAL
    assert [event.action for event in petition.events.all()] == [
        "register",
        "assign",
        "receive",
        "submit_report",
        "sign_off",
        "approve",
        "record_service",
        "request_review",
        "issue_review",
        "record_service",
        "request_rereview",
        "issue_rereview",
    ]
