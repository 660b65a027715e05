import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organization.paging import count_after_page, count_label, page_of, query_without_page

from . import exports, person_notes, services
from .access import get_detail_for_user, get_petition_for_user, names_for, people_for
from .actions import ACTIONS_BY_NAME, available_actions
from .detail import sections_for
from .filters import CASE_NUMBER, PetitionFilter
from .forms import PetitionRegistration
from .letters import letter_links
from .models import LIST_ORDERS, Attachment, PendingUpload, Petition
from .receipt import remember_check_code
from .validators import content_type_for, preview_kind

# The session's mark of the case just registered: its page shows the receipt button first.
JUST_REGISTERED = "just_registered"


def _list_rows():
    """A list's rows, as its table shows them (no filter, no scope)."""
    return (
        Petition.objects.for_lists()
        .select_related("category", "responsible_unit")
        .prefetch_related("links")
    )


def _filtered_petitions(request) -> PetitionFilter:
    """The list's cases under the request's filters, through the unit-scope rule."""
    queryset = _list_rows().visible_to(request.user)
    return PetitionFilter(request.GET or None, queryset=queryset, user=request.user)


def _number_jump(text: str):
    """A jump to a case number (or its beginning): the first such case in the list."""
    if CASE_NUMBER.fullmatch(text):
        return Q(number__startswith=text.upper())
    return None


def petition_list(request):
    petition_filter = _filtered_petitions(request)
    order = LIST_ORDERS.get(petition_filter.sort_key(), LIST_ORDERS[""])
    page = page_of(
        request,
        petition_filter.qs,
        order=order,
        jump_to=_number_jump,
        jump_hint=_("a date (YYYY-MM-DD) or a case number"),
        count_in_order=petition_filter.counts_in_sort_order(),
        # The ids the count found are the scope's and the filter's matches.
        rows_by_id=_list_rows(),
        count_parts=petition_filter.count_parts(),
        ids_first=petition_filter.reads_ids_first(),
        scan=petition_filter.keyword_scan(),
    )
    rows = [(petition, names_for(petition, request.user)) for petition in page]
    confidential = [petition.pk for petition in page if petition.is_confidential]
    if confidential:
        services.identity_lookup_log(
            by=request.user,
            petition_ids=petition_filter.confidential_found_by_person(
                Petition.objects.filter(pk__in=confidential)
            ),
            purpose="list_search",
        )
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filter": petition_filter,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "today": timezone.localdate(),
        },
    )


def petition_count(request):
    """htmx: the count of a list its page left uncounted (a search by words), under the
    same filters and unit scope."""
    petition_filter = _filtered_petitions(request)
    if petition_filter.is_bound and not petition_filter.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid."))
    count, capped = count_after_page(request, petition_filter.qs)
    # A fragment: none of the page's context processors (the menu's unread count…).
    context = {"count": count, "shown": count_label(count, capped)}
    return HttpResponse(render_to_string("petitions/_petition_count.html", context))


def petition_export(request):
    """The list's current filter as a workbook, streamed in chunks."""
    petition_filter = _filtered_petitions(request)
    if petition_filter.is_bound and not petition_filter.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid."))
    user, today = request.user, timezone.localdate()
    services.identity_lookup_log(
        by=user,
        petition_ids=petition_filter.confidential_found_by_person(petition_filter.qs),
        purpose="export_search",
    )
    return exports.petition_workbook_response(petition_filter.qs, user=user, today=today)


def petition_create(request):
    if not request.user.has_perm("petitions.register_petition"):
        raise PermissionDenied
    registration = PetitionRegistration(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and registration.is_valid():
        try:
            petition = services.petition_register(
                data=registration.registration_data(),
                attachments=registration.attachments,
                by=request.user,
                token=registration.token,
            )
        except services.AlreadyRegistered as already:
            messages.info(request, str(already))
            return redirect("petitions:detail", number=already.petition.number)
        except services.PetitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Registered as %(number)s. Query code for the petitioner: %(code)s.")
                % {"number": petition.number, "code": petition.query_code},
            )
            # The case page then offers the receipt first; a check code shows on it.
            remember_check_code(request, petition)
            request.session[JUST_REGISTERED] = petition.number
            return redirect("petitions:detail", number=petition.number)
    if request.method == "POST":
        registration.keep_uploads()
    return render(request, "petitions/petition_form.html", {"registration": registration})


def _typed_people(query) -> list[tuple[int, services.PetitionerData]]:
    """The person rows of the registration form as far as typed, with their form index."""
    prefix = PetitionRegistration.prefix
    indexes = sorted(
        {
            int(match[1])
            for key in query
            if (match := re.fullmatch(rf"{prefix}-(\d+)-(?:name|id_number|phone)", key))
        }
    )
    return [
        (
            index,
            services.PetitionerData(
                name=query.get(f"{prefix}-{index}-name", "").strip(),
                id_number=query.get(f"{prefix}-{index}-id_number", "").strip(),
                phone=query.get(f"{prefix}-{index}-phone", "").strip(),
            ),
        )
        for index in indexes
        if not query.get(f"{prefix}-{index}-DELETE")
    ]


@require_GET
def earlier_petitions(request):
    """htmx: earlier petitions of the people being registered, of the cases the user may
    find by person; the earlier people they may choose as the same; names that differ."""
    if not request.user.has_perm("petitions.register_petition"):
        raise PermissionDenied
    user = request.user
    rows = _typed_people(request.GET)
    people = [person for _index, person in rows]
    earlier = list(
        services.earlier_petitions(
            user=user,
            id_numbers=[person.id_number for person in people],
            phones=[person.phone for person in people],
        )[:10]
    )
    checks = services.people_check(user=user, people=people)
    found = [
        *earlier,
        *(c.petition for check in checks for c in check.candidates),
        *(m.petition for check in checks for m in check.mismatches),
    ]
    services.identity_lookup_log(
        by=user, petition_ids=services.confidential_ids(found), purpose="earlier_lookup"
    )
    prefix = PetitionRegistration.prefix
    condition = services.person_q(
        id_numbers=[person.id_number for person in people],
        phones=[person.phone for person in people],
    )
    matched = (
        services.person_links_findable_by(user)
        .filter(condition)
        .values_list("petitioner_id", flat=True)
        .distinct()
        if condition is not None
        else []
    )
    return render(
        request,
        "petitions/_earlier_petitions.html",
        {
            "person_notes": person_notes.notes_for(list(matched), user),
            "earlier": earlier,
            "final": [p for p in earlier if p.state == Petition.State.FINAL],
            "selected": request.GET.get("repeat_of", ""),
            "checks": [
                {
                    "check": check,
                    "field": f"{prefix}-{index}-same_as",
                    "selected": request.GET.get(f"{prefix}-{index}-same_as", ""),
                }
                for (index, _person), check in zip(rows, checks, strict=True)
                if check.candidates or check.mismatches
            ],
        },
    )


def _detail_context(request, petition, bound_form=None, bound_action=None):
    user = request.user
    actions = []
    for action in available_actions(petition, user):
        if bound_action == action.name:
            form = bound_form
        else:
            form = action.form_class(petition=petition, user=user, prefix=action.name)
        actions.append({"action": action, "form": form})
    attachments = [a for a in petition.attachments.all() if a.is_visible_to(user)]
    return {
        "petition": petition,
        "people": people_for(petition, user),
        "may_reveal": petition.may_reveal_contact(user)
        and any(link.id_number or link.phone for link in petition.links.all()),
        "clocks": petition.clocks(),
        "events": petition.events.select_related("actor").order_by("at", "pk"),
        "actions": actions,
        "open_action": bound_action,
        "may_print_receipt": petition.may_print_receipt(user),
        "letters": letter_links(petition, user),
        "sections": sections_for(petition, user),
        "attachments": attachments,
        "image_attachments": [a for a in attachments if a.preview == "image"],
        "attachments_withheld": sum(not a.is_visible_to(user) for a in petition.attachments.all()),
    }


def petition_detail(request, number):
    petition = get_detail_for_user(request.user, number)
    context = _detail_context(request, petition)
    if request.session.get(JUST_REGISTERED) == petition.number:
        context["just_registered"] = request.session.pop(JUST_REGISTERED)
    return render(request, "petitions/petition_detail.html", context)


@require_POST
def petition_act(request, number, action):
    petition = get_detail_for_user(request.user, number)
    chosen = ACTIONS_BY_NAME.get(action)
    if chosen is None:
        raise Http404
    if not chosen.is_available(petition, request.user):
        # Not offered on the current page: a page that is out of date gets the stale
        # message; anything else is a request the page never made.
        if request.POST.get(f"{action}-version") not in (None, str(petition.version)):
            messages.warning(request, services.stale_message(petition))
            return redirect("petitions:detail", number=petition.number)
        raise PermissionDenied(_("You may not do this on this case."))
    form = chosen.form_class(
        request.POST, request.FILES, petition=petition, user=request.user, prefix=action
    )
    if form.is_valid():
        try:
            chosen.run(petition, request.user, form.cleaned_data)
        except services.StalePetition as error:
            messages.warning(request, str(error))
        except services.PetitionError as error:
            messages.error(request, str(error))
        else:
            form.forget_uploads()
            messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
            if not Petition.objects.visible_to(request.user).filter(pk=petition.pk).exists():
                # Routed on by the office's staff: no longer theirs to open.
                return redirect("petitions:list")
        return redirect("petitions:detail", number=petition.number)
    # Show the same page with the user's input, the errors beside it and the files kept.
    form.keep_uploads()
    context = _detail_context(request, petition, bound_form=form, bound_action=action)
    return render(request, "petitions/petition_detail.html", context, status=400)


@require_POST
def reveal_identity(request, number):
    """htmx: full identity numbers and phones, each showing logged."""
    petition = get_detail_for_user(request.user, number)
    try:
        services.identity_reveal(petition=petition, by=request.user, purpose="detail")
    except services.ActionNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    return render(
        request,
        "petitions/_people.html",
        {"petition": petition, "people": people_for(petition, request.user, reveal=True)},
    )


def _attachment_for_user(user, number, pk) -> Attachment:
    """An attachment of a case the user sees, if its file is visible to them (else 403)."""
    petition = get_petition_for_user(user, number)
    attachment = get_object_or_404(petition.attachments.select_related("uploaded_by__unit"), pk=pk)
    if not attachment.is_visible_to(user):
        raise PermissionDenied
    return attachment


def _file_response(stored, *, inline: bool) -> FileResponse:
    """A stored file, typed by its checked extension (never the uploader's claim, nor the
    stored type of older rows); shown in the browser only when `inline` was asked and the
    type is one that may be (images and PDFs; never SVG or HTML), else a download."""
    inline = inline and bool(preview_kind(stored.file.name))
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=content_type_for(stored.file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download(request, number, pk):
    attachment = _attachment_for_user(request.user, number, pk)
    return _file_response(attachment, inline=False)


def attachment_preview(request, number, pk):
    """The file shown in the browser (thumbnails, a PDF in a tab), under the download's rule."""
    attachment = _attachment_for_user(request.user, number, pk)
    return _file_response(attachment, inline=True)


def pending_upload(request, key):
    """A file kept for the user's own form; nobody else's (404 for them)."""
    upload = get_object_or_404(PendingUpload, key=key, user=request.user)
    return _file_response(upload, inline=True)
