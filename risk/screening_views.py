"""隐患排查 pages: the unit's monthly report (hazards, 零报告, sign-off), the office's
roll-up (一汇总), dispatch (一调度) and notice (一通报), and the sensitive-period
daily reports. Views are thin: access helper → form → service → message → redirect.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization.paging import page_of
from organization.periods import Period
from reception.models import SensitivePeriod

from . import screening_access as access
from . import screening_exports as exports
from . import screening_services as services
from .models import DailyReport, Hazard, HazardLevel, ScreeningReport
from .screening_forms import DailyReportForm, DispatchForm, HazardForm, HazardStatusForm


def _level_counts(prefix: str = "hazards__") -> dict:
    return {
        f"n_{level}": Count(f"{prefix}pk", filter=Q(**{f"{prefix}level": level}))
        for level in HazardLevel.values
    }


def _period(key: str) -> Period:
    try:
        return Period.parse(key)
    except ValueError:
        raise Http404 from None


def screening_list(request):
    user = request.user
    if not access.may_see_screening(user):
        raise PermissionDenied
    today = timezone.localdate()
    current = Period.containing(today)
    reports = (
        ScreeningReport.objects.visible_to(user)
        .select_related("unit", "signed_by")
        .annotate(**_level_counts())
        .order_by("-year", "-month", "unit__path")
    )
    own = None
    if user.unit_id:
        own = ScreeningReport.objects.filter(
            unit_id=user.unit_id, year=current.year, month=current.month
        ).first()
    return render(
        request,
        "risk/screening_list.html",
        {
            "page": page_of(request, reports),
            "current": current,
            "due": services.due_on(current),
            "own": own,
            "may_start": own is None and access.may_file_for(user, user.unit),
            "may_oversee": access.may_oversee(user),
            "today": today,
        },
    )


@require_POST
def screening_start(request):
    user = request.user
    if not access.may_file_for(user, user.unit):
        raise PermissionDenied
    period = Period.containing(timezone.localdate())
    report = services.screening_report_start(unit=user.unit, period=period, by=user)
    return redirect(report)


def screening_detail(request, pk: int):
    user = request.user
    if not access.may_see_screening(user):
        raise PermissionDenied
    report = access.get_report_for_user(user, pk)
    hazards = list(
        report.hazards.select_related("category", "owning_leader")
        .prefetch_related("persons", "dispatches__to_unit", "dispatches__to_leader")
        .order_by("pk")
    )
    for hazard in hazards:
        hazard.report = report
        hazard.may_update = access.may_update_hazard(user, hazard)
        hazard.may_dispatch = access.may_dispatch(user, hazard)
    may_edit = access.may_edit_report(user, report)
    return render(
        request,
        "risk/screening_detail.html",
        {
            "report": report,
            "hazards": hazards,
            "may_edit": may_edit,
            "may_sign": access.may_sign_report(user, report),
            "hazard_form": HazardForm(user=user, unit=report.unit) if may_edit else None,
            "status_form": HazardStatusForm(),
            "dispatch_form": DispatchForm(initial={"to_unit": report.unit_id}),
            "events": report.events.select_related("by").order_by("at", "pk"),
        },
    )


def _refuse(request, error: services.ScreeningError):
    if isinstance(error, services.ActionNotAllowed):
        raise PermissionDenied(str(error))
    messages.error(request, str(error))


@require_POST
def hazard_add(request, pk: int):
    user = request.user
    report = access.get_report_for_user(user, pk)
    if not access.may_edit_report(user, report):
        raise PermissionDenied
    form = HazardForm(request.POST, user=user, unit=report.unit)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label} {' '.join(errors)}".strip())
        return redirect(report)
    data = form.cleaned_data
    try:
        services.hazard_add(
            report=report,
            data=services.HazardData(
                kind=data["kind"],
                summary=data["summary"],
                category=data["category"],
                level=data["level"],
                people_count=data["people_count"],
                skip_level=data["skip_level"],
                owning_leader=data["owning_leader"],
                measures=data["measures"],
                due_on=data["due_on"],
                persons=list(data["persons"]),
            ),
            by=user,
        )
    except services.ScreeningError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Hazard added."))
    return redirect(report)


@require_POST
def screening_zero(request, pk: int):
    user = request.user
    report = access.get_report_for_user(user, pk)
    if not access.may_edit_report(user, report):
        raise PermissionDenied
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to state that there is nothing to report."))
        return redirect(report)
    try:
        services.screening_report_declare_zero(report=report, by=user)
    except services.ScreeningError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Zero report declared."))
    return redirect(report)


@require_POST
def screening_sign(request, pk: int):
    user = request.user
    report = access.get_report_for_user(user, pk)
    if not access.may_sign_report(user, report):
        raise PermissionDenied
    try:
        report = services.screening_report_sign(report=report, by=user)
    except services.ScreeningError as error:
        _refuse(request, error)
    else:
        if report.is_late:
            messages.warning(request, _("Report signed and filed, after its due date (late)."))
        else:
            messages.success(request, _("Report signed and filed on time."))
    return redirect(report)


@require_POST
def hazard_status(request, pk: int):
    user = request.user
    hazard = access.get_hazard_for_user(user, pk)
    if not access.may_update_hazard(user, hazard):
        raise PermissionDenied
    form = HazardStatusForm(request.POST)
    if form.is_valid():
        try:
            services.hazard_set_status(
                hazard=hazard,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                by=user,
            )
        except services.ScreeningError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Hazard updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(hazard.get_absolute_url())


@require_POST
def hazard_dispatch(request, pk: int):
    user = request.user
    hazard = access.get_hazard_for_user(user, pk)
    if not access.may_dispatch(user, hazard):
        raise PermissionDenied
    form = DispatchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.hazard_dispatch(
                hazard=hazard,
                to_unit=data["to_unit"],
                to_leader=data["to_leader"],
                deadline=data["deadline"],
                instructions=data["instructions"],
                by=user,
            )
        except services.ScreeningError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Hazard dispatched."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(hazard.get_absolute_url())


# --- The office's month: 一汇总, 一通报 -----------------------------------------------------


def month_summary(period: Period, *, today=None) -> dict:
    """Every filing unit with its report's state and hazards by level; the month's
    hazards; totals. A fixed number of queries whatever the number of units."""
    today = today or timezone.localdate()
    due = services.due_on(period)
    reports = {
        report.unit_id: report
        for report in ScreeningReport.objects.for_month(period.year, period.month)
        .select_related("signed_by", "zero_declared_by")
        .annotate(**_level_counts())
    }
    rows = []
    totals = {"on_time": 0, "late": 0, "missing": 0, "pending": 0, "draft": 0}
    for unit in services.filing_units():
        report = reports.get(unit.pk)
        if report is not None and report.is_filed:
            state = report.timeliness
        elif today > due:
            state = "missing"
        else:
            state = "draft" if report is not None else "pending"
        totals[state] += 1
        rows.append({"unit": unit, "report": report, "state": state})
    hazards = list(
        Hazard.objects.filter(report__year=period.year, report__month=period.month)
        .filter(report__signed_at__isnull=False)
        .select_related("report__unit", "category", "owning_leader")
        .order_by("-level", "report__unit__path", "pk")
    )
    order = {HazardLevel.MAJOR: 0, HazardLevel.SERIOUS: 1, HazardLevel.ORDINARY: 2}
    hazards.sort(key=lambda h: (order[h.level], h.report.unit.path, h.pk))
    by_level = dict.fromkeys(HazardLevel.values, 0)
    for hazard in hazards:
        by_level[hazard.level] += 1
    return {
        "period": period,
        "due": due,
        "rows": rows,
        "totals": totals,
        "hazards": hazards,
        "by_level": [(HazardLevel(level).label, count) for level, count in by_level.items()],
        "resolved": sum(1 for h in hazards if h.status == Hazard.Status.RESOLVED),
        "today": today,
    }


def _oversee(request):
    if not access.may_oversee(request.user):
        raise PermissionDenied


def screening_month(request, key: str):
    _oversee(request)
    period = _period(key)
    context = month_summary(period)
    context["previous"] = period.previous()
    following = Period.of(period.year + (period.month == 12), period.month % 12 + 1)
    context["next"] = following
    return render(request, "risk/screening_month.html", context)


def screening_month_current(request):
    return screening_month(request, Period.containing(timezone.localdate()).key)


def screening_notice(request, key: str):
    _oversee(request)
    context = month_summary(_period(key))
    return render(request, "risk/screening_notice.html", context)


def screening_notice_pdf(request, key: str):
    _oversee(request)
    period = _period(key)
    response = HttpResponse(
        exports.notice_pdf(month_summary(period)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="screening-{period.key}.pdf"'
    return response


def screening_notice_xlsx(request, key: str):
    _oversee(request)
    period = _period(key)
    return exports.month_workbook(month_summary(period), f"screening-{period.key}.xlsx")


# --- Sensitive-period daily reports -----------------------------------------------------------


def daily(request):
    """The office: a grid of units by days of the current (or chosen) period. A unit:
    today's report form and its own days."""
    user = request.user
    if not access.may_see_screening(user):
        raise PermissionDenied
    today = timezone.localdate()
    chosen = request.GET.get("period")
    periods = SensitivePeriod.objects.order_by("-starts_on")
    period = None
    if chosen and chosen.isdigit():
        period = periods.filter(pk=int(chosen)).first()
    if period is None:
        period = (
            SensitivePeriod.objects.covering(today).order_by("starts_on").first()
            or periods.filter(starts_on__lte=today).first()
        )
    context = {"period": period, "periods": periods[:20], "today": today}
    if period is not None:
        last = min(period.ends_on, today)
        days = [
            period.starts_on + timedelta(days=n) for n in range((last - period.starts_on).days + 1)
        ]
        units = list(services.filing_units().filter(pk__in=_visible_unit_ids(user)))
        filed = set(
            DailyReport.objects.visible_to(user).filter(period=period).values_list("unit_id", "day")
        )
        context["days"] = days
        context["grid"] = [
            {
                "unit": unit,
                "cells": [(day, (unit.pk, day) in filed) for day in days],
                "today_filed": (unit.pk, today) in filed,
            }
            for unit in units
        ]
        context["missing_today"] = (
            sum(1 for row in context["grid"] if not row["today_filed"])
            if period.starts_on <= today <= period.ends_on
            else None
        )
    covering = SensitivePeriod.objects.covering(today).exists()
    if covering and access.may_file_for(user, user.unit):
        context["own_today"] = DailyReport.objects.filter(unit_id=user.unit_id, day=today).first()
        context["daily_form"] = DailyReportForm()
    return render(request, "risk/daily_grid.html", context)


def _visible_unit_ids(user):
    from organization.scope import visible_units

    return visible_units(user).values("pk")


@require_POST
def daily_file(request):
    user = request.user
    if not access.may_file_for(user, user.unit):
        raise PermissionDenied
    form = DailyReportForm(request.POST)
    if form.is_valid():
        try:
            services.daily_report_file(
                unit=user.unit,
                day=timezone.localdate(),
                is_zero_report=form.cleaned_data["is_zero_report"],
                content=form.cleaned_data["content"],
                by=user,
            )
        except services.ScreeningError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Today's daily report is filed."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("risk:daily")
