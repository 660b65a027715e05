"""The registration receipt (登记回执): `/petitions/<number>/receipt/` (print view),
`/petitions/<number>/receipt.pdf`, and a new check code (查询密码) for it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organization.pdf import pdf_response

from . import services
from .access import get_petition_for_user
from .models import Petition
from .receipt import receipt_context, receipt_pdf, remember_check_code, remembered_check_code

TEMPLATE = "petitions/petition_receipt.html"


def _receipt_petition(request, number: str) -> Petition:
    """404 unless the user may see the case (the unit-scope rule, may_print_receipt)."""
    petition = get_petition_for_user(
        request.user,
        number,
        Petition.objects.select_related(
            "registered_unit", "registered_by", "received_by"
        ).prefetch_related("links"),
    )
    if not petition.may_print_receipt(request.user):
        raise PermissionDenied
    return petition


def _context(request, petition: Petition) -> dict:
    context = receipt_context(
        petition,
        request.user,
        query_url=request.build_absolute_uri(reverse("query")),
        check_code=remembered_check_code(request, petition),
    )
    if petition.is_confidential and context["identity_visible"]:
        # The accuser's name on paper: logged like every view of that identity.
        services.identity_lookup_log(by=request.user, petition_ids=[petition.pk], purpose="receipt")
    return context


@require_GET
def receipt(request, number: str):
    petition = _receipt_petition(request, number)
    context = _context(request, petition)
    context.update(
        back_url=petition.get_absolute_url(),
        pdf_url=reverse("petitions:receipt_pdf", args=[petition.number]),
    )
    return render(request, TEMPLATE, context)


@require_GET
def receipt_pdf_view(request, number: str):
    petition = _receipt_petition(request, number)
    return pdf_response(receipt_pdf(_context(request, petition)), f"{petition.number}-receipt.pdf")


@require_POST
def issue_check_code(request, number: str):
    """A new 查询密码 (the old one stops working), shown on the receipt."""
    petition = _receipt_petition(request, number)
    try:
        code = services.petition_issue_check_code(petition=petition, by=request.user)
    except services.ActionNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    remember_check_code(request, petition, code)
    messages.success(request, _("A new check code was issued; the previous one no longer works."))
    return redirect("petitions:receipt", number=petition.number)
