"""The printable letters: `/petitions/<number>/letters/<kind>/` (print view) and
`/petitions/<number>/letters/<kind>.pdf`, and the case file `/petitions/<number>/file.pdf`."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from organization.pdf import pdf_response

from .case_file import case_file_pdf
from .letters import LETTERS, LetterKind, letter_context, letter_pdf, may_print
from .models import Petition


def _letter_for_user(request, number: str, kind: str) -> tuple[Petition, LetterKind]:
    """404 unless the user may see the case and the letter exists in its state."""
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "registered_unit", "responsible_unit", "category", "owning_leader", "repeat_of"
        ),
        number=number,
    )
    letter_kind = LETTERS.get(kind)
    if letter_kind is None or not letter_kind.is_available(petition):
        raise Http404
    return petition, letter_kind


def _forbidden(request, petition):
    return render(
        request,
        "petitions/letter_forbidden.html",
        {"petition": petition, "back_url": _detail_url(petition)},
        status=403,
    )


def _query_url(request) -> str:
    return request.build_absolute_uri(reverse("query"))


@require_GET
def letter(request, number: str, kind: str):
    """One letter, laid out on A4; 404 unless the user may see the case and the
    letter exists in its state, 403 when it names a petitioner kept from the user."""
    petition, letter_kind = _letter_for_user(request, number, kind)
    if not may_print(letter_kind, petition, request.user):
        return _forbidden(request, petition)
    context = letter_context(petition, letter_kind, query_url=_query_url(request))
    context["back_url"] = _detail_url(petition)
    context["pdf_url"] = letter_kind.pdf_url(petition)
    return render(request, letter_kind.template, context)


@require_GET
def letter_pdf_view(request, number: str, kind: str):
    """The same letter as PDF (WeasyPrint), under the same rule as its print view."""
    petition, letter_kind = _letter_for_user(request, number, kind)
    if not may_print(letter_kind, petition, request.user):
        return _forbidden(request, petition)
    content = letter_pdf(petition, letter_kind, query_url=_query_url(request))
    return pdf_response(content, f"{petition.number}-{letter_kind.slug}.pdf")


@require_GET
def case_file(request, number: str):
    """一案一档: the whole case as one PDF, for anyone who may see the case; what the
    user may not see of the petitioners is masked in it."""
    petition = get_object_or_404(Petition.objects.visible_to(request.user), number=number)
    content = case_file_pdf(petition, request.user, query_url=_query_url(request))
    return pdf_response(content, f"{petition.number}-case-file.pdf")


def _detail_url(petition: Petition) -> str:
    # The detail page lives in another part of the app; link to it once it exists.
    try:
        return reverse("petitions:detail", args=[petition.number])
    except NoReverseMatch:
        return ""
