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
from organization.services import allocate_number

from .figures import build_figures
from .models import MonthlyNotice
from .periods import Period

KIND_MONTHLY_NOTICE = "monthly_notice"
# 发文字号 (信访通, 2026, 11 in 公文 brackets), per year from the "monthly_notice" sequence.
NUMBER_FORMAT = "{prefix}〔{year}〕{number}号"  # noqa: RUF001 (the 公文 brackets)


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
    notice, _created = _build(period=period, by=by, at=at)
    return notice


def _build(*, period: Period, by, at) -> tuple[MonthlyNotice, bool]:
    _may_edit(by)
    at = at or timezone.now()
    with transaction.atomic():
        notice = (
            MonthlyNotice.objects.select_for_update()
            .filter(year=period.year, month=period.month)
            .first()
        )
        if notice is not None and not notice.is_draft:
            return notice, False
        created = notice is None
        # Frozen in the site's language whoever builds it (its texts are read back
        # as they are: the Chinese notice stays word for word what was published).
        with override(settings.LANGUAGE_CODE):
            figures = build_figures(period, today=timezone.localtime(at).date())
        if created:
            notice = MonthlyNotice(
                year=period.year,
                month=period.month,
                version=1,
                recipients=settings.NOTICE_RECIPIENTS,
                copy_to=settings.NOTICE_COPY_TO,
            )
        notice.first_day, notice.last_day = period.first, period.last
        notice.figures = figures
        if notice.corrects_id:
            notice.figures["changes"] = changes(notice.corrects.figures, figures)
        drop_files(notice)  # the files of the old figures
        notice.built_at, notice.built_by = at, by
        notice.save()
    return notice, created


def drop_files(notice: MonthlyNotice) -> None:
    """Delete a draft's stored workbook and PDF (never a published notice's)."""
    if not notice.is_draft:
        return
    for field in (notice.workbook, notice.document):
        if field:
            field.delete(save=False)


def notice_prepare_last_period(*, today: date) -> tuple[MonthlyNotice, str]:
    """The monthly job: last period's draft with its workbook and PDF kept, and the
    office told it is ready for review, once. Returns the notice and what was done:
    "drafted" (the office is told), "already drafted" (figures and files refreshed,
    nobody told again) or "published" (left as it is)."""
    from .exports import store_files

    period = Period.last_completed(today)
    notice, created = _build(period=period, by=None, at=None)
    if not notice.is_draft:
        return notice, "published"
    store_files(notice)
    notice.save(update_fields=["workbook", "document"])
    if not created:
        return notice, "already drafted"
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
    return notice, "drafted"


def notice_set_issues(
    *,
    notice: MonthlyNotice,
    issues: str,
    by,
    recipients: str | None = None,
    copy_to: str | None = None,
    correction_reason: str | None = None,
) -> MonthlyNotice:
    """The office's text of a draft: remarks, 主送 and 抄送 lines, reason for a correction."""
    _may_edit(by)
    with transaction.atomic():
        locked = MonthlyNotice.objects.select_for_update().get(pk=notice.pk)
        if not locked.is_draft:
            raise ReportError(_("A published notice cannot be changed; make a correction."))
        locked.issues = issues
        fields = ["issues"]
        for name, value in (
            ("recipients", recipients),
            ("copy_to", copy_to),
            ("correction_reason", correction_reason),
        ):
            if value is not None:
                setattr(locked, name, value.strip())
                fields.append(name)
        locked.save(update_fields=fields)
    return locked


def notice_publish(*, notice: MonthlyNotice, by, at: datetime | None = None) -> MonthlyNotice:
    """Freeze the draft: its figures and files no longer change."""
    from .exports import store_files

    at = at or timezone.now()
    with transaction.atomic():
        locked = MonthlyNotice.objects.select_for_update().get(pk=notice.pk)
        if not (locked.is_draft and has_transition_perm(locked.publish, by)):
            raise ReportError(_("This notice cannot be published by you now."))
        if locked.corrects_id and not locked.correction_reason.strip():
            raise ReportError(_("Say why this correction is made before publishing it."))
        year = timezone.localtime(at).year
        locked.number = NUMBER_FORMAT.format(
            prefix=settings.NOTICE_NUMBER_PREFIX,
            year=year,
            number=allocate_number(KIND_MONTHLY_NOTICE, year),
        )
        drop_files(locked)
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
        # Frozen in the site's language whoever builds it (its texts are read back
        # as they are: the Chinese notice stays word for word what was published).
        with override(settings.LANGUAGE_CODE):
            figures = build_figures(period, today=timezone.localtime(at).date())
        figures["changes"] = changes(latest.figures, figures)
        return MonthlyNotice.objects.create(
            year=latest.year,
            month=latest.month,
            version=latest.version + 1,
            first_day=period.first,
            last_day=period.last,
            figures=figures,
            # The remarks explained the old table: kept only if no figure changed,
            # else the office writes them again (the old ones are shown beside).
            issues="" if figures["changes"] else latest.issues,
            recipients=latest.recipients,
            copy_to=latest.copy_to,
            corrects=latest,
            built_at=at,
            built_by=by,
        )


def changes(before: dict, after: dict) -> list[dict]:
    """The table cells a correction changes: unit, column, old and new value (as printed)."""
    from .figures import percent

    def cells(figures: dict) -> dict:
        table = figures.get("table") or {"columns": [], "rows": []}
        kinds = {column["key"]: column for column in table["columns"]}
        return {
            (row["unit"], key): (kinds[key], row["values"].get(key))
            for row in table["rows"]
            for key in kinds
        }

    old, new = cells(before), cells(after)
    result = []
    for (unit, key), (column, value) in new.items():
        previous = old.get((unit, key), (column, None))[1]
        if previous == value or (previous in (None, 0) and value in (None, 0)):
            continue
        shown = (lambda v: v or 0) if column["kind"] == "count" else percent
        result.append(
            {
                "unit": unit,
                "column": f"{column['group']}·{column['label']}",
                "before": str(shown(previous)),
                "after": str(shown(value)),
            }
        )
    return result
