"""督查督办: the office's overdue and due-soon lists, and the supervision notices (督办单).

Every list goes through the unit-scope rule (Petition.objects.visible_to and
SupervisionNotice.objects.visible_to); the detail page uses the same rule.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization import xlsx
from organization.models import subtree_pks
from organization.paging import page_of, query_without_page
from organization.pdf import html_to_pdf, pdf_response
from petitions.access import get_petition_for_user
from petitions.deadlines import counts_working_days
from petitions.letters import LETTER_STYLESHEETS, main_leader, original_handling_due
from petitions.models import CLOCK_LABELS, LIST_ORDERS, Holiday, Petition

from . import access, exports, extra, services
from .forms import OVERDUE, FeedbackForm, NoticeFilter, NoticeIssueForm, SupervisionFilter
from .models import SupervisionNotice
from .tasks import run_deadline_checks

logger = logging.getLogger(__name__)


def _supervised(request):
    form = SupervisionFilter(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or OVERDUE
    days = data.get("days") or 5
    unit = data.get("unit")
    today = timezone.localdate()
    scope = Petition.objects.visible_to(request.user).open()
    if unit is not None:
        scope = scope.filter(responsible_unit__in=subtree_pks(unit))
    chosen = scope.overdue(today) if view == OVERDUE else scope.due_within(today, days)
    return form, scope, chosen, view, days, today


def supervision_overview(request):
    if not access.may_see_lists(request.user):
        raise PermissionDenied
    form, scope, chosen, view, days, today = _supervised(request)
    by_unit = chosen.count_by_unit()
    rows = (
        chosen.for_lists()
        .select_related("responsible_unit", "category")
        .order_by(*LIST_ORDERS["current_due"])
    )
    page = page_of(request, rows)
    return render(
        request,
        "supervision/supervision_overview.html",
        {
            "form": form,
            "view": view,
            "days": days,
            "page": page,
            "by_unit": by_unit,
            "overdue_count": scope.overdue(today).count(),
            "due_soon_count": scope.due_within(today, days).count(),
            "today": today,
            "query": query_without_page(request),
            "clock_labels": CLOCK_LABELS,
            "may_run": access.may_run_checks(request.user),
            "sections": extra.sections_for(request.user, today),
        },
    )


def supervision_export(request):
    if not access.may_see_lists(request.user):
        raise PermissionDenied
    form, _scope, chosen, view, days, today = _supervised(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid."))
    petitions = (
        chosen.for_lists()
        .select_related("responsible_unit")
        .order_by("current_due", "number")
        .iterator(chunk_size=2000)
    )
    title = (
        _("Overdue cases")
        if view == OVERDUE
        else _("Cases due within %(days)d days") % {"days": days}
    )
    heading = _("%(title)s, as of %(date)s") % {"title": title, "date": today.isoformat()}
    calendar = Holiday.objects.work_calendar() if counts_working_days() else None
    sheet = exports.cases_sheet(
        petitions, title=title, heading=heading, today=today, calendar=calendar
    )
    return xlsx.workbook_response([sheet], f"supervision-{view}-{today:%Y%m%d}.xlsx")


@require_POST
def supervision_run(request):
    """The office runs the daily deadline checks now (idempotent)."""
    if not access.may_run_checks(request.user):
        raise PermissionDenied
    try:
        result = run_deadline_checks.delay()
    except Exception:
        logger.warning("Could not queue the deadline checks", exc_info=True)
        messages.error(request, _("The job queue is unreachable; the checks run at 07:00."))
    else:
        if result.ready():
            summary = result.get()
            messages.success(
                request,
                _(
                    "Deadline checks done: %(reminders)d reminders, %(overdue)d overdue notices, "
                    "%(notices)d supervision notices, %(closed)d cases closed."
                )
                % {
                    "reminders": summary["reminders"],
                    "overdue": summary["overdue"],
                    "notices": summary["supervision_notices"],
                    "closed": summary["closed"],
                },
            )
        else:
            messages.success(request, _("The deadline checks are running."))
    return redirect("supervision:overview")


# --- Supervision notices -------------------------------------------------------------------


def _notices(request):
    form = NoticeFilter(request.GET or None, user=request.user)
    notices = SupervisionNotice.objects.visible_to(request.user).select_related(
        "petition", "unit", "feedback_by"
    )
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    status = data.get("status")
    if status == "awaiting":
        notices = notices.filter(feedback_at=None)
    elif status == "late":
        notices = notices.filter(feedback_at=None, feedback_due__lt=today)
    elif status == "answered":
        notices = notices.exclude(feedback_at=None)
    if data.get("unit") is not None:
        notices = notices.filter(unit__path__startswith=data["unit"].path)
    return form, notices, today


def notice_list(request):
    # Which notices is the unit-scope rule's business: the office all, a unit its own.
    form, notices, today = _notices(request)
    return render(
        request,
        "supervision/supervisionnotice_list.html",
        {
            "form": form,
            "page": page_of(request, notices),
            "today": today,
            "query": query_without_page(request),
        },
    )


def notice_export(request):
    form, notices, today = _notices(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid."))
    heading = _("Supervision notices exported %(date)s") % {"date": today.isoformat()}
    sheet = exports.notices_sheet(notices.iterator(chunk_size=2000), heading=heading)
    return xlsx.workbook_response([sheet], f"supervision-notices-{today:%Y%m%d}.xlsx")


def notice_detail(request, number):
    notice = access.get_notice_for_user(request.user, number)
    form = FeedbackForm(request.POST or None)
    may_answer = notice.may_answer(request.user)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.supervision_notice_answer(
                    notice=notice, text=form.cleaned_data["feedback"], by=request.user
                )
            except services.SupervisionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your feedback was sent to the petition office."))
                return redirect("supervision:notice", number=notice.number)
    return render(
        request,
        "supervision/supervisionnotice_detail.html",
        {
            "notice": notice,
            "form": form,
            "may_answer": may_answer,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _print_context(notice) -> dict:
    """What the 督办单 prints: the issuing organ (LETTER_ISSUER, else the petition
    office, else the unit of whoever issued it or registered the case), the
    assignment and its dates, the owning leader and the unit's main leader, who signs
    the feedback."""
    petition = notice.petition
    issuing_unit = notice.issued_by.unit if notice.issued_by else petition.registered_unit
    issuer = settings.LETTER_ISSUER or settings.PETITION_OFFICE_NAME
    return {
        "notice": notice,
        "petition": petition,
        "issuer": issuer or (issuing_unit.name if issuing_unit else _("Petition office")),
        "owning_leader": petition.owning_leader,
        "main_leader": main_leader(notice.unit),
        "original_due": original_handling_due(petition),
    }


def notice_print(request, number):
    notice = access.get_notice_for_user(request.user, number)
    return render(request, "supervision/supervisionnotice_print.html", _print_context(notice))


def notice_pdf(request, number):
    """The 督办单 as PDF: the print view's template, rendered by WeasyPrint."""
    notice = access.get_notice_for_user(request.user, number)
    context = _print_context(notice)
    context.update(page_base="petitions/letter_document.html", for_pdf=True)
    html = render_to_string("supervision/supervisionnotice_print.html", context, request=request)
    return pdf_response(html_to_pdf(html, stylesheets=LETTER_STYLESHEETS), f"{notice.number}.pdf")


@require_POST
def notice_issue(request, number):
    """The office issues a 督办单 by hand from the case page (XG 40)."""
    petition = get_petition_for_user(request.user, number)
    if not access.may_issue_notice(request.user, petition):
        raise PermissionDenied
    form = NoticeIssueForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, errors)
        return redirect(petition)
    try:
        notice = services.supervision_notice_issue(
            petition=petition,
            cause=form.cleaned_data["cause"],
            facts=form.cleaned_data["facts"],
            suggestions=form.cleaned_data["suggestions"],
            feedback_due=form.cleaned_data["feedback_due"],
            by=request.user,
        )
    except services.SupervisionError as error:
        messages.error(request, str(error))
        return redirect(petition)
    messages.success(
        request, _("Supervision notice %(number)s issued.") % {"number": notice.number}
    )
    return redirect(notice)
