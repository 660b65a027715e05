"""Every change to supervision notices, one function per action (the daily run in
alerts.py writes reminders and automatic notices in bulk)."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import notify, users_with_role
from organization.roles import Role
from organization.services import allocate_number
from petitions.models import Holiday, Petition
from petitions.services import petition_record_event

from .access import may_issue_notice
from .models import SupervisionNotice

NUMBER_KEY = "supervision"  # its sequence in organization.YearlySequence
KIND_REMINDER = "reminder"
KIND_OVERDUE = "overdue"
KIND_SUPERVISION = "supervision"
KIND_FEEDBACK = "feedback"


class SupervisionError(Exception):
    """A supervision action that cannot be done; the message is for the user."""


class ActionNotAllowed(SupervisionError):
    pass


def next_notice_numbers(year: int, count: int) -> list[str]:
    """DB + year + 6 digits, gapless (the one yearly allocator; run in a transaction)."""
    first = allocate_number(NUMBER_KEY, year, count=count)
    return [f"DB{year}{number:06d}" for number in range(first, first + count)]


def supervision_notice_issue(
    *,
    petition: Petition,
    cause: str,
    facts: str,
    suggestions: str,
    feedback_due: date | None = None,
    by,
    at: datetime | None = None,
) -> SupervisionNotice:
    """A 督办单 the office issues by hand (XG 40: 推诿, 敷衍, 弄虚作假 or another cause).

    Locks the case (so it cannot close meanwhile), checks the one rule
    (access.may_issue_notice), takes the next number of the year's sequence, saves
    the notice, logs it on the case and tells the unit's handlers and leaders and the
    owning leader, all in one transaction.
    """
    if cause not in SupervisionNotice.Cause.values or cause == SupervisionNotice.Cause.OVERDUE:
        raise SupervisionError(_("Choose why the unit is supervised."))
    facts, suggestions = facts.strip(), suggestions.strip()
    if not facts:
        raise SupervisionError(_("Write the facts the notice is about."))
    at = at or timezone.now()
    today = timezone.localtime(at).date()
    if feedback_due is None:
        feedback_due = Holiday.objects.work_calendar().add(
            today, settings.SUPERVISION_FEEDBACK_DAYS
        )
    if feedback_due < today:
        raise SupervisionError(_("The feedback date cannot be in the past."))
    with transaction.atomic():
        locked = (
            Petition.objects.select_for_update(of=("self",))
            .select_related("responsible_unit", "owning_leader")
            .get(pk=petition.pk)
        )
        if not may_issue_notice(by, locked):
            raise ActionNotAllowed(
                _("Only the petition office issues supervision notices, on open cases.")
            )
        (number,) = next_notice_numbers(today.year, 1)
        notice = SupervisionNotice.objects.create(
            number=number,
            petition=locked,
            unit=locked.responsible_unit,
            cause=cause,
            reason=facts,
            suggestions=suggestions,
            issued_on=today,
            issued_by=by,
            feedback_due=feedback_due,
        )
        petition_record_event(
            petition=locked,
            action="supervision_notice",
            by=by,
            at=at,
            comment=facts,
            payload={"notice": number, "cause": cause},
        )
        with override(settings.LANGUAGE_CODE):
            notify(
                [*get_user_model().objects.unit_staff(notice.unit_id), locked.owning_leader],
                kind=KIND_SUPERVISION,
                text=_(
                    "Supervision notice %(notice)s on %(number)s (%(cause)s). "
                    "The unit answers by %(feedback_due)s."
                )
                % {
                    "notice": number,
                    "number": locked.number,
                    "cause": notice.get_cause_display(),
                    "feedback_due": feedback_due.isoformat(),
                },
                url=notice.get_absolute_url(),
                subject=locked.number,
                due=feedback_due,
            )
    return notice


def supervision_notice_answer(*, notice: SupervisionNotice, text: str, by, at=None):
    """The unit's answer to a 督办单, logged on the case and sent to the office."""
    if not notice.may_answer(by):
        raise ActionNotAllowed(_("Only the supervised unit answers this notice."))
    text = text.strip()
    if not text:
        raise SupervisionError(_("Write what the unit has done and will do."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            SupervisionNotice.objects.select_for_update(of=("self",))
            .select_related("petition", "unit")
            .get(pk=notice.pk)
        )
        if locked.feedback_at is not None:
            raise SupervisionError(_("This supervision notice has already been answered."))
        if not locked.may_answer(by):
            raise ActionNotAllowed(_("Only the supervised unit answers this notice."))
        locked.feedback = text
        locked.feedback_by = by
        locked.feedback_at = at
        locked.save(update_fields=["feedback", "feedback_by", "feedback_at"])
        petition = locked.petition
        petition_record_event(
            petition=petition,
            action="supervision_feedback",
            by=by,
            at=at,
            comment=text,
            payload={"notice": locked.number},
        )
        with override(settings.LANGUAGE_CODE):
            notify(
                users_with_role(Role.OFFICE),
                kind=KIND_FEEDBACK,
                text=_("%(unit)s answered supervision notice %(notice)s on %(number)s.")
                % {"unit": locked.unit.name, "notice": locked.number, "number": petition.number},
                url=locked.get_absolute_url(),
                subject=petition.number,
            )
    return locked
