"""The printable letters of a petition (告知书, 交办单, 意见书): which exist, when, for whom.

A small registry: each kind of letter has a title, a template, a predicate
saying whether the case has reached the point where the letter exists, and
whether it names the petitioner. The letter view and the detail page's print
buttons both read it, so a button is never offered for a letter the view refuses.

A letter is built from the case's stored decisions and dates only, never from
"today": printing it again next month gives the same letter.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Leadership, Unit
from organization.pdf import html_to_pdf

from .identity import phone_digits
from .models import (
    CaseEvent,
    Holiday,
    Nature,
    Opinion,
    Petition,
    RedirectRoute,
    RejectionReason,
    level_above,
)

# --- The registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterKind:
    slug: str
    title: str
    template: str
    is_available: Callable[[Petition], bool]
    # True: the letter is addressed to the petitioner by name, so for a confidential
    # (检举控告类) case only those who may see the identity may print it.
    names_petitioner: bool
    # The day the letter is dated: the decision it records, never the day it is printed.
    dated: Callable[[Petition], date | None]
    # The event whose actor's unit issues the letter; none: the unit handling the case.
    issued_by_event: tuple[str, ...] = ()
    # Addressed to the responsible unit rather than to the petitioners.
    to_unit: bool = False
    # Addressed to the outside organ the case was transferred to (转送函).
    to_organ: bool = False
    # A title that depends on the case (a feedback letter for an accusation, 不再受理
    # for a final matter); none: `title`.
    title_for: Callable[[Petition], str] | None = None

    def url(self, petition: Petition) -> str:
        return reverse("petitions:letter", args=[petition.number, self.slug])

    def pdf_url(self, petition: Petition) -> str:
        return reverse("petitions:letter_pdf", args=[petition.number, self.slug])

    def title_of(self, petition: Petition) -> str:
        return self.title_for(petition) if self.title_for else self.title


def _event_date(petition: Petition, *actions: str) -> date | None:
    event = petition.events.filter(action__in=actions).order_by("-at", "-pk").first()
    return timezone.localtime(event.at).date() if event else None


LETTERS: dict[str, LetterKind] = {
    kind.slug: kind
    for kind in [
        LetterKind(
            slug="acceptance",
            title=_("Notice of acceptance"),
            template="petitions/letters/acceptance.html",
            is_available=lambda p: p.accepted_on is not None,
            names_petitioner=True,
            dated=lambda p: p.accepted_on,
        ),
        LetterKind(
            slug="transfer",
            title=_("Petition transfer letter"),
            template="petitions/letters/transfer.html",
            is_available=lambda p: p.state == Petition.State.TRANSFERRED,
            # It hands the petitioner's letter over to the organ that must handle it.
            names_petitioner=True,
            dated=lambda p: p.routed_on,
            issued_by_event=("transfer",),
            to_organ=True,
        ),
        LetterKind(
            slug="transfer-notice",
            title=_("Notice of transfer"),
            template="petitions/letters/transfer_notice.html",
            is_available=lambda p: p.state == Petition.State.TRANSFERRED,
            names_petitioner=True,
            dated=lambda p: p.routed_on,
            issued_by_event=("transfer",),
        ),
        LetterKind(
            slug="not-accepted",
            title=_("Notice of non-acceptance"),
            template="petitions/letters/not_accepted.html",
            is_available=lambda p: p.state == Petition.State.NOT_ACCEPTED,
            names_petitioner=True,
            dated=lambda p: p.routed_on,
            issued_by_event=("reject",),
            # XG 36 ¶3: a matter already final is "不再受理", its own letter.
            title_for=lambda p: (
                _("Notice that the petition will not be accepted again")
                if p.rejection_reason == RejectionReason.FINAL
                else _("Notice of non-acceptance")
            ),
        ),
        LetterKind(
            slug="redirected",
            title=_("Notice of referral to a legal procedure"),
            template="petitions/letters/redirected.html",
            is_available=lambda p: p.state == Petition.State.REDIRECTED,
            names_petitioner=True,
            dated=lambda p: p.routed_on,
            issued_by_event=("redirect",),
        ),
        LetterKind(
            slug="assignment",
            title=_("Assignment slip"),
            template="petitions/letters/assignment.html",
            is_available=lambda p: p.assigned_on is not None and p.responsible_unit_id is not None,
            # Addressed to the unit; it names petitioners only of cases that are not
            # confidential, so the handler of a 检举控告 case may print it.
            names_petitioner=False,
            dated=lambda p: p.assigned_on,
            issued_by_event=("assign",),
            to_unit=True,
        ),
        LetterKind(
            slug="extension",
            title=_("Notice of extension of the time limit"),
            template="petitions/letters/extension.html",
            is_available=lambda p: p.extension == Petition.Extension.APPROVED,
            names_petitioner=True,
            dated=lambda p: _event_date(p, "approve_extension"),
        ),
        LetterKind(
            slug="reply",
            title=_("Petition handling opinion"),
            template="petitions/letters/reply.html",
            is_available=lambda p: p.replied_on is not None and bool(p.reply_opinion),
            names_petitioner=True,
            dated=lambda p: p.replied_on,
            # 检举控告类 get a feedback letter of the result, not an opinion to appeal.
            title_for=lambda p: (
                _("Feedback on the handling of a report or accusation")
                if p.nature == Nature.ACCUSATION
                else _("Petition handling opinion")
            ),
        ),
        LetterKind(
            slug="review",
            title=_("Review opinion letter"),
            template="petitions/letters/review.html",
            is_available=lambda p: p.reviewed_on is not None,
            names_petitioner=True,
            dated=lambda p: p.reviewed_on,
            issued_by_event=("issue_review",),
        ),
        LetterKind(
            slug="rereview",
            title=_("Re-review opinion letter"),
            template="petitions/letters/rereview.html",
            is_available=lambda p: p.rereviewed_on is not None,
            names_petitioner=True,
            dated=lambda p: p.rereviewed_on,
            issued_by_event=("issue_rereview",),
        ),
    ]
}


def may_print(kind: LetterKind, petition: Petition, user) -> bool:
    """Whether `user`, who may see the case, may print this letter of it."""
    return not kind.names_petitioner or petition.identity_visible_to(user)


def available_letters(petition: Petition, user) -> list[LetterKind]:
    """The letters `user` may print for the case now, in the order they arise.

    For the detail page's print buttons: `[(kind.title, kind.url(petition)) ...]`.
    """
    if not petition.is_visible_to(user):
        return []
    return [
        kind
        for kind in LETTERS.values()
        if kind.is_available(petition) and may_print(kind, petition, user)
    ]


# --- What a letter says --------------------------------------------------------------------

# How to pursue each legal procedure (XG 31, and XG 30 for discipline), for the
# petitioner who is pointed to it.
REDIRECT_GUIDANCE = {
    RedirectRoute.LITIGATION: (
        _("Article 31 (1) of the Regulations on Petition Work"),
        _("You may bring a lawsuit before the people's court that has jurisdiction."),
    ),
    RedirectRoute.ARBITRATION: (
        _("Article 31 (2) of the Regulations on Petition Work"),
        _(
            "You may apply for arbitration to the labour and personnel dispute arbitration "
            "commission or other arbitration body that has jurisdiction."
        ),
    ),
    RedirectRoute.PARTY_APPEAL: (
        _("Article 31 (3) of the Regulations on Petition Work"),
        _(
            "You may lodge an appeal or apply for a re-examination with the competent Party "
            "organisation under the Party's regulations."
        ),
    ),
    RedirectRoute.RECONSIDERATION: (
        _("Article 31 (4) of the Regulations on Petition Work"),
        _("You may apply for administrative reconsideration to the competent organ."),
    ),
    RedirectRoute.ADMINISTRATIVE: (
        _("Article 31 (4) of the Regulations on Petition Work"),
        _(
            "You may apply to the competent administrative organ for the corresponding "
            "administrative procedure (ruling, confirmation, licence, penalty or the like)."
        ),
    ),
    RedirectRoute.DISCIPLINE: (
        _("Article 30 of the Regulations on Petition Work"),
        _(
            "You may report or accuse to the discipline inspection and supervision organ "
            "that has jurisdiction."
        ),
    ),
}


def addressee(petition: Petition, names: list[str]) -> str:
    """张三、李四, or 张三、李四等12人 when more people came than are named."""
    joined = "、".join(names)
    if petition.headcount > len(names) > 0:
        return _("%(names)s and others, %(count)d people in all") % {
            "names": joined,
            "count": petition.headcount,
        }
    return joined


def issuer(petition: Petition, kind: LetterKind) -> str:
    """The organ named on the letter: LETTER_ISSUER, else the unit that decided."""
    if settings.LETTER_ISSUER:
        return settings.LETTER_ISSUER
    return issuing_unit(petition, kind).name


def issuing_unit(petition: Petition, kind: LetterKind):
    if kind.issued_by_event:
        event = (
            CaseEvent.objects.filter(petition=petition, action__in=kind.issued_by_event)
            .select_related("actor__unit")
            .order_by("-at", "-pk")
            .first()
        )
        if event and event.actor and event.actor.unit:
            return event.actor.unit
        return petition.registered_unit
    return petition.responsible_unit or petition.registered_unit


def original_handling_due(petition: Petition) -> date | None:
    """The handling due date before the extension, from the stored dates: as recorded
    when the extension was approved, else derived again from the case's dates (never
    the extended date less its days: the extension may have counted working days or
    rolled past a holiday)."""
    if petition.handling_due is None or petition.extension != Petition.Extension.APPROVED:
        return petition.handling_due
    event = petition.events.filter(action="approve_extension").order_by("-at", "-pk").first()
    if event is not None and event.payload.get("due_before"):
        return date.fromisoformat(event.payload["due_before"])
    return petition.handling_due_before_extension(Holiday.objects.work_calendar())


# The legal basis of each reason not to accept a petition, printed with it.
REJECTION_BASIS = {
    RejectionReason.BEING_HANDLED: _("Article 19 (3) of the Regulations on Petition Work"),
    RejectionReason.FINAL: _("Article 36 (3) of the Regulations on Petition Work"),
    RejectionReason.OUT_OF_SCOPE: _("Articles 17 and 22 of the Regulations on Petition Work"),
    RejectionReason.OTHER: _("Article 22 of the Regulations on Petition Work"),
}

# XG 29: a suggestion is adopted, partly adopted or not adopted. The handling form
# records the three opinions of XG 32; until it records the adoption itself, this
# is how an opinion on a suggestion reads.
SUGGESTION_ADOPTION = {
    Opinion.SUPPORT: _("adopted"),
    Opinion.EXPLAIN: _("partly adopted"),
    Opinion.REJECT: _("not adopted"),
}


def main_leader(unit):
    """The unit's main leader (第一责任人), who signs for it; None when not recorded."""
    if unit is None:
        return None
    return unit.members.filter(leadership=Leadership.MAIN, is_active=True).order_by("pk").first()


def being_handled_by(petition: Petition) -> tuple[str, date | None]:
    """For "already being handled" (XG 19 ¶3): who handles the earlier petition on the
    matter, and by when; empty when the earlier petition was not linked."""
    earlier = petition.repeat_of
    if earlier is None or earlier.responsible_unit is None:
        return "", None
    return earlier.responsible_unit.name, earlier.handling_due or earlier.assigned_due


def office_contact(petition: Petition, kind: LetterKind) -> tuple[str, str]:
    """The petition office the unit reports to: PETITION_OFFICE_NAME (else the issuer)
    and PETITION_OFFICE_PHONE."""
    return (settings.PETITION_OFFICE_NAME or issuer(petition, kind), settings.PETITION_OFFICE_PHONE)


def letter_context(petition: Petition, kind: LetterKind, *, query_url: str) -> dict:
    """Everything the letter templates show, computed from the stored case."""
    # The people as registered on this case.
    petitioners = list(petition.links.all())
    names = [person.name for person in petitioners]
    responsible = petition.responsible_unit
    # The organs of the three stages (XG 35, 36): as recorded on the case once a stage
    # is decided (a unit of the tree or a named outside organ), else the level above
    # the organ whose opinion would be reviewed, as the unit tree has it.
    replying_organ = petition.replying_unit or responsible
    review_organ = petition.review_organ_name or level_above(replying_organ)
    rereview_organ = petition.rereview_organ_name or level_above(
        petition.review_unit or (review_organ if isinstance(review_organ, Unit) else None)
    )
    route = REDIRECT_GUIDANCE.get(petition.redirect_route)
    handled_by, handled_until = being_handled_by(petition)
    office_name, office_phone = office_contact(petition, kind)
    if kind.to_unit:
        to = responsible.name
    elif kind.to_organ:
        to = petition.transfer_organ
    else:
        to = addressee(petition, names)
    return {
        "petition": petition,
        "kind": kind,
        "letter_title": kind.title_of(petition),
        "issuer": issuer(petition, kind),
        "letter_date": kind.dated(petition),
        "addressee": to,
        "petitioner_names": "、".join(names),
        "petitioners": petitioners,
        "query_url": query_url,
        # The query page needs the last four digits of a phone given at registration.
        "can_query_online": any(len(phone_digits(person.phone)) >= 4 for person in petitioners),
        "original_due": original_handling_due(petition),
        "replying_organ": str(replying_organ or ""),
        "review_body": str(review_organ or ""),
        "review_organ": str(review_organ or ""),
        "rereview_organ": str(rereview_organ or ""),
        "redirect_basis": route[0] if route else "",
        "redirect_guidance": route[1] if route else "",
        "rejection_basis": REJECTION_BASIS.get(petition.rejection_reason, ""),
        "handled_by": handled_by,
        "handled_until": handled_until,
        "is_appeal": petition.nature == Nature.APPEAL,
        "is_suggestion": petition.nature == Nature.SUGGESTION,
        "is_accusation": petition.nature == Nature.ACCUSATION,
        "is_supported": petition.reply_opinion == Opinion.SUPPORT,
        "adoption": SUGGESTION_ADOPTION.get(petition.reply_opinion, ""),
        "owning_leader": petition.owning_leader,
        "main_leader": main_leader(responsible),
        "office_name": office_name,
        "office_phone": office_phone,
        # The day each opinion reached the petitioner (送达), and the hearing's first and
        # last day on the re-review.
        "reply_served_on": petition.reply_served_on,
        "review_served_on": petition.review_served_on,
        "hearing_start": petition.hearing_started_on,
        "hearing_end": petition.hearing_ended_on,
        # LEAD (issue 13): by when a supported opinion is carried out (XG 32 ¶2), and
        # the legal basis of the review and re-review opinions, when the forms ask
        # for them; the letters print a standard sentence until then.
        "implementation_due": None,
        "review_basis": "",
        "rereview_basis": "",
        "extension_max": settings.PETITION_CLOCK_DAYS["extension_max"],
        "review_request_days": settings.PETITION_CLOCK_DAYS["review_request"],
        "rereview_request_days": settings.PETITION_CLOCK_DAYS["rereview_request"],
        "objection_days": settings.PETITION_CLOCK_DAYS["objection"],
        "acceptance_days": settings.PETITION_CLOCK_DAYS["acceptance"],
    }


# --- As a document ---------------------------------------------------------------------------

LETTER_STYLESHEETS = ("petitions/letter.css", "petitions/letter_pdf.css")


def letter_html(petition: Petition, kind: LetterKind, *, query_url: str, root: str) -> str:
    """The letter's HTML on `root`: petitions/letter_document.html (a whole document,
    for the PDF) or petitions/letter_fragment.html (the sheet alone, for the case file)."""
    context = letter_context(petition, kind, query_url=query_url)
    context.update(page_base=root, for_pdf=True)
    return render_to_string(kind.template, context)


def letter_pdf(petition: Petition, kind: LetterKind, *, query_url: str) -> bytes:
    html = letter_html(petition, kind, query_url=query_url, root="petitions/letter_document.html")
    return html_to_pdf(html, stylesheets=LETTER_STYLESHEETS)


def letter_links(petition: Petition, user) -> list[dict]:
    """The detail page's print buttons: title, print view and PDF of each letter."""
    return [
        {
            "title": kind.title_of(petition),
            "url": kind.url(petition),
            "pdf_url": kind.pdf_url(petition),
        }
        for kind in available_letters(petition, user)
    ]
