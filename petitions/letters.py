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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Unit

from .models import CaseEvent, Holiday, Nature, Petition, RedirectRoute

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

    def url(self, petition: Petition) -> str:
        return reverse("petitions:letter", args=[petition.number, self.slug])


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
            slug="not-accepted",
            title=_("Notice of non-acceptance"),
            template="petitions/letters/not_accepted.html",
            is_available=lambda p: p.state == Petition.State.NOT_ACCEPTED,
            names_petitioner=True,
            dated=lambda p: p.routed_on,
            issued_by_event=("reject",),
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


def phone_digits(phone: str) -> str:
    return "".join(character for character in phone if character.isdigit())


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


def letter_context(petition: Petition, kind: LetterKind, *, query_url: str) -> dict:
    """Everything the letter templates show, computed from the stored case."""
    # The people as registered on this case.
    petitioners = list(petition.links.all())
    names = [person.name for person in petitioners]
    responsible = petition.responsible_unit
    review_body = Unit.objects.get_parent(responsible) if responsible is not None else None
    route = REDIRECT_GUIDANCE.get(petition.redirect_route)
    return {
        "petition": petition,
        "kind": kind,
        "issuer": issuer(petition, kind),
        "letter_date": kind.dated(petition),
        "addressee": responsible.name if kind.to_unit else addressee(petition, names),
        "petitioner_names": "、".join(names),
        "query_url": query_url,
        # The query page needs the last four digits of a phone given at registration.
        "can_query_online": any(len(phone_digits(person.phone)) >= 4 for person in petitioners),
        "original_due": original_handling_due(petition),
        "review_body": review_body.name if review_body is not None else "",
        "redirect_basis": route[0] if route else "",
        "redirect_guidance": route[1] if route else "",
        "is_appeal": petition.nature == Nature.APPEAL,
        "extension_max": settings.PETITION_CLOCK_DAYS["extension_max"],
        "review_request_days": settings.PETITION_CLOCK_DAYS["review_request"],
        "rereview_request_days": settings.PETITION_CLOCK_DAYS["rereview_request"],
        "objection_days": settings.PETITION_CLOCK_DAYS["objection"],
        "acceptance_days": settings.PETITION_CLOCK_DAYS["acceptance"],
    }
