from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization import xlsx
from organization.models import Leadership
from organization.offices import petition_office
from organization.paging import page_of, query_without_page
from organization.scope import visible_units
from petitions.access import names_for
from petitions.models import Petition
from petitions.receipt import remember_check_code
from petitions.services import AlreadyRegistered, PetitionError

from . import exports, services
from .access import get_day_for_user, get_skip_level_for_user
from .forms import (
    AlertOutcomeForm,
    CancelForm,
    MonthForm,
    PublishForm,
    ReceptionDayForm,
    SensitivePeriodForm,
    SkipLevelFilterForm,
    SkipLevelVisitForm,
    VisitRegistration,
    selectable_leaders,
)
from .models import CollectiveVisitAlert, ReceptionDay, SensitivePeriod, SkipLevelVisit, Visit
from .sections import skip_level_sections_for

# --- Public ---------------------------------------------------------------------------


def _public_days(today):
    return (
        ReceptionDay.objects.published()
        .upcoming(today)
        .select_related("leader", "unit")
        .order_by("date", "starts_at")
    )


@login_not_required
def public_schedule(request):
    """The published reception days ahead: leaders' names and titles, nothing personal."""
    today = timezone.localdate()
    context = {"days": _public_days(today), "today": today, "office": petition_office()}
    return render(request, "reception/public_schedule.html", context)


@login_not_required
def public_notice(request):
    """The printable notice (公示) of the published days ahead, signed by the petition
    office, with where to book an appointment (约访)."""
    today = timezone.localdate()
    context = {"days": _public_days(today), "today": today, "office": petition_office()}
    return render(request, "reception/public_notice.html", context)


# --- Reception days -----------------------------------------------------------------------


def _days_filtered(request, today):
    days = (
        ReceptionDay.objects.visible_to(request.user)
        .select_related("leader", "unit")
        .annotate(visit_count=Count("visits"))
    )
    when = request.GET.get("when", "upcoming")
    if when == "upcoming":
        return when, days.filter(date__gte=today).order_by("date", "starts_at")
    if when == "past":
        return when, days.filter(date__lt=today).order_by("-date", "-starts_at")
    return "all", days.order_by("-date", "-starts_at")


@permission_required("reception.view_receptionday", raise_exception=True)
def day_list(request):
    today = timezone.localdate()
    when, days = _days_filtered(request, today)
    return render(
        request,
        "reception/receptionday_list.html",
        {
            "page": page_of(request, days),
            "when": when,
            "today": today,
            "query": query_without_page(request),
        },
    )


@permission_required("reception.view_receptionday", raise_exception=True)
def day_export(request):
    today = timezone.localdate()
    _when, days = _days_filtered(request, today)
    heading = _("Reception days exported %(date)s") % {"date": today.isoformat()}
    return xlsx.workbook_response(
        [exports.reception_day_sheet(days, heading)], f"reception-days-{today:%Y%m%d}.xlsx"
    )


def _day_form_page(request, day=None):
    if not request.user.has_perm(
        "reception.change_receptionday" if day else "reception.add_receptionday"
    ):
        raise PermissionDenied
    form = ReceptionDayForm(request.POST or None, instance=day, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.reception_day_save(day=form.save(commit=False), by=request.user)
        except services.ReceptionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Reception day saved."))
            return redirect("reception:day_detail", pk=saved.pk)
    return render(request, "reception/receptionday_form.html", {"form": form, "day": day})


def day_create(request):
    return _day_form_page(request)


def day_edit(request, pk):
    day = get_day_for_user(request.user, pk)
    if day.is_cancelled:
        messages.error(request, _("A cancelled reception day cannot be changed."))
        return redirect("reception:day_detail", pk=day.pk)
    return _day_form_page(request, day)


def day_detail(request, pk):
    day = get_day_for_user(request.user, pk)
    visible = Petition.objects.visible_to(request.user)
    visits = (
        day.visits.filter(petition__in=visible)
        .select_related("petition", "petition__responsible_unit", "group_unit")
        .prefetch_related("petition__links")
    )
    rows = [(visit, names_for(visit.petition, request.user)) for visit in visits]
    today = timezone.localdate()
    open_day = not day.is_cancelled and day.date >= today
    may_cancel = open_day and services.may_cancel_day(request.user, day)
    return render(
        request,
        "reception/receptionday_detail.html",
        {
            "day": day,
            "rows": rows,
            "today": today,
            "may_manage": not day.is_cancelled and services.may_manage_day(request.user, day),
            "may_publish": may_cancel and not day.is_published,
            "may_cancel": may_cancel and not day.visits.exists(),
            "short_notice": day.is_short_notice(today),
            "may_record": request.user.has_perm("reception.add_visit")
            and not day.is_cancelled
            and day.date <= today,
            "publish_form": PublishForm(),
            "cancel_form": CancelForm(),
        },
    )


@require_POST
def day_publish(request, pk):
    day = get_day_for_user(request.user, pk)
    if not services.may_cancel_day(request.user, day):  # publishing and cancelling: one rule
        raise PermissionDenied
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.reception_day_publish(
            day=day, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except services.ReceptionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Published: the day shows on the public schedule."))
    return redirect("reception:day_detail", pk=day.pk)


@require_POST
def day_cancel(request, pk):
    day = get_day_for_user(request.user, pk)
    if not services.may_cancel_day(request.user, day):  # publishing and cancelling: one rule
        raise PermissionDenied
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.reception_day_cancel(
            day=day, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except services.ReceptionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Reception day cancelled: the public schedule shows it as cancelled.")
        )
    return redirect("reception:day_detail", pk=day.pk)


def visit_create(request, pk):
    day = get_day_for_user(request.user, pk)
    if not request.user.has_perm("reception.add_visit"):
        raise PermissionDenied
    if day.is_cancelled:
        messages.error(
            request, _("This reception day was cancelled: no visits are recorded on it.")
        )
        return redirect("reception:day_detail", pk=day.pk)
    registration = VisitRegistration(request.user, day, request.POST or None, request.FILES or None)
    if request.method == "POST" and registration.is_valid():
        try:
            visit = services.visit_record(
                day=day,
                data=registration.registration_data(),
                by=request.user,
                group_unit=registration.extra.cleaned_data["group_unit"],
                attachments=registration.attachments,
                token=registration.token,
            )
        except AlreadyRegistered as already:
            messages.info(request, str(already))
            return redirect("petitions:detail", number=already.petition.number)
        except services.ReceptionError as error:
            messages.error(request, str(error))
        except PetitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Registered as %(number)s. Query code for the petitioner: %(code)s.")
                % {"number": visit.petition.number, "code": visit.petition.query_code},
            )
            # A check code (no phone given) shows on the case's registration receipt.
            remember_check_code(request, visit.petition)
            return redirect("reception:day_detail", pk=day.pk)
    if request.method == "POST":
        registration.keep_uploads()
    return render(request, "reception/visit_form.html", {"registration": registration, "day": day})


def _received_filtered(request):
    """The leader whose cases are shown (the user, or the one the office chose) and
    the visits they received that the user may see."""
    user = request.user
    leader = user
    leaders = None
    if user.has_perm("reception.view_duty_check") and user.has_perm("petitions.supervise_petition"):
        leaders = selectable_leaders(user)
        chosen = request.GET.get("leader")
        if chosen and chosen.isascii() and chosen.isdigit():
            leader = get_object_or_404(leaders, pk=chosen)
        elif not leaders.filter(pk=user.pk).exists():
            # The office is no leader itself: start with the first leader it may look at.
            leader = leaders.first() or user
    visits = (
        Visit.objects.filter(
            reception_day__leader=leader, petition__in=Petition.objects.visible_to(user)
        )
        .select_related("reception_day", "petition", "petition__responsible_unit")
        .order_by("-reception_day__date", "-pk")
    )
    return leader, leaders, visits


def received(request):
    """接访领导负责到底: what a leader received, and where each case stands."""
    user = request.user
    leader, leaders, visits = _received_filtered(request)
    page = page_of(request, visits.prefetch_related("petition__links"))
    rows = [(visit, names_for(visit.petition, user)) for visit in page]
    return render(
        request,
        "reception/received_list.html",
        {
            "leader": leader,
            "leaders": leaders,
            "page": page,
            "rows": rows,
            "today": timezone.localdate(),
            "query": query_without_page(request),
        },
    )


def received_export(request):
    leader, _leaders, visits = _received_filtered(request)
    today = timezone.localdate()
    heading = _("Cases received by %(name)s, exported %(date)s") % {
        "name": leader.get_full_name(),
        "date": today.isoformat(),
    }
    return xlsx.workbook_response(
        [exports.received_sheet(visits, heading)], f"received-{today:%Y%m%d}.xlsx"
    )


# --- Collective visit alerts --------------------------------------------------------------


def _alerts_filtered(request):
    alerts = (
        CollectiveVisitAlert.objects.visible_to(request.user)
        .select_related("petition", "unit", "handled_by")
        .order_by(F("closed_at").asc(nulls_first=True), "-raised_at")
    )
    if request.GET.get("show") != "all":
        alerts = alerts.filter(closed_at__isnull=True)
    return alerts


@permission_required("reception.view_collectivevisitalert", raise_exception=True)
def alert_list(request):
    alerts = _alerts_filtered(request)
    return render(
        request,
        "reception/alert_list.html",
        {
            "page": page_of(request, alerts),
            "show": request.GET.get("show", "open"),
            "threshold": settings.COLLECTIVE_ALERT_HEADCOUNT,
            "query": query_without_page(request),
        },
    )


@permission_required("reception.view_collectivevisitalert", raise_exception=True)
def alert_export(request):
    today = timezone.localdate()
    heading = _("Collective visit alerts exported %(date)s") % {"date": today.isoformat()}
    return xlsx.workbook_response(
        [exports.alert_sheet(_alerts_filtered(request), heading)],
        f"collective-alerts-{today:%Y%m%d}.xlsx",
    )


@permission_required("reception.view_collectivevisitalert", raise_exception=True)
def alert_detail(request, pk):
    alert = get_object_or_404(
        CollectiveVisitAlert.objects.visible_to(request.user).select_related(
            "petition", "unit", "handled_by"
        ),
        pk=pk,
    )
    form = AlertOutcomeForm(request.POST or None, instance=alert)
    if request.method == "POST":
        if not request.user.has_perm("reception.change_collectivevisitalert"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.collective_alert_record(
                    alert=alert,
                    cause=form.cleaned_data["cause"],
                    outcome=form.cleaned_data["outcome"],
                    close=form.cleaned_data["close"],
                    by=request.user,
                )
            except services.ReceptionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Alert updated."))
                return redirect("reception:alert_detail", pk=alert.pk)
    return render(request, "reception/alert_detail.html", {"alert": alert, "form": form})


# --- Skip-level visits --------------------------------------------------------------------


def _skip_level_filtered(request):
    form = SkipLevelFilterForm(request.GET or None, user=request.user)
    queryset = SkipLevelVisit.objects.visible_to(request.user).select_related(
        "responsible_unit", "sensitive_period", "persuasion_leader"
    )
    return form, form.filter(queryset)


@permission_required("reception.view_skiplevelvisit", raise_exception=True)
def skip_level_list(request):
    form, visits = _skip_level_filtered(request)
    return render(
        request,
        "reception/skiplevelvisit_list.html",
        {
            "filter_form": form,
            "page": page_of(request, visits),
            "query": query_without_page(request),
            "now": timezone.now(),
        },
    )


@permission_required("reception.view_skiplevelvisit", raise_exception=True)
def skip_level_export(request):
    _form, visits = _skip_level_filtered(request)
    today = timezone.localdate()
    heading = _("Skip-level visits exported %(date)s") % {"date": today.isoformat()}
    sheet = exports.skip_level_sheet(exports.skip_level_rows(visits), heading)
    return xlsx.workbook_response([sheet], f"skip-level-{today:%Y%m%d}.xlsx")


def _skip_level_form_page(request, visit=None):
    if not request.user.has_perm(
        "reception.change_skiplevelvisit" if visit else "reception.add_skiplevelvisit"
    ):
        raise PermissionDenied
    form = SkipLevelVisitForm(request.POST or None, instance=visit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.skip_level_save(
                visit=form.save(commit=False),
                by=request.user,
                petitions=form.cleaned_data["petition_numbers"],
                petitioners=form.linked_petitioners(),
            )
        except services.ReceptionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Skip-level visit saved."))
            return redirect("reception:skip_level_detail", pk=saved.pk)
    return render(request, "reception/skiplevelvisit_form.html", {"form": form, "visit": visit})


def skip_level_create(request):
    return _skip_level_form_page(request)


def skip_level_edit(request, pk):
    return _skip_level_form_page(request, get_skip_level_for_user(request.user, pk))


@permission_required("reception.view_skiplevelvisit", raise_exception=True)
def skip_level_detail(request, pk):
    visit = get_skip_level_for_user(request.user, pk)
    petitions = visit.petitions.visible_to(request.user).select_related("responsible_unit")
    return render(
        request,
        "reception/skiplevelvisit_detail.html",
        {
            "visit": visit,
            "petitions": petitions,
            "now": timezone.now(),
            "sections": skip_level_sections_for(visit, request.user),
        },
    )


# --- Duty check ------------------------------------------------------------------------------


def _duty_rows(request, today):
    form = MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_valid() else today.replace(day=1)
    unit_ids = visible_units(request.user).values_list("pk", flat=True)
    return form, month, services.duty_check(month=month, unit_ids=unit_ids, today=today)


@permission_required("reception.view_duty_check", raise_exception=True)
def duty_export(request):
    today = timezone.localdate()
    _form, month, rows = _duty_rows(request, today)
    heading = _("Reception duty check, %(month)s") % {"month": f"{month:%Y-%m}"}
    return xlsx.workbook_response(
        [exports.duty_sheet(rows, heading)], f"reception-duty-{month:%Y-%m}.xlsx"
    )


@permission_required("reception.view_duty_check", raise_exception=True)
def duty(request):
    today = timezone.localdate()
    form, month, rows = _duty_rows(request, today)
    if not form.is_bound:
        form = MonthForm(initial={"month": month})
    return render(
        request,
        "reception/duty_check.html",
        {
            "form": form,
            "month": month,
            "rows": rows,
            "short": sum(1 for row in rows if row.shortfall),
            "MAIN": Leadership.MAIN,
        },
    )


# --- Sensitive periods -----------------------------------------------------------------------


@permission_required("reception.view_sensitiveperiod", raise_exception=True)
def period_list(request):
    periods = SensitivePeriod.objects.order_by("-starts_on")
    return render(
        request,
        "reception/sensitiveperiod_list.html",
        {"page": page_of(request, periods), "today": timezone.localdate()},
    )


def _period_form_page(request, period=None):
    if not request.user.has_perm("reception.change_sensitiveperiod"):
        raise PermissionDenied
    form = SensitivePeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.sensitive_period_save(period=form.save(commit=False), by=request.user)
        except services.ReceptionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sensitive period saved."))
            return redirect("reception:period_list")
    return render(request, "reception/sensitiveperiod_form.html", {"form": form, "period": period})


def period_create(request):
    return _period_form_page(request)


def period_edit(request, pk):
    return _period_form_page(request, get_object_or_404(SensitivePeriod, pk=pk))


@require_POST
def period_delete(request, pk):
    period = get_object_or_404(SensitivePeriod, pk=pk)
    try:
        services.sensitive_period_delete(period=period, by=request.user)
    except services.ReceptionError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("Sensitive period deleted."))
    return redirect("reception:period_list")
