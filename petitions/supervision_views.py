"""督查督办: the office's overdue and due-soon lists, and the supervision notices (督办单).

Every list goes through the unit-scope rule (Petition.objects.visible_to and
SupervisionNotice.objects.visible_to); the detail page uses the same rule.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organization import xlsx
from organization.paging import page_of, query_without_page
from organization.scope import visible_units

from . import services
from .forms import UnitChoiceField
from .models import CLOCK_LABELS, Petition, SupervisionNotice
from .tasks import run_deadline_checks

logger = logging.getLogger(__name__)

OVERDUE, DUE_SOON = "overdue", "due_soon"


def _may_supervise(user) -> bool:
    return user.has_perm("petitions.supervise_petition") or user.has_perm(
        "petitions.sign_off_petition"
    )


def _may_see_notices(user) -> bool:
    # Which notices is the unit-scope rule's business: the office all, a unit its own.
    return user.is_authenticated


class SupervisionFilter(forms.Form):
    view = forms.ChoiceField(
        label=gettext_lazy("List"),
        choices=[(OVERDUE, gettext_lazy("Overdue")), (DUE_SOON, gettext_lazy("Due soon"))],
        required=False,
    )
    days = forms.IntegerField(
        label=gettext_lazy("Due within (days)"), min_value=1, max_value=90, required=False
    )
    unit = UnitChoiceField(label=gettext_lazy("Unit"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css


def _supervised(request):
    form = SupervisionFilter(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or OVERDUE
    days = data.get("days") or 5
    unit = data.get("unit")
    today = timezone.localdate()
    scope = Petition.objects.visible_to(request.user).open()
    if unit is not None:
        scope = scope.filter(responsible_unit__path__startswith=unit.path)
    chosen = scope.overdue(today) if view == OVERDUE else scope.due_within(today, days)
    return form, scope, chosen, view, days, today


def supervision_overview(request):
    if not _may_supervise(request.user):
        raise PermissionDenied
    form, scope, chosen, view, days, today = _supervised(request)
    by_unit = chosen.count_by_unit()
    rows = (
        chosen.for_lists()
        .select_related("responsible_unit", "category")
        .order_by("current_due", "number")
    )
    page = page_of(request, rows)
    return render(
        request,
        "petitions/supervision_overview.html",
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
            "may_run": request.user.has_perm("petitions.supervise_petition"),
        },
    )


def supervision_export(request):
    if not _may_supervise(request.user):
        raise PermissionDenied
    form, _scope, chosen, view, days, today = _supervised(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid."))
    rows = (
        (
            petition.number,
            petition.summary,
            petition.responsible_unit.name if petition.responsible_unit else "",
            petition.get_state_display(),
            str(CLOCK_LABELS.get(petition.current_clock, petition.current_clock)),
            petition.current_due,
            (petition.current_due - today).days,
            _("Yes") if petition.is_listed else "",
        )
        for petition in chosen.for_lists()
        .select_related("responsible_unit")
        .order_by("current_due", "number")
        .iterator(chunk_size=2000)
    )
    columns = [
        xlsx.Column(_("Number"), 16),
        xlsx.Column(_("Summary"), 40),
        xlsx.Column(_("Responsible unit"), 16),
        xlsx.Column(_("State"), 12),
        xlsx.Column(_("Clock"), 16),
        xlsx.Column(_("Due"), 12, xlsx.DATE),
        xlsx.Column(_("Days left (negative: overdue)"), 12, xlsx.INTEGER),
        xlsx.Column(_("Listed supervision"), 10),
    ]
    title = (
        _("Overdue cases")
        if view == OVERDUE
        else _("Cases due within %(days)d days") % {"days": days}
    )
    heading = _("%(title)s, as of %(date)s") % {"title": title, "date": today.isoformat()}
    return xlsx.workbook_response(
        [xlsx.Sheet(title, heading, columns, rows)], f"supervision-{view}-{today:%Y%m%d}.xlsx"
    )


@require_POST
def supervision_run(request):
    """The office runs the daily deadline checks now (idempotent)."""
    if not request.user.has_perm("petitions.supervise_petition"):
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


class NoticeFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            ("", gettext_lazy("All")),
            ("awaiting", gettext_lazy("Awaiting feedback")),
            ("late", gettext_lazy("Feedback late")),
            ("answered", gettext_lazy("Answered")),
        ],
        required=False,
    )
    unit = UnitChoiceField(label=gettext_lazy("Unit"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user)
        self.fields["status"].widget.attrs["class"] = "form-select"
        self.fields["unit"].widget.attrs["class"] = "form-select"


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
    if not _may_see_notices(request.user):
        raise PermissionDenied
    form, notices, today = _notices(request)
    return render(
        request,
        "petitions/supervisionnotice_list.html",
        {
            "form": form,
            "page": page_of(request, notices),
            "today": today,
            "query": query_without_page(request),
        },
    )


def notice_export(request):
    if not _may_see_notices(request.user):
        raise PermissionDenied
    form, notices, today = _notices(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid."))
    rows = (
        (
            notice.number,
            notice.issued_on,
            notice.petition.number,
            notice.petition.summary,
            notice.unit.name,
            notice.clock_label(),
            notice.due,
            notice.feedback_due,
            notice.feedback_at.date() if notice.feedback_at else None,
            notice.feedback,
        )
        for notice in notices.iterator(chunk_size=2000)
    )
    columns = [
        xlsx.Column(_("Notice number"), 16),
        xlsx.Column(_("Issued on"), 12, xlsx.DATE),
        xlsx.Column(_("Petition"), 16),
        xlsx.Column(_("Summary"), 36),
        xlsx.Column(_("Unit"), 16),
        xlsx.Column(_("What is overdue"), 16),
        xlsx.Column(_("Due date missed"), 12, xlsx.DATE),
        xlsx.Column(_("Feedback due"), 12, xlsx.DATE),
        xlsx.Column(_("Answered on"), 12, xlsx.DATE),
        xlsx.Column(_("Feedback"), 50),
    ]
    heading = _("Supervision notices exported %(date)s") % {"date": today.isoformat()}
    return xlsx.workbook_response(
        [xlsx.Sheet(_("Supervision notices"), heading, columns, rows)],
        f"supervision-notices-{today:%Y%m%d}.xlsx",
    )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=gettext_lazy("Feedback"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        max_length=4000,
    )


def _get_notice(user, number) -> SupervisionNotice:
    queryset = SupervisionNotice.objects.visible_to(user).select_related(
        "petition", "petition__responsible_unit", "unit", "feedback_by", "issued_by"
    )
    return get_object_or_404(queryset, number=number)


def notice_detail(request, number):
    notice = _get_notice(request.user, number)
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
            except services.PetitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your feedback was sent to the petition office."))
                return redirect("supervision:notice", number=notice.number)
    return render(
        request,
        "petitions/supervisionnotice_detail.html",
        {
            "notice": notice,
            "form": form,
            "may_answer": may_answer,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


def notice_print(request, number):
    notice = _get_notice(request.user, number)
    return render(
        request,
        "petitions/supervisionnotice_print.html",
        {
            "notice": notice,
            "petition": notice.petition,
            "issuer": settings.LETTER_ISSUER or _("Petition office"),
        },
    )
