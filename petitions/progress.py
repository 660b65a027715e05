"""The public progress query (查询): a petitioner checks where their case stands.

The petitioner has no account. They prove who they are with the query code
printed on their letters and the last four digits of a phone number given at
registration (any petitioner of the case), or, when no phone was given, the check
code (查询密码) printed on the registration receipt. The answer says where the case stands
in plain words and gives its dates, and nothing else: no names, identity or
phone numbers, content, staff or internal units (XG 21; ZJ 26(五), BJ 22(五)).

Attempts are counted per client address in the cache (in the database while the
cache is down), so that the code and the four digits cannot be guessed by trying.
"""

import logging
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .letters import phone_digits
from .models import (
    CloseReason,
    Nature,
    Petition,
    QueryAttemptCounter,
    RedirectRoute,
    RejectionReason,
)

logger = logging.getLogger(__name__)

QUERY_CODE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}")
WINDOW_SECONDS = 60 * 60


# --- Input ----------------------------------------------------------------------------------


def normalize_query_code(value: str) -> str:
    """`abcd efgh`, `ABCDEFGH` or the same typed in full-width letters → `ABCD-EFGH`."""
    characters = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", value).upper())
    if len(characters) == 8:
        return f"{characters[:4]}-{characters[4:]}"
    return characters


def find_petition(code: str, phone_last4: str = "", check_code: str = "") -> Petition | None:
    """The case with this query code, if a phone registered on it (on the case itself, not
    a later case of the same person) ends in the digits, or if its check code (查询密码,
    given on the receipt when no phone was) is the one typed."""
    petition = Petition.objects.filter(query_code=code).prefetch_related("links").first()
    if petition is None:
        return None
    if phone_last4:
        for person in petition.links.all():
            digits = phone_digits(person.phone)
            if len(digits) >= 4 and digits[-4:] == phone_last4:
                return petition
    if check_code and petition.check_code_matches(check_code):
        return petition
    return None


# --- Throttle ----------------------------------------------------------------------------------


def client_ip(request) -> str:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, as the nearest one saw it."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Attempt:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends, when refused
    # Neither the cache nor the database could count the attempt: refused, fail closed.
    unavailable: bool = False


def count_attempt(ip: str) -> Attempt:
    """Count one attempt from `ip`; refuse beyond QUERY_ATTEMPTS_PER_HOUR in the hour.

    A fixed one-hour window starts with the first attempt; refused attempts count
    too. The count lives in the cache; if the cache fails (Redis down), it is kept
    in the database instead (QueryAttemptCounter), with the same limit, so that
    codes cannot be guessed during an outage. If that fails too, the attempt is
    refused.
    """
    try:
        return _count_in_cache(ip)
    except Exception:
        logger.exception(
            "Progress query throttle unavailable in the cache; counting attempts from %s "
            "in the database",
            ip,
        )
    try:
        return _count_in_database(ip)
    except DatabaseError:
        logger.exception("Progress query throttle unavailable; refusing the attempt from %s", ip)
        return Attempt(allowed=False, unavailable=True)


def _count_in_cache(ip: str) -> Attempt:
    key = f"petitions:query-attempts:{ip}"
    started_key = f"{key}:started"
    now = time.time()
    cache.add(started_key, now, WINDOW_SECONDS)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    if count <= settings.QUERY_ATTEMPTS_PER_HOUR:
        return Attempt(allowed=True)
    started = cache.get(started_key) or now
    return Attempt(allowed=False, retry_after=max(60, int(started + WINDOW_SECONDS - now)))


def _count_in_database(ip: str) -> Attempt:
    """The same fixed window in a locked row per address (the cache is down)."""
    now = timezone.now()
    window = timedelta(seconds=WINDOW_SECONDS)
    with transaction.atomic():
        counter, created = QueryAttemptCounter.objects.select_for_update().get_or_create(
            key=ip[:100], defaults={"window_started_at": now, "count": 1}
        )
        if created:
            # Rows of windows that are over are no use to anyone.
            QueryAttemptCounter.objects.filter(window_started_at__lte=now - window).delete()
        else:
            if counter.window_started_at <= now - window:
                counter.window_started_at, counter.count = now, 1
            else:
                counter.count += 1
            counter.save(update_fields=["window_started_at", "count"])
    if counter.count <= settings.QUERY_ATTEMPTS_PER_HOUR:
        return Attempt(allowed=True)
    remaining = (counter.window_started_at + window - now).total_seconds()
    return Attempt(allowed=False, retry_after=max(60, int(remaining)))


# --- The answer -------------------------------------------------------------------------------


@dataclass
class Progress:
    stage: str
    sentence: str
    dates: list[tuple[str, date]] = field(default_factory=list)
    # The next date that matters: (label, date), or None when nothing more is due.
    next_date: tuple[str, date] | None = None


def _d(day: date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def progress_of(petition: Petition, today: date | None = None) -> Progress:
    """Where the case stands, for the petitioner: plain words and dates, nothing personal."""
    today = today or timezone.localdate()
    State = Petition.State
    state = petition.state
    p = petition

    if state == State.REGISTERED:
        sentence = _(
            "Your petition was registered on %(received)s and is being examined. By "
            "%(due)s we will decide whether and how it is handled and tell you in writing."
        ) % {"received": _d(p.received_on), "due": _d(p.route_due)}
        next_date = (_("Decision due by"), p.route_due)
    elif state == State.ASSIGNED:
        sentence = _(
            "On %(assigned)s your petition was passed to the unit responsible for it, which "
            "will tell you in writing by %(due)s that it has accepted it and how it will be "
            "handled."
        ) % {"assigned": _d(p.assigned_on), "due": _d(p.acceptance_due)}
        next_date = (_("Acceptance notice due by"), p.acceptance_due)
    elif state in Petition.HANDLING_STATES:
        values = {"accepted": _d(p.accepted_on), "due": _d(p.handling_due)}
        if p.handling_due and p.handling_due < today:
            sentence = (
                _(
                    "Your petition was accepted on %(accepted)s and is being handled. The "
                    "written reply was due by %(due)s and is late; its handling is being "
                    "supervised."
                )
                % values
            )
        elif p.extension == Petition.Extension.APPROVED:
            sentence = (
                _(
                    "Your petition was accepted on %(accepted)s and is being handled. The time "
                    "limit was extended; you will receive a written reply by %(due)s."
                )
                % values
            )
        else:
            sentence = (
                _(
                    "Your petition was accepted on %(accepted)s and is being investigated and "
                    "handled; you will receive a written reply by %(due)s."
                )
                % values
            )
        next_date = (_("Reply due by"), p.handling_due)
    elif state == State.REPLIED:
        values = {"replied": _d(p.replied_on), "deadline": _d(p.review_window_end)}
        next_date = None
        if p.nature != Nature.APPEAL or p.review_window_end is None:
            sentence = _("A written reply to your petition was issued on %(replied)s.") % values
        elif today <= p.review_window_end:
            sentence = (
                _(
                    "A written handling opinion on your petition was issued on %(replied)s. If "
                    "you disagree with it, you may request a review by %(deadline)s from the "
                    "organ one level above the one that handled it."
                )
                % values
            )
            next_date = (_("Review may be requested until"), p.review_window_end)
        else:
            sentence = (
                _(
                    "A written handling opinion on your petition was issued on %(replied)s. The "
                    "period to request a review ended on %(deadline)s."
                )
                % values
            )
    elif state == State.UNDER_REVIEW:
        sentence = _(
            "Your request for review was received on %(requested)s; the review opinion is due "
            "by %(due)s."
        ) % {"requested": _d(p.review_requested_on), "due": _d(p.review_due)}
        next_date = (_("Review opinion due by"), p.review_due)
    elif state == State.REVIEWED:
        values = {"reviewed": _d(p.reviewed_on), "deadline": _d(p.rereview_window_end)}
        if p.rereview_window_end is None:
            # Not served yet: the period to ask for a re-review has not started.
            sentence = _("The review opinion was issued on %(reviewed)s.") % values
            next_date = None
        elif today <= p.rereview_window_end:
            sentence = (
                _(
                    "The review opinion was issued on %(reviewed)s. If you disagree with it, you "
                    "may request a re-review by %(deadline)s from the organ one level above the "
                    "reviewing organ."
                )
                % values
            )
            next_date = (_("Re-review may be requested until"), p.rereview_window_end)
        else:
            sentence = (
                _(
                    "The review opinion was issued on %(reviewed)s. The period to request a "
                    "re-review ended on %(deadline)s."
                )
                % values
            )
            next_date = None
    elif state == State.UNDER_REREVIEW and p.rereview_due is None:
        # A hearing is being held: its days are not counted (XG 36 ¶2).
        sentence = _(
            "Your request for re-review was received on %(requested)s; a hearing is being "
            "held, and the time it takes is not counted in the time limit."
        ) % {"requested": _d(p.rereview_requested_on)}
        next_date = None
    elif state == State.UNDER_REREVIEW:
        sentence = _(
            "Your request for re-review was received on %(requested)s; the re-review opinion "
            "is due by %(due)s (time taken by a hearing is not counted)."
        ) % {"requested": _d(p.rereview_requested_on), "due": _d(p.rereview_due)}
        next_date = (_("Re-review opinion due by"), p.rereview_due)
    elif state == State.FINAL:
        sentence = _(
            "The re-review opinion was issued on %(date)s and your petition is concluded. The "
            "same request on the same facts and reasons will not be accepted again."
        ) % {"date": _d(p.rereviewed_on)}
        next_date = None
    elif state == State.CLOSED:
        reason = CloseReason(p.close_reason).label if p.close_reason else ""
        if reason:
            sentence = _("Your petition was concluded on %(date)s: %(reason)s.") % {
                "date": _d(p.closed_on),
                "reason": reason,
            }
        else:
            sentence = _("Your petition was concluded on %(date)s.") % {"date": _d(p.closed_on)}
        next_date = None
    elif state == State.TRANSFERRED:
        sentence = _(
            "On %(date)s your petition was transferred to %(organ)s, which has the authority "
            "to handle it. Please ask that organ about its progress."
        ) % {"date": _d(p.routed_on), "organ": p.transfer_organ}
        next_date = None
    elif state == State.REDIRECTED:
        route = RedirectRoute(p.redirect_route).label if p.redirect_route else ""
        sentence = _(
            "Your matter is to be pursued through %(route)s rather than as a petition; you were "
            "told so in writing on %(date)s. Please follow the notice you received."
        ) % {"route": route, "date": _d(p.routed_on)}
        next_date = None
    elif state == State.NOT_ACCEPTED:
        reason = RejectionReason(p.rejection_reason).label if p.rejection_reason else ""
        sentence = _(
            "On %(date)s it was decided not to accept your petition, and you were told so in "
            "writing. Reason: %(reason)s."
        ) % {"date": _d(p.routed_on), "reason": reason}
        next_date = None
    else:  # a state added later: say only that it is registered
        sentence = _("Your petition was registered on %(received)s.") % {
            "received": _d(p.received_on)
        }
        next_date = None

    stage_state = State.IN_PROGRESS if state in Petition.HANDLING_STATES else state
    return Progress(
        stage=str(State(stage_state).label),
        sentence=sentence,
        dates=_dates(petition),
        next_date=next_date if next_date and next_date[1] else None,
    )


def _dates(petition: Petition) -> list[tuple[str, date]]:
    """The dates the case has passed, in order."""
    State = Petition.State
    rows = [
        (_("Date received"), petition.received_on),
        (_("Date passed to the responsible unit"), petition.assigned_on),
        (_("Date accepted"), petition.accepted_on),
    ]
    routed_labels = {
        State.TRANSFERRED: _("Date transferred"),
        State.REDIRECTED: _("Date referred to a legal procedure"),
        State.NOT_ACCEPTED: _("Date of the decision not to accept"),
    }
    if petition.state in routed_labels:
        rows.append((routed_labels[petition.state], petition.routed_on))
    rows += [
        (_("Date of the reply"), petition.replied_on),
        (_("Date review requested"), petition.review_requested_on),
        (_("Date of the review opinion"), petition.reviewed_on),
        (_("Date re-review requested"), petition.rereview_requested_on),
        (_("Date of the re-review opinion"), petition.rereviewed_on),
    ]
    if petition.state == State.CLOSED:
        rows.append((_("Date concluded"), petition.closed_on))
    return [(label, day) for label, day in rows if day]
