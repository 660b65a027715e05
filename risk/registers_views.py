"""Pages of the registers: stability assessments, key persons, backlog plans, and the
reverse-check override. Thin: access helper → form → service → message → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization import xlsx
from organization.paging import page_of, query_without_page
from petitions.access import get_petition_for_user
from petitions.identity import normalize_id_number
from petitions.models import Petitioner
from petitions.services import ActionNotAllowed
from reception.access import get_skip_level_for_user

from . import registers_exports as exports
from . import registers_services as services
from .models import BacklogPlan, KeyPerson, StabilityAssessment
from .registers_access import (
    get_assessment_for_user,
    get_backlog_plan_for_user,
    get_key_person_for_user,
    with_names,
)
from .registers_forms import (
    CLOSED,
    OPEN,
    PAST_DEADLINE,
    AssessmentFilter,
    AssessmentForm,
    BacklogFilter,
    BacklogPlanForm,
    CloseOutForm,
    ImplementedForm,
    KeyPersonFilter,
    KeyPersonFlagForm,
    KeyPersonForm,
    KeyPersonNoteForm,
    OpinionFormSet,
    OverrideForm,
    ProgressForm,
)

# --- Stability assessments ----------------------------------------------------------------


@permission_required("risk.view_stabilityassessment", raise_exception=True)
def assessment_list(request):
    scope = StabilityAssessment.objects.visible_to(request.user).select_related("unit", "signed_by")
    filtered = AssessmentFilter(request.GET or None, queryset=scope)
    page = page_of(request, filtered.qs)
    return render(
        request,
        "risk/assessment_list.html",
        {"filter": filtered, "page": page, "query": query_without_page(request)},
    )


def _opinions_data(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _assessment_form(request, assessment):
    user = request.user
    form = AssessmentForm(request.POST or None, instance=assessment, user=user)
    initial = (
        [
            {"source": o.source, "who": o.who, "given_on": o.given_on, "text": o.text}
            for o in assessment.opinions.all()
        ]
        if assessment
        else []
    )
    formset = OpinionFormSet(request.POST or None, initial=initial, prefix="opinions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.assessment_save(
                assessment=assessment,
                data=form.cleaned_data,
                opinions=_opinions_data(formset),
                by=user,
            )
        except ActionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(saved)
    return render(
        request,
        "risk/assessment_form.html",
        {"form": form, "formset": formset, "assessment": assessment},
    )


@permission_required("risk.add_stabilityassessment", raise_exception=True)
def assessment_create(request):
    return _assessment_form(request, None)


def assessment_edit(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.may_edit(request.user):
        raise PermissionDenied
    return _assessment_form(request, assessment)


def assessment_detail(request, pk):
    user = request.user
    assessment = get_assessment_for_user(user, pk)
    return render(
        request,
        "risk/assessment_detail.html",
        {
            "assessment": assessment,
            "opinions": assessment.opinions.all(),
            "may_edit": assessment.may_edit(user),
            "may_sign": assessment.may_sign(user),
            "may_implement": assessment.may_mark_implemented(user),
            "implemented_form": ImplementedForm(),
        },
    )


@require_POST
def assessment_sign(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.may_sign(request.user):
        raise PermissionDenied
    services.assessment_sign(assessment=assessment, by=request.user)
    messages.success(request, _("The assessment was signed off."))
    return redirect(assessment)


@require_POST
def assessment_implemented(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    if not assessment.may_mark_implemented(request.user):
        raise PermissionDenied
    form = ImplementedForm(request.POST)
    if form.is_valid():
        services.assessment_mark_implemented(
            assessment=assessment, on=form.cleaned_data["on"], by=request.user
        )
        messages.success(request, _("The decision is recorded as implemented."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect(assessment)


def assessment_print(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    return render(
        request,
        "risk/assessment_print.html",
        {"assessment": assessment, "opinions": assessment.opinions.all()},
    )


def assessment_pdf(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    response = HttpResponse(
        exports.assessment_pdf(assessment, assessment.opinions.all()),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}.pdf"'
    return response


# --- Key persons -----------------------------------------------------------------------------


@permission_required("risk.view_keyperson", raise_exception=True)
def keyperson_list(request):
    user = request.user
    scope = with_names(KeyPerson.objects.visible_to(user), user).select_related(
        "unit", "owning_leader"
    )
    filtered = KeyPersonFilter(request.GET or None, queryset=scope)
    page = page_of(request, filtered.qs)
    # Seeing who the key persons are is an identity view: logged per person shown.
    services.key_person_lookup_logged(
        person_ids=[p.pk for p in page.object_list], by=user, purpose="key_person_list"
    )
    return render(
        request,
        "risk/keyperson_list.html",
        {
            "filter": filtered,
            "page": page,
            "query": query_without_page(request),
            "flag_form": KeyPersonFlagForm(user=user)
            if user.has_perm("risk.add_keyperson")
            else None,
        },
    )


@require_POST
@permission_required("risk.add_keyperson", raise_exception=True)
def keyperson_flag(request):
    form = KeyPersonFlagForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Enter the identity number and the reason."))
        return redirect("risk:keyperson_list")
    number = normalize_id_number(form.cleaned_data["id_number"])
    petitioner = Petitioner.objects.filter(id_number=number).first()
    if petitioner is None:
        messages.error(request, _("No petitioner is registered with this identity number."))
        return redirect("risk:keyperson_list")
    try:
        person = services.key_person_flag(
            petitioner=petitioner,
            reason=form.cleaned_data["reason"],
            unit=form.cleaned_data["unit"],
            by=request.user,
        )
    except ActionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("risk:keyperson_list")
    messages.success(request, _("The person is now a key petitioner."))
    return redirect(person)


def keyperson_detail(request, pk):
    user = request.user
    person = get_key_person_for_user(user, pk)
    services.key_person_file_viewed(person=person, by=user, purpose="key_person_file")
    form = KeyPersonForm(request.POST or None, instance=person, user=user)
    may_change = person.may_change(user)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.changed_data}
            if "unit" in data and data["unit"] is None:
                data.pop("unit")
            services.key_person_update(person=KeyPerson(pk=person.pk), by=user, **data)
            messages.success(request, _("Saved."))
            return redirect(person)
    return render(
        request,
        "risk/keyperson_detail.html",
        {
            "person": person,
            "form": form if may_change else None,
            "note_form": KeyPersonNoteForm() if may_change else None,
            "notes": person.notes.select_related("by"),
        },
    )


@require_POST
def keyperson_note(request, pk):
    person = get_key_person_for_user(request.user, pk)
    if not person.may_change(request.user):
        raise PermissionDenied
    form = KeyPersonNoteForm(request.POST)
    if form.is_valid():
        services.key_person_note_add(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("The note was added."))
    else:
        messages.error(request, _("Enter the kind, a date and the note."))
    return redirect(person)


# --- Backlog plans -----------------------------------------------------------------------------


def _backlog_rows(request):
    form = BacklogFilter(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = BacklogPlan.objects.visible_to(request.user).select_related(
        "petition__responsible_unit", "owning_leader"
    )
    show = data.get("show")
    if show == OPEN:
        rows = rows.filter(closed_on__isnull=True)
    elif show == PAST_DEADLINE:
        rows = rows.past_deadline(today)
    elif show == CLOSED:
        rows = rows.filter(closed_on__isnull=False)
    if data.get("unit"):
        rows = rows.filter(petition__responsible_unit__path__startswith=data["unit"].path)
    if data.get("listed"):
        rows = rows.filter(petition__is_listed=True)
    return form, rows, today


@permission_required("risk.view_backlogplan", raise_exception=True)
def backlog_list(request):
    form, rows, today = _backlog_rows(request)
    page = page_of(request, rows)
    return render(
        request,
        "risk/backlog_list.html",
        {"form": form, "page": page, "today": today, "query": query_without_page(request)},
    )


@permission_required("risk.view_backlogplan", raise_exception=True)
def backlog_export(request):
    _form, rows, today = _backlog_rows(request)
    heading = _("Backlog cases, as of %(day)s") % {"day": today.isoformat()}
    return xlsx.workbook_response(
        [exports.backlog_sheet(rows.iterator(chunk_size=500), heading, today)],
        f"backlog-{today:%Y%m%d}.xlsx",
    )


def backlog_detail(request, pk):
    user = request.user
    plan = get_backlog_plan_for_user(user, pk)
    return render(
        request,
        "risk/backlog_detail.html",
        {
            "plan": plan,
            "today": timezone.localdate(),
            "progress": plan.progress.select_related("by"),
            "plan_form": BacklogPlanForm(instance=plan, user=user) if plan.may_edit(user) else None,
            "progress_form": ProgressForm() if plan.may_edit(user) else None,
            "close_form": CloseOutForm() if plan.may_close(user) else None,
        },
    )


@require_POST
def backlog_plan_save(request, number):
    """The plan of a case (一案一策), from the case page's section or the plan's page."""
    user = request.user
    petition = get_petition_for_user(user, number)
    plan = BacklogPlan.objects.filter(petition=petition).first()
    allowed = plan.may_edit(user) if plan else services.may_write_plan(petition, user)
    if not allowed:
        raise PermissionDenied
    form = BacklogPlanForm(request.POST, instance=plan, user=user)
    if form.is_valid():
        plan = services.backlog_plan_save(petition=petition, by=user, **form.cleaned_data)
        messages.success(request, _("The backlog plan was saved."))
    else:
        messages.error(request, _("Fill in the causes, measures, owning leader and deadline."))
    return redirect(plan or petition)


@require_POST
def backlog_progress(request, pk):
    plan = get_backlog_plan_for_user(request.user, pk)
    if not plan.may_edit(request.user):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.backlog_progress_add(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, _("The progress note was added."))
    else:
        messages.error(request, _("Enter a date and the progress."))
    return redirect(plan)


@require_POST
def backlog_close(request, pk):
    plan = get_backlog_plan_for_user(request.user, pk)
    if not plan.may_close(request.user):
        raise PermissionDenied
    form = CloseOutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.backlog_close(
            plan=plan,
            closed_on=data["closed_on"],
            basis=data["basis"],
            approved_by=data["approved_by"],
            by=request.user,
        )
        messages.success(request, _("The backlog case was closed out."))
    else:
        messages.error(request, _("Enter the date, the basis and the approver."))
    return redirect(plan)


# --- Reverse check override ---------------------------------------------------------------------


@require_POST
def reverse_check_override(request, pk):
    visit = get_skip_level_for_user(request.user, pk)
    if not services.may_override_reverse_check(request.user):
        raise PermissionDenied
    form = OverrideForm(request.POST)
    if form.is_valid():
        services.reverse_check_override(visit=visit, by=request.user, **form.cleaned_data)
        messages.success(request, _("The reverse check was corrected."))
    else:
        messages.error(request, _("Give the reason for the correction."))
    return redirect("reception:skip_level_detail", pk=visit.pk)
