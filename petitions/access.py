"""Access to one petition and what of its people a user may see.

The lookup goes through PetitionQuerySet.visible_to, the same rule the lists
use, so a list never shows a case its detail page refuses.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from organization.models import Unit
from organization.related import attach, prefetch_if_any

from .detail import SECTION_ROWS
from .identity import mask_id_number, mask_phone
from .models import Attachment, Petition, ReviewRequest


def get_petition_for_user(user, number: str, queryset=None) -> Petition:
    queryset = queryset if queryset is not None else Petition.objects.all()
    return get_object_or_404(queryset.visible_to(user), number=number)


# The case page's many-to-one relations, loaded a model at a time (one query for the
# units, one for the people): joined into the case's own query, its fourteen tables took
# the planner 9 ms, more than every query of the page ran.
DETAIL_UNITS = ("registered_unit", "responsible_unit", "replying_unit", "review_unit")
DETAIL_UNITS += ("rereview_unit",)
DETAIL_PEOPLE = ("registered_by", "received_by", "owning_leader", "handler")


def detail_lists():
    # A prefetch each, its foreign keys joined: a case with files is one query for them,
    # not one for the files, one for their uploaders and one for the uploaders' units.
    return (
        "links",
        Prefetch("attachments", Attachment.objects.select_related("uploaded_by__unit")),
        "service_records",
        Prefetch("review_requests", ReviewRequest.objects.select_related("unit")),
    )


def get_detail_for_user(user, number: str) -> Petition:
    """The case for its page (and its actions): get_petition_for_user, with what the page
    shows of it loaded."""
    queryset = Petition.objects.select_related("category", "close_statement_file")
    petition = get_petition_for_user(user, number, queryset)
    # Which lists, its own and its sections', have rows: one query.
    prefetch_if_any(petition, *detail_lists(), also=SECTION_ROWS)
    attach([petition], DETAIL_UNITS, Unit.objects.all())
    attach([petition], DETAIL_PEOPLE, get_user_model().objects.select_related("unit"))
    # Most cases repeat none: joined, the earlier case's ninety columns were built on
    # every page; attached, a query only for a repeat.
    attach([petition], ("repeat_of",), Petition.objects.all())
    return petition


@dataclass(frozen=True)
class PersonView:
    """A petitioner as this user may see them."""

    name: str
    id_number: str
    phone: str
    address: str
    employer: str
    relation: str
    is_representative: bool
    hidden: bool


def people_for(petition: Petition, user, *, reveal: bool = False) -> list[PersonView]:
    """Names for those allowed; full numbers only when revealed (and logged by the caller)."""
    visible = petition.identity_visible_to(user)
    reveal = reveal and petition.may_reveal_contact(user)
    secret = _("(confidential)")
    people = []
    for link in petition.links.all():
        # The identity registered on this case, whatever later cases recorded.
        if not visible:
            people.append(
                PersonView(secret, secret, secret, secret, secret, "", link.is_representative, True)
            )
            continue
        people.append(
            PersonView(
                name=link.name,
                id_number=link.id_number if reveal else mask_id_number(link.id_number),
                phone=link.phone if reveal else mask_phone(link.phone),
                address=link.address,
                employer=link.employer,
                relation=link.get_relation_display(),
                is_representative=link.is_representative,
                hidden=False,
            )
        )
    return people


def names_for(petition: Petition, user) -> str:
    """The petitioners' names for a list row, or the confidentiality mark."""
    if not petition.identity_visible_to(user):
        return _("(confidential)")
    return "、".join(link.name for link in petition.links.all())
