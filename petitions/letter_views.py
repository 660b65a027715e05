"""The printable letters: `/petitions/<number>/letters/<kind>/`."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from .letters import LETTERS, letter_context, may_print
from .models import Petition


@require_GET
def letter(request, number: str, kind: str):
    """One letter, laid out on A4; 404 unless the user may see the case and the
    letter exists in its state, 403 when it names a petitioner kept from the user."""
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "registered_unit", "responsible_unit", "category"
        ),
        number=number,
    )
    letter_kind = LETTERS.get(kind)
    if letter_kind is None or not letter_kind.is_available(petition):
        raise Http404
    if not may_print(letter_kind, petition, request.user):
        return render(
            request,
            "petitions/letter_forbidden.html",
            {"petition": petition, "back_url": _detail_url(petition)},
            status=403,
        )
    context = letter_context(
        petition,
        letter_kind,
        query_url=request.build_absolute_uri(reverse("query")),
    )
    context["back_url"] = _detail_url(petition)
    return render(request, letter_kind.template, context)


def _detail_url(petition: Petition) -> str:
    # The detail page lives in another part of the app; link to it once it exists.
    try:
        return reverse("petitions:detail", args=[petition.number])
    except NoReverseMatch:
        return ""
