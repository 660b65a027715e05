"""登记回执: the receipt a petitioner takes away when the petition is registered.

It says that the petition was received (number, date, channel, for a walk-in the
visit's time and the officer who received it), how to follow its progress (the
query code, the public query address and which second factor to use: the last 4
digits of a phone given, or the check code 查询密码 printed here once), what
happens next with the dates computed from the case's own clocks, and whom to
contact. Anyone who may see the case may print it; the petitioners' names on it
follow identity_visible_to, and a confidential (检举控告类) case's receipt that
names the accuser is logged like every other view of that identity.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from organization.pdf import html_to_pdf
from organization.templatetags.official import official_date_text

from .access import names_for
from .deadlines import counts_working_days
from .identity import phone_digits
from .models import Holiday, Nature, Petition

SESSION_KEY = "receipt_check_codes"
# How many just-issued check codes a session keeps (a clerk registering all morning).
SESSION_KEEP = 20
RECEIPT_STYLESHEETS = ("petitions/letter.css", "petitions/letter_pdf.css", "petitions/receipt.css")


# --- The check code, shown once ---------------------------------------------------------


def remember_check_code(request, petition: Petition, code: str = "") -> None:
    """Keep a just-issued 查询密码 in the user's session so that the receipt (print view
    and PDF) can show it; the database has only its hash."""
    code = code or getattr(petition, "issued_check_code", "")
    if not code:
        return
    codes = dict(request.session.get(SESSION_KEY, {}))
    codes.pop(petition.number, None)
    codes[petition.number] = code
    request.session[SESSION_KEY] = dict(list(codes.items())[-SESSION_KEEP:])


def remembered_check_code(request, petition: Petition) -> str:
    return request.session.get(SESSION_KEY, {}).get(petition.number, "")


# --- What the receipt says ----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: str
    due: date | None
    text: str


def day_count(days: int, clock: str) -> str:
    """ "15 days" or "15 working days", as the clock counts."""
    if counts_working_days(clock):
        return ngettext("%(days)d working day", "%(days)d working days", days) % {"days": days}
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def next_steps(petition: Petition) -> list[Step]:
    """What happens next and by when, from the case's stored clocks (DESIGN.md §2)."""
    days = settings.PETITION_CLOCK_DAYS
    steps = [
        Step(
            _("Decision on how it is handled"),
            petition.route_due,
            _(
                "Within %(days)s of receipt the petition office decides whether it accepts "
                "the petition, passes it to the unit responsible, transfers it to the organ "
                "with authority, or does not accept it (Article 22 of the Regulations on "
                "Petition Work)."
            )
            % {"days": day_count(days["route"], "route")},
        ),
        Step(
            _("Written notice of acceptance"),
            petition.acceptance_due,
            _(
                "You will be told in writing whether it is accepted within %(days)s of its "
                "receipt by the organ that handles it; a unit it is passed to tells you "
                "within %(days)s of receiving it (Article 23 of the Regulations on Petition "
                "Work)."
            )
            % {"days": day_count(days["acceptance"], "acceptance")},
        ),
    ]
    handling = day_count(days["handling"], "handling")
    if petition.handling_due:
        steps.append(
            Step(
                _("Written reply"),
                petition.handling_due,
                _(
                    "Once accepted, it is handled and you receive a written reply within "
                    "%(days)s (Article 34 of the Regulations on Petition Work)."
                )
                % {"days": handling},
            )
        )
    else:
        # Not accepted yet: the reply's date counts from acceptance; the latest it can
        # be if the petition is accepted on the last day of the decision.
        latest = Holiday.objects.work_calendar().add(
            petition.route_due, days["handling"], clock="handling"
        )
        steps.append(
            Step(
                _("Written reply"),
                latest,
                _(
                    "Once accepted, it is handled and you receive a written reply within "
                    "%(days)s of acceptance (Article 34 of the Regulations on Petition Work); "
                    "the date given is when accepted on %(decision)s."
                )
                % {"days": handling, "decision": official_date_text(petition.route_due)},
            )
        )
    extension = _(
        "A complex matter's time limit may be extended once, by at most %(days)s; you are "
        "then told so in writing."
    ) % {"days": day_count(days["extension_max"], "handling")}
    if petition.nature == Nature.APPEAL:
        review = _(
            "If you disagree with the reply, you may request a review within %(days)s of "
            "receiving it (Article 35 of the Regulations on Petition Work)."
        ) % {"days": day_count(days["review_request"], "review_request")}
        # Chinese sentences follow one another without a space.
        extension = pgettext("two sentences in a row", "%(first)s %(second)s") % {
            "first": extension,
            "second": review,
        }
    steps.append(Step(_("Extension and review"), None, extension))
    return steps


def office_contact(petition: Petition) -> tuple[str, str, str]:
    """(issuer, office name, office phone) from LETTER_ISSUER, PETITION_OFFICE_NAME and
    PETITION_OFFICE_PHONE; the registering unit where they are not set."""
    issuer = settings.LETTER_ISSUER or petition.registered_unit.name
    return issuer, settings.PETITION_OFFICE_NAME or issuer, settings.PETITION_OFFICE_PHONE


def receipt_context(petition: Petition, user, *, query_url: str, check_code: str = "") -> dict:
    """Everything the receipt shows to `user`, who may see the case."""
    issuer, office_name, office_phone = office_contact(petition)
    identity_visible = petition.identity_visible_to(user)
    phone_endings = (
        [
            phone_digits(link.phone)[-4:]
            for link in petition.links.all()
            if len(phone_digits(link.phone)) >= 4
        ]
        if identity_visible
        else []
    )
    return {
        "petition": petition,
        "names": names_for(petition, user),
        "identity_visible": identity_visible,
        "is_visit": bool(petition.visit_at),
        "steps": next_steps(petition),
        "query_url": query_url,
        "uses_phone": petition.has_query_phone,
        "phone_endings": sorted(set(phone_endings)),
        "check_code": "" if petition.has_query_phone else check_code,
        "may_issue_check_code": petition.may_issue_check_code(user),
        "issuer": issuer,
        "office_name": office_name,
        "office_phone": office_phone,
    }


def receipt_pdf(context: dict) -> bytes:
    html = render_to_string(
        "petitions/petition_receipt.html",
        {**context, "page_base": "petitions/letter_document.html", "for_pdf": True},
    )
    return html_to_pdf(html, stylesheets=RECEIPT_STYLESHEETS)
