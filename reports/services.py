"""Building, editing, publishing and correcting monthly notices."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_fsm import has_transition_perm

from accountability.services import scoring_month_freeze_for_notice
from notifications.services import notify, users_with_role
from organization.roles import Role

from .figures import build_figures
from .models import MonthlyNotice
from .periods import Period

KIND_MONTHLY_NOTICE = "monthly_notice"


class ReportError(Exception):
    """A report action that cannot be done; the message is for the user."""


def _may_edit(by) -> None:
    if by is not None and not by.has_perm("reports.publish_monthlynotice"):
        raise ReportError(_("Only the petition office builds and publishes monthly notices."))


def latest_notice(period: Period) -> MonthlyNotice | None:
    return MonthlyNotice.objects.filter(year=period.year, month=period.month).first()


def notice_build(*, period: Period, by=None, at: datetime | None = None) -> MonthlyNotice:
    """The period's draft with fresh figures: created, or refreshed if it is a draft.

    A published notice is never touched: re-running for its month returns it
    unchanged (a correction is an explicit new version, see notice_correct).
    """
    _may_edit(by)
    at = at or timezone.now()
    with transaction.atomic():
        notice = (
            MonthlyNotice.objects.select_for_update()
            .filter(year=period.year, month=period.month)
            .first()
        )
        if notice is not None and not notice.is_draft:
            return notice
        figures = build_figures(period, today=timezone.localtime(at).date())
        if notice is None:
            notice = MonthlyNotice(year=period.year, month=period.month, version=1)
        notice.first_day, notice.last_day = period.first, period.last
        notice.figures = figures
        notice.workbook = notice.document = ""  # files of the old figures, if the job kept any
        notice.built_at, notice.built_by = at, by
        notice.save()
    return notice


def notice_prepare_last_period(*, today: date) -> MonthlyNotice:
    """The monthly job: last period's draft with its workbook and PDF kept, and the
    office told it is ready for review. A published notice is left as it is."""
    from .exports import store_files

    period = Period.last_completed(today)
    notice = notice_build(period=period)
    if not notice.is_draft:
        return notice
    store_files(notice)
    notice.save(update_fields=["workbook", "document"])
    with override(settings.LANGUAGE_CODE):
        text = _(
            "The draft monthly notice for %(period)s (%(first)s to %(last)s) is ready: "
            "review it, add the issues to explain, and publish it."
        ) % {"period": period.label, "first": period.first, "last": period.last}
    notify(
        users_with_role(Role.OFFICE),
        kind=KIND_MONTHLY_NOTICE,
        text=text,
        url=reverse("reports:monthly", args=[period.key]),
    )
    return notice


def notice_set_issues(*, notice: MonthlyNotice, issues: str, by) -> MonthlyNotice:
    _may_edit(by)
    with transaction.atomic():
        locked = MonthlyNotice.objects.select_for_update().get(pk=notice.pk)
        if not locked.is_draft:
            raise ReportError(_("A published notice cannot be changed; make a correction."))
        locked.issues = issues
        locked.save(update_fields=["issues"])
    return locked


def notice_publish(*, notice: MonthlyNotice, by, at: datetime | None = None) -> MonthlyNotice:
    """Freeze the draft: its figures and files no longer change."""
    from .exports import store_files

    at = at or timezone.now()
    with transaction.atomic():
        locked = MonthlyNotice.objects.select_for_update().get(pk=notice.pk)
        if not (locked.is_draft and has_transition_perm(locked.publish, by)):
            raise ReportError(_("This notice cannot be published by you now."))
        locked.publish(by=by, at=at)
        # Publishing the notice freezes the month's scores (accountability).
        scoring_month_freeze_for_notice(year=locked.year, month=locked.month)
        store_files(locked)
        locked.save()
    return locked


def notice_correct(*, notice: MonthlyNotice, by, at: datetime | None = None) -> MonthlyNotice:
    """A new draft version of a published notice, with today's figures."""
    _may_edit(by)
    at = at or timezone.now()
    with transaction.atomic():
        latest = (
            MonthlyNotice.objects.select_for_update()
            .filter(year=notice.year, month=notice.month)
            .first()
        )
        if latest.is_draft:
            return latest
        period = latest.period
        return MonthlyNotice.objects.create(
            year=latest.year,
            month=latest.month,
            version=latest.version + 1,
            first_day=period.first,
            last_day=period.last,
            figures=build_figures(period, today=timezone.localtime(at).date()),
            issues=latest.issues,
            corrects=latest,
            built_at=at,
            built_by=by,
        )
