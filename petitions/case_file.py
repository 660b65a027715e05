"""一案一档: the whole case as one PDF — what an office hands to a superior or an
inspector: the registration sheet, every letter issued, the event history and the
list of attachments.

Built for one user and showing only what that user may see: the petitioners as
people_for masks them (a unit user never reads an accuser's name), letters that name
a petitioner kept from the user are listed but left out, and confidential files are
counted, not named.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from organization.pdf import html_to_pdf

from .access import people_for
from .letters import LETTER_STYLESHEETS, LETTERS, letter_html, may_print
from .models import Petition, ServiceRecord


def service_record(petition: Petition, kind) -> ServiceRecord | None:
    """How and when the letter reached the petitioner (送达): the first service record
    of its kind (the opinions; other letters are recorded as "other" with their title)."""
    records = [r for r in petition.service_records.all() if r.kind == kind.slug]
    return records[0] if records else None


def case_file_context(petition: Petition, user, *, query_url: str) -> dict:
    petition = (
        Petition.objects.select_related(
            "category", "registered_unit", "responsible_unit", "registered_by", "owning_leader"
        )
        .prefetch_related("links", "attachments__uploaded_by__unit", "service_records")
        .get(pk=petition.pk)
    )
    letters = []
    for kind in LETTERS.values():
        if not kind.is_available(petition):
            continue
        printable = may_print(kind, petition, user)
        letters.append(
            {
                "title": kind.title_of(petition),
                "html": letter_html(
                    petition, kind, query_url=query_url, root="petitions/letter_fragment.html"
                )
                if printable
                else "",
                "withheld": not printable,
                "service": service_record(petition, kind) if printable else None,
            }
        )
    attachments = list(petition.attachments.all())
    visible = [attachment for attachment in attachments if attachment.is_visible_to(user)]
    return {
        "petition": petition,
        "people": people_for(petition, user),
        "letters": letters,
        "events": petition.events.select_related("actor").order_by("at", "pk"),
        "attachments": visible,
        "hidden_attachments": len(attachments) - len(visible),
        "printed_at": timezone.localtime(),
        "printed_by": user,
    }


def case_file_html(petition: Petition, user, *, query_url: str) -> str:
    return render_to_string(
        "petitions/case_file.html", case_file_context(petition, user, query_url=query_url)
    )


def case_file_pdf(petition: Petition, user, *, query_url: str) -> bytes:
    return html_to_pdf(
        case_file_html(petition, user, query_url=query_url), stylesheets=LETTER_STYLESHEETS
    )
