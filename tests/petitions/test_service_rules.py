"""Rules the services check on the locked, current row."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from petitions import services
from petitions.models import CloseReason, Petition

from .factories import advance, register

pytestmark = pytest.mark.django_db


def test_closing_for_an_expired_window_is_refused_while_the_window_is_open(people):
    petition = advance(register(by=people["clerk"]), "replied", **people)
    with pytest.raises(services.PetitionError, match="复查"):
        services.petition_close(
            petition=petition, reason=CloseReason.WINDOW_EXPIRED, by=people["office"]
        )
    petition.refresh_from_db()
    assert petition.state == Petition.State.REPLIED
    assert not petition.events.filter(action="close").exists()

    after = timezone.now() + timedelta(days=31)
    closed = services.petition_close(
        petition=petition, reason=CloseReason.WINDOW_EXPIRED, by=None, at=after
    )
    assert closed.state == Petition.State.CLOSED


def test_a_satisfied_petitioner_may_close_the_case_at_once_with_a_written_statement(people):
    petition = advance(register(by=people["clerk"]), "replied", **people)
    closed = services.petition_close(
        petition=petition,
        reason=CloseReason.SATISFIED,
        statement="satisfied",
        statement_upload=SimpleUploadedFile("满意.pdf", b"%PDF-1.4", "application/pdf"),
        by=people["office"],
    )
    assert closed.state == Petition.State.CLOSED


def test_extension_approval_logs_the_days_of_the_current_row(people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    stale_copy = Petition.objects.get(pk=petition.pk)  # loaded before the request
    services.petition_request_extension(
        petition=petition, days=20, reason="需要补充调查", by=people["handler"]
    )
    approved = services.petition_approve_extension(petition=stale_copy, by=people["leader"])
    payload = approved.events.get(action="approve_extension").payload
    # The days of the current row, and its due date before them (the extension letter).
    assert payload == {"days": 20, "due_before": petition.handling_due.isoformat()}


def test_rating_is_checked_against_the_current_row(people):
    petition = advance(register(by=people["clerk"]), "awaiting_review", **people)
    stale_copy = Petition.objects.get(pk=petition.pk)
    services.petition_approve(petition=petition, by=people["office"])
    rated = services.petition_record_rating(
        petition=stale_copy, office_rating="satisfied", unit_rating="basically", by=people["office"]
    )
    assert (rated.office_rating, rated.unit_rating) == ("satisfied", "basically")


def test_rating_before_the_reply_is_refused(people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    with pytest.raises(services.PetitionError):
        services.petition_record_rating(
            petition=petition,
            office_rating="satisfied",
            unit_rating="satisfied",
            by=people["office"],
        )


def test_flags_can_be_back_dated(people):
    petition = register(by=people["clerk"])
    when = timezone.now() - timedelta(days=3)
    services.petition_set_flags(
        petition=petition, is_key_case=True, is_backlog=False, by=people["office"], at=when
    )
    assert petition.events.get(action="set_flags").at == when
