"""The petition list's batch toolbar and saved searches: thin views over bulk.py and
saved_searches.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import bulk, exports, saved_searches
from .bulk import BATCH_ACTIONS, FLAG, BatchError, Outcome

SESSION_KEY = "petition_batch_result"


def _back_to_list(request, query=None):
    """The list with the filter it was posted from (only the list's own parameters)."""
    query = saved_searches.clean_query(request.POST.get("query", "") if query is None else query)
    return redirect(reverse("petitions:list") + (f"?{query}" if query else ""))


def _form_errors(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(errors)
        parts.append(f"{form.fields[name].label}: {text}" if name in form.fields else text)
    return "; ".join(parts)


@require_POST
def batch_act(request):
    """One action on the chosen cases, each through its own service; the result is shown
    on the result page (kept in the session, so reloading it repeats nothing)."""
    name = request.POST.get("operation", "")
    if name == FLAG:
        name = request.POST.get("batch-flag", "")
    action = BATCH_ACTIONS.get(name)
    if action is None:
        return HttpResponseBadRequest(_("Unknown batch action."))
    if not action.offered(request.user):
        raise PermissionDenied(_("You may not do this."))
    try:
        numbers = bulk.chosen_numbers(request.POST.getlist("selected"))
    except BatchError as error:
        messages.error(request, str(error))
        return _back_to_list(request)
    form = bulk.form_for(action, request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, f"{action.label}: {_form_errors(form)}")
        return _back_to_list(request)
    results = bulk.run_batch(
        action=action,
        numbers=numbers,
        versions=bulk.chosen_versions(request.POST, numbers),
        data=form.cleaned_data,
        by=request.user,
    )
    request.session[SESSION_KEY] = {
        "action": str(action.label),
        "query": saved_searches.clean_query(request.POST.get("query", "")),
        "results": [result.as_dict() for result in results],
    }
    return redirect("petitions:batch_result")


def batch_result(request):
    """The last batch's outcome, case by case, with each case as it is now (those the
    user may see)."""
    stored = request.session.get(SESSION_KEY) or {"action": "", "query": "", "results": []}
    results = stored["results"]
    cases = {
        petition.number: petition
        for petition in bulk.visible_cases(request.user, [row["number"] for row in results])
        .for_lists()
        .select_related("responsible_unit")
    }
    rows = [{**row, "petition": cases.get(row["number"])} for row in results]
    counts = {outcome: sum(row["outcome"] == outcome for row in results) for outcome in Outcome}
    return render(
        request,
        "petitions/petition_batch_result.html",
        {
            "action": stored["action"],
            "query": stored["query"],
            "rows": rows,
            "done": counts[Outcome.DONE],
            "unchanged": counts[Outcome.UNCHANGED],
            "refused": counts[Outcome.REFUSED],
        },
    )


@require_POST
def batch_export(request):
    """The chosen cases as the list's workbook: the same columns, scope and masking
    (names only where the user may know who filed); cases outside the scope are left out."""
    try:
        numbers = bulk.chosen_numbers(request.POST.getlist("selected"))
    except BatchError as error:
        messages.error(request, str(error))
        return _back_to_list(request)
    petitions = bulk.selection_for_export(request.user, numbers)
    return exports.petition_workbook_response(
        petitions, user=request.user, today=timezone.localdate()
    )


# --- Saved searches --------------------------------------------------------------------------


def saved_search_list(request):
    return render(
        request,
        "petitions/saved_search_list.html",
        {
            "searches": saved_searches.searches_of(request.user),
            "limit": saved_searches.SAVED_SEARCH_LIMIT,
        },
    )


@require_POST
def saved_search_save(request):
    query = request.POST.get("query", "")
    try:
        search, created = saved_searches.saved_search_save(
            owner=request.user, name=request.POST.get("name", ""), query=query
        )
    except saved_searches.SavedSearchError as error:
        messages.error(request, str(error))
    else:
        message = _("Saved the search %(name)s.") if created else _("Updated the search %(name)s.")
        messages.success(request, message % {"name": search.name})
    return _back_to_list(request, query)


@require_POST
def saved_search_rename(request, pk):
    search = saved_searches.get_search_for_user(request.user, pk)
    try:
        saved_searches.saved_search_rename(
            search=search, name=request.POST.get("name", ""), by=request.user
        )
    except saved_searches.SavedSearchError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Renamed to %(name)s.") % {"name": search.name})
    return redirect("petitions:saved_searches")


@require_POST
def saved_search_delete(request, pk):
    search = saved_searches.get_search_for_user(request.user, pk)
    name = search.name
    saved_searches.saved_search_delete(search=search, by=request.user)
    messages.success(request, _("Deleted the search %(name)s.") % {"name": name})
    return redirect("petitions:saved_searches")
