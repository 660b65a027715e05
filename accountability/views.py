"""Pages of accountability. Thin: access helper → form → one service call → message →
redirect; state changes POST-only; lists go through visible_to."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization.scope import sees_all_units, visible_units
from petitions.models import Petition

from . import access, exports, services
from .forms import (
    ChainMemberForm,
    CorrectionForm,
    DecisionForm,
    EndForm,
    MeasureForm,
    ReferralForm,
    ReferralRecordForm,
    ReportForm,
)
from .models import (
    AnnualAssessment,
    ChainMember,
    Consequence,
    LedgerEntry,
    Referral,
    ScoringMonth,
    UnitScore,
)
from .scoring import SCORED_DEPTH


def _month_or_404(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404


def index(request):
    """The year's scores: one row per unit the user may see, one column per month."""
    if not access.may_see_scores(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    _month_or_404(year, 1)
    scores = services.current_scores(year, range(1, 13))
    units = list(visible_units(request.user).filter(depth=SCORED_DEPTH).order_by("path"))
    rows = []
    for unit in units:
        cells = [scores.get(month, {}).get(unit.pk) for month in range(1, 13)]
        total = sum((cell.score for cell in cells if cell), start=0)
        rows.append({"unit": unit, "cells": cells, "total": total})
    rows.sort(key=lambda row: -row["total"])
    return render(
        request,
        "accountability/index.html",
        {
            "year": year,
            "months": range(1, 13),
            "rows": rows,
            "runs": ScoringMonth.objects.filter(year=year).order_by("-month", "-version")
            if sees_all_units(request.user)
            else [],
            "may_run": access.may_run_scoring(request.user),
            "this_month": today.month if year == today.year else 12,
        },
    )


def month_detail(request, year, month):
    if not access.may_see_scores(request.user):
        raise PermissionDenied
    _month_or_404(year, month)
    versions = list(ScoringMonth.objects.filter(year=year, month=month).order_by("-version"))
    current = versions[0] if versions else None
    scores = (
        UnitScore.objects.visible_to(request.user)
        .filter(scoring_month=current)
        .select_related("unit")
        .order_by("rank", "unit__path")
        if current
        else []
    )
    return render(
        request,
        "accountability/month_detail.html",
        {
            "year": year,
            "month": month,
            "current": current,
            "versions": versions,
            "scores": scores,
            "may_run": access.may_run_scoring(request.user),
            "correction_form": CorrectionForm(),
            "proposed": Consequence.objects.visible_to(request.user)
            .filter(year=year, month=month)
            .select_related("unit"),
        },
    )


@require_POST
def month_action(request, year, month, action):
    _month_or_404(year, month)
    if not access.may_run_scoring(request.user):
        raise PermissionDenied
    current = ScoringMonth.objects.current(year, month)
    try:
        if action == "run":
            services.scoring_month_run(year=year, month=month, by=request.user)
            messages.success(request, _("The month's scores were computed."))
        elif current is None:
            raise Http404
        elif action == "freeze":
            services.scoring_month_freeze(scoring_month=current, by=request.user)
            messages.success(request, _("The month is frozen."))
        elif action == "correct":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the reason for the correction."))
            else:
                services.scoring_month_correct(
                    scoring_month=current, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("A new version was made for the correction."))
        else:
            raise Http404
    except services.AccountabilityError as error:
        messages.error(request, str(error))
    return redirect("accountability:month", year=year, month=month)


def score_detail(request, pk):
    if not access.may_see_scores(request.user):
        raise PermissionDenied
    score = access.get_score_for_user(request.user, pk)
    return render(
        request,
        "accountability/score_detail.html",
        {"score": score, "lines": score.lines.select_related("rule")},
    )


# --- Chain ---


def chain_overview(request):
    if not request.user.has_perm("accountability.view_chainmember"):
        raise PermissionDenied
    today = timezone.localdate()
    units = visible_units(request.user).filter(depth=SCORED_DEPTH).order_by("path")
    current = ChainMember.objects.on(today).filter(unit__in=units).order_by("role", "since")
    members: dict[int, list] = {}
    for member in current:
        members.setdefault(member.unit_id, []).append(member)
    return render(
        request,
        "accountability/chain_overview.html",
        {
            "rows": [{"unit": unit, "members": members.get(unit.pk, [])} for unit in units],
            "gaps": services.chain_gaps(on=today) if sees_all_units(request.user) else [],
            "today": today,
        },
    )


def chain_unit(request, unit_id):
    if not request.user.has_perm("accountability.view_chainmember"):
        raise PermissionDenied
    unit = access.get_unit_for_user(request.user, unit_id)
    try:
        on = (
            date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
        )
    except ValueError:
        on = timezone.localdate()
    may_manage = access.may_manage_chain(request.user)
    return render(
        request,
        "accountability/chain_unit.html",
        {
            "unit": unit,
            "on": on,
            "current": ChainMember.objects.on(on).filter(unit=unit).select_related("user"),
            "history": ChainMember.objects.filter(unit=unit).order_by("-since", "role"),
            "form": ChainMemberForm(unit=unit) if may_manage else None,
            "end_form": EndForm() if may_manage else None,
        },
    )


@require_POST
def chain_add(request, unit_id):
    unit = access.get_unit_for_user(request.user, unit_id)
    if not access.may_manage_chain(request.user):
        raise PermissionDenied
    form = ChainMemberForm(request.POST, unit=unit)
    if form.is_valid():
        data = form.cleaned_data
        services.chain_member_add(
            unit=unit,
            role=data["role"],
            user=data["user"],
            name=data["name"],
            title=data["title"],
            phone=data["phone"],
            duty=data["duty"],
            since=data["since"],
            by=request.user,
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, "; ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("accountability:chain_unit", unit_id=unit.pk)


@require_POST
def chain_end(request, pk):
    if not access.may_manage_chain(request.user):
        raise PermissionDenied
    member = get_object_or_404(ChainMember.objects.visible_to(request.user), pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.chain_member_end(
                member=member, until=form.cleaned_data["until"], by=request.user
            )
            messages.success(request, _("Saved."))
        except services.AccountabilityError as error:
            messages.error(request, str(error))
    return redirect("accountability:chain_unit", unit_id=member.unit_id)


# --- Consequences ---


def consequence_list(request):
    if not access.may_see_scores(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    consequences = Consequence.objects.visible_to(request.user).select_related("unit")
    if state in Consequence.State.values:
        consequences = consequences.filter(state=state)
    return render(
        request,
        "accountability/consequence_list.html",
        {"consequences": consequences[:500], "state": state, "states": Consequence.State.choices},
    )


def consequence_detail(request, pk):
    if not access.may_see_scores(request.user):
        raise PermissionDenied
    consequence = access.get_consequence_for_user(request.user, pk)
    user = request.user
    return render(
        request,
        "accountability/consequence_detail.html",
        {
            "consequence": consequence,
            "measures": consequence.measures.all(),
            "decision_form": DecisionForm() if access.may_decide(user, consequence) else None,
            "report_form": ReportForm() if access.may_submit_report(user, consequence) else None,
            "measure_form": MeasureForm() if access.may_add_measure(user, consequence) else None,
        },
    )


@require_POST
def consequence_action(request, pk, action):
    consequence = access.get_consequence_for_user(request.user, pk)
    user = request.user
    try:
        if action in ("confirm", "waive"):
            if not access.may_decide(user, consequence):
                raise PermissionDenied
            form = DecisionForm(request.POST)
            form.is_valid()
            note = form.cleaned_data.get("note", "")
            if action == "confirm":
                services.consequence_confirm(consequence=consequence, note=note, by=user)
                messages.success(request, _("Confirmed."))
            else:
                services.consequence_waive(consequence=consequence, note=note, by=user)
                messages.success(request, _("Waived."))
        elif action == "report":
            if not access.may_submit_report(user, consequence):
                raise PermissionDenied
            form = ReportForm(request.POST)
            if form.is_valid():
                services.consequence_report_submit(
                    consequence=consequence, text=form.cleaned_data["text"], by=user
                )
                messages.success(request, _("The report was filed."))
            else:
                messages.error(request, _("The report is empty."))
        elif action == "measure":
            if not access.may_add_measure(user, consequence):
                raise PermissionDenied
            form = MeasureForm(request.POST)
            if form.is_valid():
                services.measure_add(consequence=consequence, by=user, **form.cleaned_data)
                messages.success(request, _("Saved."))
            else:
                messages.error(request, _("Check the measure and its date."))
        else:
            raise Http404
    except services.AccountabilityError as error:
        messages.error(request, str(error))
    return redirect("accountability:consequence", pk=consequence.pk)


# --- Referrals ---


def referral_list(request):
    if not access.may_see_referrals(request.user):
        raise PermissionDenied
    referrals = Referral.objects.visible_to(request.user).select_related("unit", "petition")
    if request.GET.get("open"):
        referrals = referrals.open()
    now = timezone.now()
    rows = [{"referral": r, "age": r.age_days(now)} for r in referrals[:500]]
    return render(
        request,
        "accountability/referral_list.html",
        {"rows": rows, "may_raise": access.may_raise_referral(request.user)},
    )


def referral_new(request):
    if not access.may_raise_referral(request.user):
        raise PermissionDenied
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        petition = None
        if data["petition_number"]:
            petition = (
                Petition.objects.visible_to(request.user)
                .filter(number=data["petition_number"].strip())
                .first()
            )
            if petition is None:
                form.add_error("petition_number", _("No such petition."))
        if not form.errors:
            referral = services.referral_raise(
                unit=data["unit"],
                misconduct=data["misconduct"],
                summary=data["summary"],
                petition=petition,
                by=request.user,
            )
            messages.success(request, _("Referred to discipline inspection."))
            return redirect(referral.get_absolute_url())
    return render(request, "accountability/referral_new.html", {"form": form})


def referral_detail(request, pk):
    referral = access.get_referral_for_user(request.user, pk)
    may_work = access.may_work_referral(request.user, referral)
    form = None
    if may_work:
        form = ReferralRecordForm(
            request.POST or None,
            initial={
                "findings": referral.findings,
                "people": referral.people_responsible,
                "outcome": referral.outcome,
            },
        )
    if request.method == "POST":
        if not may_work:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_record(
                    referral=referral,
                    findings=data["findings"],
                    people=data["people"],
                    outcome=data["outcome"],
                    close=data["close"],
                    by=request.user,
                )
                messages.success(request, _("Saved."))
                return redirect(referral.get_absolute_url())
            except services.AccountabilityError as error:
                messages.error(request, str(error))
    return render(
        request,
        "accountability/referral_detail.html",
        {"referral": referral, "form": form, "age": referral.age_days()},
    )


# --- Annual assessment and ledger ---


def annual(request, year):
    if not access.may_assess(request.user):
        raise PermissionDenied
    _month_or_404(year, 1)
    return render(
        request,
        "accountability/annual.html",
        {
            "year": year,
            "assessments": AnnualAssessment.objects.filter(year=year).select_related("unit"),
            "totals": services.year_totals(year),
            "ledger": LedgerEntry.objects.filter(year__in=[year - 1, year]).select_related(
                "leader", "unit"
            ),
        },
    )


@require_POST
def annual_run(request, year):
    if not access.may_assess(request.user):
        raise PermissionDenied
    try:
        services.annual_assess(year=year, by=request.user)
        messages.success(request, _("The year was assessed and the pay ledger updated."))
    except services.AccountabilityError as error:
        messages.error(request, str(error))
    return redirect("accountability:annual", year=year)


def payroll_xlsx(request, year):
    if not access.may_assess(request.user):
        raise PermissionDenied
    return exports.payroll_response(year)


def ledger_list(request):
    entries = (
        LedgerEntry.objects.visible_to(request.user)
        .select_related("leader", "unit")
        .prefetch_related("events")
    )
    return render(request, "accountability/ledger_list.html", {"entries": entries[:500]})


def decision(request, pk):
    entry = access.get_ledger_for_user(request.user, pk)
    return render(
        request,
        "accountability/decision.html",
        {"entry": entry, "events": entry.events.all(), "issuer": _("Group petition office")},
    )
