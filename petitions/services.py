"""Every change to a petition, one function per action.

Each function is atomic: inside `locked_case` it locks the petition row, checks
that the page the user acted on is current, and makes one change, either a
model transition called through `run(case.assign, unit=..., due=...)` (which
checks permission and conditions first) or plain fields through `change()`
(which asks the model's `may_*` rule); leaving the block recomputes the clocks,
saves and writes the CaseEvent in the same transaction. Side effects for other
apps go out after commit (signals.py). Views call these; nothing else writes a
petition.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from notifications.services import notify, users_with_role
from organization.inserts import insert_all
from organization.models import Unit
from organization.roles import Role
from organization.services import allocate_number
from organization.workers import run_pieces

from . import signals
from .identity import normalize_id_number, phone_digits
from .models import (
    VISIT_CHANNELS,
    Attachment,
    CaseEvent,
    Category,
    Channel,
    CloseReason,
    Holiday,
    IdentityAccessLog,
    PendingUpload,
    Petition,
    Petitioner,
    PetitionPetitioner,
    RequestRefusal,
    ReviewRequest,
    ReviewStage,
    ServiceKind,
    ServiceRecord,
    Statement,
    hash_check_code,
    new_check_code,
    new_query_code,
)
from .search import people_document, search_document, store_documents
from .validators import content_type_for, shortened_name

# The notifications this app sends (labels registered in apps.py).
KIND_REGISTERED = "registered"
KIND_ASSIGNED = "assigned"
KIND_LISTED = "listed"
KIND_HANDOFF = "handoff"


class PetitionError(Exception):
    """An action that cannot be done; the message is for the user."""


class ActionNotAllowed(PetitionError):
    pass


class AlreadyRegistered(PetitionError):
    """The registration form was submitted before: its case exists (back button, double click)."""

    def __init__(self, petition: Petition):
        super().__init__(
            _("This form was already submitted: the case is %(number)s.")
            % {"number": petition.number}
        )
        self.petition = petition


class StalePetition(PetitionError):
    """Someone else changed the case since the user loaded the page."""


# --- Registration -------------------------------------------------------------------


@dataclass
class PetitionerData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    employer: str = ""
    relation: str = "employee"
    is_representative: bool = False
    # The pk of a person row (PetitionPetitioner) of an earlier case that the user
    # chose as the same person; checked against what the user may find by person.
    same_as: int | None = None


# What a case records of each of its people (PetitionPetitioner's snapshot).
PERSON_FIELDS = ("name", "id_number", "phone", "address", "employer", "relation")


@dataclass
class RegistrationData:
    channel: str
    received_on: date
    nature: str
    category: Category
    summary: str
    content: str
    headcount: int = 1
    skip_level: str = ""
    responsible_unit: Unit | None = None
    repeat_of: Petition | None = None
    petitioners: list[PetitionerData] = field(default_factory=list)
    owning_leader: object = None
    # 批示件: a superior's instruction received with the petition.
    instruction_by: str = ""
    instruction_on: date | None = None
    instruction_text: str = ""
    # 走访: when the petitioner came and who received them (default: registration's
    # time and user). Ignored for other channels.
    visit_at: datetime | None = None
    received_by: object = None


# The key of petition numbers in organization's YearlySequence.
NUMBER_KEY = "petition"


def next_number(year: int) -> str:
    """XF + year + 6 digits; must run inside the registration's transaction.

    allocate_number locks the year's row until the transaction ends, so concurrent
    registrations queue for numbers, and a registration that fails rolls its
    number back: no duplicates and no gaps.
    """
    return f"XF{year}{allocate_number(NUMBER_KEY, year):06d}"


def person_links_findable_by(user):
    """The people of the cases `user` may find by person (findable_by_person)."""
    return PetitionPetitioner.objects.filter(
        petition__in=Petition.objects.findable_by_person(user).values("pk")
    )


def petitioner_for(*, data: PetitionerData, by) -> Petitioner:
    """The cross-case person of someone being registered; changes nobody's visible data.

    The identity number is the person: a known number links to its person, whose
    record stays as it is (each case keeps the identity registered on it). Anyone
    else becomes a new person unless the user explicitly chose the person of an
    earlier case they may see (`same_as`), which is checked again here.
    """
    data.id_number = normalize_id_number(data.id_number)
    chosen = None
    if data.same_as:
        link = (
            person_links_findable_by(by)
            .select_related("petitioner")
            .filter(pk=data.same_as)
            .first()
        )
        if link is None:
            raise ActionNotAllowed(_("You may not link a petitioner to that earlier person."))
        chosen = link.petitioner
    if data.id_number:
        person = Petitioner.objects.filter(id_number=data.id_number).first()
        if person is not None and chosen is not None and person.pk != chosen.pk:
            raise PetitionError(
                _(
                    "The identity number entered for %(name)s belongs to another person than "
                    "the one chosen as the same person."
                )
                % {"name": data.name}
            )
        if person is not None:
            return person
        if chosen is not None:
            if chosen.id_number:
                raise PetitionError(
                    _(
                        "The person chosen as the same as %(name)s was registered with another "
                        "identity number."
                    )
                    % {"name": data.name}
                )
            # Only the cross-case key: no case shows this row.
            Petitioner.objects.filter(pk=chosen.pk, id_number="").update(id_number=data.id_number)
            return chosen
        person, _created = Petitioner.objects.get_or_create(
            id_number=data.id_number,
            defaults={name: getattr(data, name) for name in PERSON_FIELDS if name != "id_number"},
        )
        return person
    if chosen is not None:
        return chosen
    return Petitioner.objects.create(**{name: getattr(data, name) for name in PERSON_FIELDS})


def is_collective_visit(channel: str, headcount: int) -> bool:
    return channel in VISIT_CHANNELS and headcount >= settings.COLLECTIVE_VISIT_THRESHOLD


def petition_register(
    *,
    data: RegistrationData,
    by,
    attachments: list[UploadedFile] = (),
    at: datetime | None = None,
    extra_event_payload: dict | None = None,
    token: uuid.UUID | None = None,
) -> Petition:
    """登记: create the case with its people and files, number it, start its clock.

    `token` is the form's one-time token: a form submitted again (back button, double
    click, two at once) raises AlreadyRegistered with the case the first one made."""
    if not by.has_perm("petitions.register_petition"):
        raise ActionNotAllowed(_("Your role may not register petitions."))
    if by.unit_id is None:
        raise ActionNotAllowed(_("Your account has no unit; ask an administrator to set one."))
    at = at or timezone.now()
    try:
        return _register(
            data=data,
            by=by,
            attachments=attachments,
            at=at,
            extra_event_payload=extra_event_payload,
            token=token,
        )
    except IntegrityError:
        # A simultaneous submission of the same form committed first (the unique token
        # held this one until then); this one's transaction is rolled back whole.
        existing = Petition.objects.filter(submission_token=token).first() if token else None
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None


def _register(*, data, by, attachments, at, extra_event_payload, token) -> Petition:
    with transaction.atomic():
        if token is not None:
            existing = Petition.objects.filter(submission_token=token).first()
            if existing is not None:
                raise AlreadyRegistered(existing)
        petition = Petition(
            channel=data.channel,
            received_on=data.received_on,
            nature=data.nature,
            category=data.category,
            summary=data.summary,
            content=data.content,
            headcount=data.headcount,
            is_collective=is_collective_visit(data.channel, data.headcount),
            skip_level=data.skip_level,
            responsible_unit=data.responsible_unit,
            repeat_of=data.repeat_of,
            owning_leader=data.owning_leader,
            instruction_by=data.instruction_by,
            instruction_on=data.instruction_on,
            instruction_text=data.instruction_text,
            registered_unit=by.unit,
            registered_by=by,
            registered_at=at,
            query_code=new_query_code(),
            submission_token=token,
        )
        if data.channel == Channel.VISIT:
            petition.visit_at = data.visit_at or at
            petition.received_by = data.received_by or by
        people = [(petitioner_for(data=person, by=by), person) for person in data.petitioners]
        if len({person.pk for person, _d in people}) < len(people):
            raise PetitionError(_("The same person is entered twice."))
        if not any(len(phone_digits(entered.phone)) >= 4 for _p, entered in people):
            # No phone opens the public query: a 查询密码 does, printed on the receipt.
            # The caller shows `issued_check_code` once; only its hash is stored.
            petition.issued_check_code = new_check_code()
            petition.check_code_hash = hash_check_code(petition.issued_check_code)
        petition.recompute_due_dates(Holiday.objects.work_calendar())
        petition.number = next_number(data.received_on.year)
        petition.save()
        store_documents(
            petition,
            search=search_document(petition.number, petition.summary, petition.content),
            people=people_document(
                *(
                    value
                    for _p, entered in people
                    for value in (entered.name, entered.id_number, entered.phone)
                )
            ),
        )
        PetitionPetitioner.objects.bulk_create(
            PetitionPetitioner(
                petition=petition,
                petitioner=person,
                is_representative=person_data.is_representative,
                position=position,
                **{name: getattr(person_data, name) for name in PERSON_FIELDS},
            )
            for position, (person, person_data) in enumerate(people)
        )
        for upload in attachments:
            attachment_add(petition=petition, upload=upload, by=by, at=at)
        # The form is done: files it kept but the user removed go with it.
        _pending_delete(PendingUpload.objects.of_form(by, token))
        CaseEvent.objects.create(
            petition=petition,
            action="register",
            actor=by,
            at=at,
            to_state=petition.state,
            payload={"channel": petition.channel, **(extra_event_payload or {})},
        )
        # A unit's registration is announced to the office, which must route it; the
        # office's own registrations are already in its queue.
        with override(settings.LANGUAGE_CODE):
            notify(
                users_with_role(Role.OFFICE).exclude(unit_id=by.unit_id),
                kind=KIND_REGISTERED,
                text=_("New petition %(number)s registered by %(unit)s: %(summary)s")
                % {"number": petition.number, "unit": by.unit.name, "summary": petition.summary},
                url=petition.get_absolute_url(),
                subject=petition.number,
                due=petition.route_due,
            )
        transaction.on_commit(lambda: signals.petition_registered.send(Petition, petition=petition))
    return petition


def attachment_add(
    *, petition: Petition, upload: UploadedFile | PendingUpload, by, at=None
) -> Attachment:
    """Store a validated upload; its type follows from its extension, not the browser's claim.

    A file kept from the form's earlier submission (PendingUpload, the user's own) is
    taken over: the attachment points at its stored file and the kept row goes, in the
    caller's transaction. A kept file claimed meanwhile (the same form submitted twice at
    once) or removed stops the action."""
    if isinstance(upload, PendingUpload):
        taken, _count = PendingUpload.objects.filter(pk=upload.pk, user=by).delete()
        if not taken:
            raise PetitionError(
                _("The kept file “%(name)s” is no longer there; choose it again.")
                % {"name": upload.original_name}
            )
        return Attachment.objects.create(
            petition=petition,
            file=upload.file.name,
            original_name=upload.original_name,
            content_type=content_type_for(upload.file.name),
            size=upload.size,
            uploaded_by=by,
            uploaded_at=at or timezone.now(),
        )
    name_limit = Attachment._meta.get_field("original_name").max_length
    return Attachment.objects.create(
        petition=petition,
        file=upload,
        original_name=shortened_name(upload.name, name_limit),
        content_type=content_type_for(upload.name),
        size=upload.size,
        uploaded_by=by,
        uploaded_at=at or timezone.now(),
    )


# --- Files kept between submissions of a form -----------------------------------------------

# A kept file older than this is removed by the daily purge.
PENDING_UPLOAD_LIFETIME = timedelta(days=1)


def pending_uploads_update(
    *, user, token: uuid.UUID, add: Iterable[UploadedFile] = (), drop: Iterable[uuid.UUID] = ()
) -> list[PendingUpload]:
    """Keep a form's checked files for its next submission (the form came back with
    errors) and remove the kept files the user ticked; returns what the form now holds.

    Keyed by the form's one-time token and the user: nobody else's form finds them."""
    name_limit = PendingUpload._meta.get_field("original_name").max_length
    with transaction.atomic():
        _pending_delete(PendingUpload.objects.of_form(user, token).filter(key__in=list(drop)))
        for upload in add:
            PendingUpload.objects.create(
                user=user,
                form_token=token,
                file=upload,
                original_name=shortened_name(upload.name, name_limit),
                size=upload.size,
            )
    return list(PendingUpload.objects.of_form(user, token))


def pending_uploads_purge(*, now: datetime | None = None) -> int:
    """Remove kept files older than a day (forms abandoned); a day old exactly stays.
    Safe to run twice. Returns how many went."""
    cutoff = (now or timezone.now()) - PENDING_UPLOAD_LIFETIME
    with transaction.atomic():
        return _pending_delete(PendingUpload.objects.filter(uploaded_at__lt=cutoff))


def _pending_delete(queryset) -> int:
    """Delete kept-file rows, and their stored files once that is committed."""
    rows = list(queryset.select_for_update().only("pk", "file"))
    if not rows:
        return 0
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    names = [row.file.name for row in rows]
    storage = PendingUpload._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(rows)


# --- Transitions --------------------------------------------------------------------------


def stale_message(petition: Petition) -> str:
    # The last change written, whatever time it was back-dated to: changes to one
    # case are serialised by its row lock, so the newest event has the highest pk.
    last = petition.events.select_related("actor").order_by("-pk").first()
    if last is None:
        return _("This case was changed by someone else. Reload the page and try again.")
    return _(
        "This case was changed by %(actor)s at %(time)s. Reload the page to see the change, "
        "then try again."
    ) % {
        "actor": last.actor_name,
        "time": date_format(timezone.localtime(last.at), "Y-m-d H:i"),
    }


P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class _Change:
    """The one change a locked_case block makes, as run() or change() record it."""

    by: object
    payload: dict | Callable[[Petition], dict] | None
    check: Callable[[Petition], None] | None
    action: str = ""  # the transition's name, or the name of a plain change
    fields: dict | None = None  # the plain change's fields; None for a transition
    recompute: bool = False  # a plain change of an event date: recompute the clocks


@contextmanager
def locked_case(
    petition: Petition,
    *,
    by,
    version: int | None,
    at: datetime | None = None,
    comment: str = "",
    payload: dict | Callable[[Petition], dict] | None = None,
    check: Callable[[Petition], None] | None = None,
) -> Iterator[Petition]:
    """The current, locked row of `petition`, for one change by `by` at `at`.

    The transaction story: lock the row (select_for_update); refuse a stale page
    (`version` differs: StalePetition naming who changed it and when); the block
    makes one change, a transition through run() or plain fields through
    change(), both of which check the user first; then recompute the clocks
    (after a transition), bump the version, save (ConcurrentTransition becomes
    StalePetition), write the CaseEvent named after what ran, and send
    `petition_changed` after commit (after a transition).

    `check(locked)` is a rule on the current row that may raise PetitionError,
    asked after the user's permission; `payload` may be a function of the
    locked row, read just before the change.
    """
    at = at or timezone.now()
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        if version is not None and locked.version != version:
            raise StalePetition(stale_message(locked))
        locked._as_of = timezone.localtime(at).date()
        locked._change = change_ = _Change(by=by, payload=payload, check=check)
        from_state, from_extension = locked.state, locked.extension
        yield locked
        del locked._change
        if not change_.action:
            raise RuntimeError("locked_case: call a transition through run() or use change().")
        is_transition = change_.fields is None
        if not is_transition and (locked.state, locked.extension) != (from_state, from_extension):
            raise RuntimeError("locked_case: a transition ran outside run().")
        if is_transition or change_.recompute:
            locked.recompute_due_dates(Holiday.objects.work_calendar())
        locked.version += 1
        try:
            if is_transition:
                locked.save()
            else:
                due_fields = DUE_FIELDS if change_.recompute else ()
                locked.save(update_fields=[*change_.fields, *due_fields, "version"])
        except ConcurrentTransition as error:
            raise StalePetition(stale_message(locked)) from error
        CaseEvent.objects.create(
            petition=locked,
            action=change_.action,
            actor=by,
            at=at,
            from_state=from_state,
            to_state=locked.state,
            comment=comment,
            payload=change_.payload or {},
        )
        if is_transition:
            action = change_.action
            transaction.on_commit(
                lambda: signals.petition_changed.send(Petition, petition=locked, action=action)
            )


# The columns recompute_due_dates writes.
DUE_FIELDS = (
    "route_due",
    "acceptance_due",
    "objection_due",
    "handling_due",
    "review_window_end",
    "review_due",
    "rereview_window_end",
    "rereview_due",
    "current_due",
    "current_clock",
)


def _change_of(case: Petition) -> _Change:
    change_ = getattr(case, "_change", None)
    if change_ is None:
        raise RuntimeError("Only a row from locked_case() is changed.")
    if change_.action:
        raise RuntimeError(f"One change per locked_case(); {change_.action!r} ran already.")
    return change_


def _read_payload(change_: _Change, case: Petition) -> None:
    if callable(change_.payload):
        change_.payload = change_.payload(case)


def run(transition: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Call a transition of a locked_case row if the acting user may and the case can.

    `run(case.assign, unit=unit, due=due)`: the permission (has_transition_perm,
    unless the system acts), the state and conditions (can_proceed), then the
    block's `check` rule; each refusal is ActionNotAllowed (or the rule's
    PetitionError). The CaseEvent's action is the name of the method called.
    """
    case = transition.__self__
    change_ = _change_of(case)
    if change_.by is not None and not has_transition_perm(transition, change_.by):
        raise ActionNotAllowed(_("You may not do this on this case."))
    if not can_proceed(transition):
        raise ActionNotAllowed(_("This action is not possible in the case's current state."))
    if change_.check is not None:
        change_.check(case)
    _read_payload(change_, case)
    change_.action = transition.__name__
    return transition(*args, **kwargs)


def change(
    case: Petition,
    *,
    action: str,
    allowed: Callable[[Petition, object], bool],
    refusal: str,
    fields: dict,
    recompute: bool = False,
    payload: dict | None = None,
) -> None:
    """Set plain fields (no transition) of a locked_case row, recorded as `action`.

    `allowed(locked, by)` is the model's `may_*` rule, asked of the current row;
    `refusal` is the message when it says no. Then the block's `check` rule. The
    event's payload is the fields (objects by pk, dates in ISO form), or `payload`.
    `recompute`: the fields are event dates the clocks follow (service, hearing).
    """
    change_ = _change_of(case)
    if not allowed(case, change_.by):
        raise ActionNotAllowed(refusal)
    if change_.check is not None:
        change_.check(case)
    for name, value in fields.items():
        setattr(case, name, value)
    change_.action, change_.fields, change_.recompute = action, fields, recompute
    change_.payload = (
        payload
        if payload is not None
        else {
            name: value.isoformat() if isinstance(value, date) else getattr(value, "pk", value)
            for name, value in fields.items()
        }
    )


def petition_assign(
    *,
    petition,
    unit: Unit,
    due: date,
    by,
    version=None,
    comment="",
    at=None,
    instruction_by: str = "",
    instruction_on: date | None = None,
    instruction_text: str = "",
):
    """交办 to a unit with the office's due date; with a superior's instruction (批示件 /
    交办件: who, when, text) the reply must be signed off by the unit's main leader."""
    instruction = None
    if instruction_text.strip():
        if not instruction_by.strip() or instruction_on is None:
            raise PetitionError(_("An instruction needs who gave it and when."))
        instruction = {"by": instruction_by, "on": instruction_on, "text": instruction_text}
    if not unit.is_active:
        raise PetitionError(_("%(unit)s is inactive and takes no new cases.") % {"unit": unit})
    with transaction.atomic():
        with locked_case(
            petition,
            by=by,
            version=version,
            at=at,
            comment=comment,
            payload={"unit": unit.pk, "unit_name": unit.name, "due": due.isoformat()},
        ) as case:
            run(case.assign, unit=unit, due=due, instruction=instruction)
        with override(settings.LANGUAGE_CODE):
            notify(
                get_user_model().objects.unit_staff(unit),
                kind=KIND_ASSIGNED,
                text=_("%(number)s was assigned to %(unit)s, report due %(due)s: %(summary)s")
                % {
                    "number": case.number,
                    "unit": unit.name,
                    "due": due.isoformat(),
                    "summary": case.summary,
                },
                url=case.get_absolute_url(),
                subject=case.number,
                due=due,
            )
    return case


def hand_on(case: Petition, *, by, waits) -> None:
    """Tell the case's new holders (Petition.holders) what waits for them, never the
    actor; called inside the transition's atomic block. `waits` is a lazy string: it is
    worded here, in the site's language, whatever the acting request's language."""
    with override(settings.LANGUAGE_CODE):
        notify(
            [user for user in case.holders() if user.pk != by.pk],
            kind=KIND_HANDOFF,
            text=_("%(number)s waits for you: %(waits)s")
            % {"number": case.number, "waits": str(waits)},
            url=case.get_absolute_url(),
            subject=case.number,
            due=case.current_due,
        )


def petition_accept(*, petition, by, version=None, comment="", at=None):
    """受理: the office handles the case itself, as the user's unit."""
    with locked_case(petition, by=by, version=version, at=at, comment=comment) as case:
        run(case.accept, unit=by.unit)
    return case


def petition_transfer(*, petition, organ: str, note: str, by, version=None, at=None):
    """转送 to an organ outside the system."""
    with locked_case(
        petition, by=by, version=version, at=at, comment=note, payload={"organ": organ}
    ) as case:
        run(case.transfer, organ=organ, note=note)
    return case


def petition_redirect(*, petition, route: str, note: str, by, version=None, at=None):
    """导入 a legal procedure (XG 31)."""
    with locked_case(
        petition, by=by, version=version, at=at, comment=note, payload={"route": route}
    ) as case:
        run(case.redirect, route=route, note=note)
    return case


def petition_reject(*, petition, reason: str, note: str, by, version=None, at=None):
    """不予受理 with its reason."""
    with locked_case(
        petition, by=by, version=version, at=at, comment=note, payload={"reason": reason}
    ) as case:
        run(case.reject, reason=reason, note=note)
    return case


def petition_receive(*, petition, by, version=None, comment="", at=None):
    """签收: the assigned unit accepts the case (受理); who receives it is its 承办人 until
    the unit's leader names another (petition_set_handler)."""
    with locked_case(petition, by=by, version=version, at=at, comment=comment) as case:
        run(case.receive, handler=by)
    return case


def petition_set_handler(*, petition, handler, by, version=None, comment="", at=None):
    """承办人: the unit's leader (or the office) names who in the unit handles the case."""

    def in_the_unit(locked):
        unit = locked.responsible_unit
        if not (
            handler.is_active
            and handler.unit_id
            and unit.contains(handler.unit)
            and handler.has_perm("petitions.handle_petition")
        ):
            raise PetitionError(
                _("%(name)s is not a handler of %(unit)s.")
                % {"name": handler.get_full_name(), "unit": unit.name}
            )

    with transaction.atomic():
        with locked_case(
            petition, by=by, version=version, at=at, comment=comment, check=in_the_unit
        ) as case:
            change(
                case,
                action="set_handler",
                allowed=Petition.may_set_handler,
                refusal=_("Only the unit's leader names the case handler, while a case is open."),
                fields={"handler": handler},
            )
        if handler.pk != by.pk:
            with override(settings.LANGUAGE_CODE):
                notify(
                    [handler],
                    kind=KIND_HANDOFF,
                    text=_("%(number)s waits for you: %(waits)s")
                    % {"number": case.number, "waits": _("you are named its handler")},
                    url=case.get_absolute_url(),
                    subject=case.number,
                    due=case.current_due,
                )
    return case


def petition_object(*, petition, reason: str, by, version=None, at=None):
    """退回 a wrongly assigned case to the office."""
    with transaction.atomic():
        with locked_case(
            petition,
            by=by,
            version=version,
            at=at,
            comment=reason,
            payload={"unit": petition.responsible_unit_id},
        ) as case:
            run(case.object, reason=reason)
        hand_on(
            case,
            by=by,
            waits=gettext_lazy("a case returned by the unit it was assigned to, to route again"),
        )
    return case


def petition_submit_report(
    *,
    petition,
    report: str,
    opinion: str,
    text: str,
    basis: str,
    by,
    version=None,
    at=None,
    attachments: Iterable[UploadedFile | PendingUpload] = (),
):
    """办结报告 and draft 处理意见书 for the unit leader's sign-off, with the report's
    files (new or kept from the form's earlier submission) added to the case."""
    with transaction.atomic():
        with locked_case(
            petition,
            by=by,
            version=version,
            at=at,
            payload={"report": report, "opinion": opinion, "text": text, "basis": basis},
        ) as case:
            run(case.submit_report, report=report, opinion=opinion, text=text, basis=basis)
            for upload in attachments:
                attachment_add(petition=case, upload=upload, by=by, at=at)
        hand_on(case, by=by, waits=gettext_lazy("a handling report to sign off"))
    return case


def petition_sign_off(*, petition, by, version=None, comment="", at=None):
    """签发 by the unit's leader."""
    with transaction.atomic():
        with locked_case(petition, by=by, version=version, at=at, comment=comment) as case:
            run(case.sign_off)
        hand_on(case, by=by, waits=gettext_lazy("a signed report to review"))
    return case


def petition_send_back(*, petition, reason: str, by, version=None, at=None):
    """重新办理: back to the handler, by the leader or the office."""
    with transaction.atomic():
        with locked_case(petition, by=by, version=version, at=at, comment=reason) as case:
            run(case.send_back, reason=reason)
        hand_on(case, by=by, waits=gettext_lazy("a report sent back to be handled again"))
    return case


def petition_approve(*, petition, by, version=None, comment="", at=None):
    """The office approves an assigned case's report: the reply is served."""
    with locked_case(petition, by=by, version=version, at=at, comment=comment) as case:
        run(case.approve)
    return case


def petition_request_extension(*, petition, days: int, reason: str, by, version=None, at=None):
    maximum = settings.PETITION_CLOCK_DAYS["extension_max"]
    if not 1 <= days <= maximum:
        raise PetitionError(
            _("An extension is between 1 and %(max)d days (XG 34).") % {"max": maximum}
        )
    with transaction.atomic():
        with locked_case(
            petition, by=by, version=version, at=at, comment=reason, payload={"days": days}
        ) as case:
            run(case.request_extension, days=days, reason=reason)
        hand_on(case, by=by, waits=gettext_lazy("an extension request to decide"))
    return case


def petition_approve_extension(*, petition, by, version=None, comment="", at=None):
    with transaction.atomic():
        with locked_case(
            petition,
            by=by,
            version=version,
            at=at,
            comment=comment,
            # The due date before the extension, for the extension letter (letters.py).
            payload=lambda locked: {
                "days": locked.extension_days,
                "due_before": locked.handling_due.isoformat() if locked.handling_due else None,
            },
        ) as case:
            run(case.approve_extension)
        hand_on(case, by=by, waits=gettext_lazy("handling, with the extension approved"))
    return case


def petition_refuse_extension(*, petition, reason: str, by, version=None, at=None):
    with transaction.atomic():
        with locked_case(petition, by=by, version=version, at=at, comment=reason) as case:
            run(case.refuse_extension, reason=reason)
        hand_on(case, by=by, waits=gettext_lazy("handling, the extension refused"))
    return case


def _check_deciding_organ(locked: Petition, organ: str) -> None:
    """The unit one level above the previous organ decides, or, when that level is
    outside the system, the organ the office names (XG 35, 36)."""
    above = locked.next_review_unit()
    if above is not None and organ.strip():
        raise PetitionError(
            _("The level above is %(unit)s, in the system: it decides, not an outside organ.")
            % {"unit": above.name}
        )
    if above is None and not organ.strip():
        raise PetitionError(
            _("The level above is outside the system: name the organ that decides.")
        )


def _review_request_payload(locked, received_on, unit, organ, reason=""):
    payload = {
        "stage": locked.next_review_stage,
        "received_on": received_on.isoformat(),
        "unit": unit.pk if unit else None,
        "organ": organ,
    }
    if reason:
        payload["reason"] = reason
    return payload


def _accept_request(
    *, petition, stage: str, received_on, organ: str, by, version, comment, at
) -> Petition:
    today = timezone.localtime(at).date() if at else timezone.localdate()
    received_on = received_on or today

    def may_accept(locked):
        if received_on > locked.today:
            raise PetitionError(_("A request cannot be received in the future."))
        refusal = locked.review_request_refusal(received_on)
        if refusal:
            raise ActionNotAllowed(
                _("This request cannot be accepted: %(reason)s. Refuse it with that reason.")
                % {"reason": RequestRefusal(refusal).label}
            )
        _check_deciding_organ(locked, organ)

    with transaction.atomic():
        with locked_case(
            petition, by=by, version=version, at=at, comment=comment, check=may_accept
        ) as case:
            unit = case.next_review_unit()
            named = "" if unit is not None else organ.strip()
            case._change.payload = _review_request_payload(case, received_on, unit, named)
            review = stage == ReviewStage.REVIEW
            transition = case.request_review if review else case.request_rereview
            run(transition, received_on=received_on, unit=unit, organ=named)
            ReviewRequest.objects.create(
                petition=case,
                stage=stage,
                received_on=received_on,
                accepted=True,
                unit=unit,
                organ=named,
                note=comment,
                decided_by=by,
                decided_on=case.today,
            )
        hand_on(
            case,
            by=by,
            waits=gettext_lazy("a review to decide")
            if review
            else gettext_lazy("a re-review to decide"),
        )
    return case


def petition_request_review(
    *,
    petition,
    by,
    received_on: date | None = None,
    organ: str = "",
    version=None,
    comment="",
    at=None,
):
    """Accept the petitioner's request for 复查 received on `received_on` (default: the
    day of the action): decided by the level above the replying unit, or by the outside
    organ the office names; its clock starts. A late request, one on a matter that is not
    an appeal or already final, is refused instead (petition_refuse_review_request)."""
    return _accept_request(
        petition=petition,
        stage=ReviewStage.REVIEW,
        received_on=received_on,
        organ=organ,
        by=by,
        version=version,
        comment=comment,
        at=at,
    )


def petition_request_rereview(
    *,
    petition,
    by,
    received_on: date | None = None,
    organ: str = "",
    version=None,
    comment="",
    at=None,
):
    """Accept a request for 复核: decided by the level above the reviewing unit."""
    return _accept_request(
        petition=petition,
        stage=ReviewStage.REREVIEW,
        received_on=received_on,
        organ=organ,
        by=by,
        version=version,
        comment=comment,
        at=at,
    )


def petition_refuse_review_request(
    *, petition, received_on: date, reason: str, note: str = "", by, version=None, at=None
):
    """不予受理 a 复查/复核 request, with its reason: the one the case's dates and state
    give (late, not an appeal, already final), or that it is not the petitioner's. The
    case does not move; the ReviewRequest row is the letter's data."""
    reason = RequestRefusal(reason)

    def reason_holds(locked):
        if received_on > locked.today:
            raise PetitionError(_("A request cannot be received in the future."))
        actual = locked.review_request_refusal(received_on)
        if reason != RequestRefusal.NOT_PETITIONER and reason != actual:
            raise PetitionError(
                _("That reason does not apply to this request; the case gives: %(reason)s.")
                % {"reason": RequestRefusal(actual).label if actual else _("none, accept it")}
            )

    with locked_case(
        petition, by=by, version=version, at=at, comment=note, check=reason_holds
    ) as case:
        stage = case.next_review_stage
        unit = case.next_review_unit()
        change(
            case,
            action="refuse_review_request",
            allowed=Petition.may_refuse_review_request,
            refusal=_("Only the organ that would decide the request, or the office, refuses it."),
            fields={},
            payload=_review_request_payload(case, received_on, unit, "", reason),
        )
        ReviewRequest.objects.create(
            petition=case,
            stage=stage,
            received_on=received_on,
            accepted=False,
            refusal_reason=reason,
            unit=unit,
            note=note,
            decided_by=by,
            decided_on=case.today,
        )
    return case


def petition_issue_review(*, petition, result: str, text: str, by, version=None, at=None):
    """复查意见 by the reviewing organ (or, for an outside organ, recorded by the office)."""
    with locked_case(
        petition, by=by, version=version, at=at, payload={"result": result, "text": text}
    ) as case:
        run(case.issue_review, result=result, text=text)
    return case


def petition_issue_rereview(*, petition, result: str, text: str, by, version=None, at=None):
    """复核意见: final (XG 36 ¶3)."""
    with locked_case(
        petition, by=by, version=version, at=at, payload={"result": result, "text": text}
    ) as case:
        run(case.issue_rereview, result=result, text=text)
    return case


# Which served date each opinion's service sets, and the date the letter was issued.
SERVED_FIELD = {
    ServiceKind.REPLY: ("reply_served_on", "replied_on"),
    ServiceKind.REVIEW: ("review_served_on", "reviewed_on"),
    ServiceKind.REREVIEW: ("rereview_served_on", "rereviewed_on"),
}


def petition_record_service(
    *,
    petition,
    kind: str,
    method: str,
    served_on: date,
    posted_on: date | None = None,
    letter: str = "",
    note: str = "",
    by,
    version=None,
    at=None,
) -> ServiceRecord:
    """送达: record how and when a letter reached the petitioner. The first service of an
    opinion starts the window to ask for the next stage (XG 35, 36)."""
    kind = ServiceKind(kind)
    fields: dict = {}

    def servable(locked):
        if served_on > locked.today:
            raise PetitionError(_("A letter cannot be served in the future."))
        if posted_on is not None and posted_on > served_on:
            raise PetitionError(_("A letter is received after it was posted."))
        if kind in SERVED_FIELD:
            served_field, issued_field = SERVED_FIELD[kind]
            issued = getattr(locked, issued_field)
            if issued is None:
                raise PetitionError(_("That opinion has not been issued."))
            if getattr(locked, served_field) is not None:
                raise PetitionError(
                    _("That opinion was served on %(date)s already.")
                    % {"date": getattr(locked, served_field).isoformat()}
                )
            if served_on < issued:
                raise PetitionError(
                    _("A letter is served on or after the day it was issued (%(date)s).")
                    % {"date": issued.isoformat()}
                )
            fields[served_field] = served_on

    payload = {
        "kind": kind.value,
        "method": method,
        "served_on": served_on.isoformat(),
        "posted_on": posted_on.isoformat() if posted_on else None,
    }
    with locked_case(petition, by=by, version=version, at=at, comment=note, check=servable) as case:
        change(
            case,
            action="record_service",
            allowed=Petition.may_record_service,
            refusal=_("You may not record the service of this case's letters."),
            fields=fields,
            recompute=kind in SERVED_FIELD,
            payload=payload,
        )
        record = ServiceRecord.objects.create(
            petition=case,
            kind=kind,
            letter=letter,
            method=method,
            posted_on=posted_on if method == "post" else None,
            served_on=served_on,
            note=note,
            recorded_by=by,
            recorded_at=at or timezone.now(),
        )
    return record


def petition_record_hearing(
    *,
    petition,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
    by,
    version=None,
    at=None,
):
    """听证 (XG 36 ¶2) held by the re-reviewing organ: its days, both ends counted, are
    added to the re-review due date; while it runs the clock has no due date."""

    def plausible(locked):
        if started_on < locked.rereview_requested_on:
            raise PetitionError(_("A hearing starts after the request for re-review."))
        if ended_on is not None and ended_on < started_on:
            raise PetitionError(_("A hearing ends on or after the day it starts."))
        if max(started_on, ended_on or started_on) > locked.today:
            raise PetitionError(_("Record a hearing once it has started or ended."))

    with locked_case(
        petition, by=by, version=version, at=at, comment=note, check=plausible
    ) as case:
        change(
            case,
            action="record_hearing",
            allowed=Petition.may_record_hearing,
            refusal=_("Only the re-reviewing organ records a hearing, during the re-review."),
            fields={"hearing_started_on": started_on, "hearing_ended_on": ended_on},
            recompute=True,
        )
    return case


def petition_close(
    *,
    petition,
    reason: str,
    by,
    version=None,
    comment="",
    at=None,
    statement: str = "",
    statement_upload: UploadedFile | PendingUpload | None = None,
):
    """办结: `by=None` when the system closes an expired review window.

    The petitioner's right to ask for review is not cut short (XG 35, 36): until the
    window is over (or while it has not started, the opinion not yet served) a case is
    closed only on the petitioner's written statement (满意/撤回/调解协议), whose
    document is attached to the case.
    """

    def may_close_now(locked):
        replied = locked.state == Petition.State.REPLIED
        window_end = locked.review_window_end if replied else locked.rereview_window_end
        window_over = window_end is not None and locked.today > window_end
        if reason == CloseReason.WINDOW_EXPIRED:
            if window_end is None:
                raise PetitionError(
                    _("The opinion has not been served: the review window has not started.")
                )
            if not window_over:
                raise PetitionError(
                    _("The petitioner may still ask for review until %(date)s.")
                    % {"date": window_end.isoformat()}
                )
            return
        if window_over:
            return
        if not statement or statement_upload is None:
            raise PetitionError(
                _(
                    "The petitioner may still ask for review (until %(date)s): close now only "
                    "with their written statement (satisfaction, withdrawal or a mediation "
                    "agreement) attached, or wait for the window to end."
                )
                % {"date": window_end.isoformat() if window_end else _("30 days after service")}
            )
        if (reason == CloseReason.MEDIATION) != (statement == Statement.MEDIATION):
            raise PetitionError(
                _(
                    "A mediation closure needs the mediation agreement; a satisfied one, the "
                    "petitioner's statement of satisfaction or withdrawal."
                )
            )

    with locked_case(
        petition,
        by=by,
        version=version,
        at=at,
        comment=comment,
        payload={"reason": reason, **({"statement": statement} if statement else {})},
        check=may_close_now,
    ) as case:
        run(case.close, reason=reason, statement=statement)
        if statement and statement_upload is not None:
            # The statement's document, on the case's file (saved with the case).
            case.close_statement_file = attachment_add(
                petition=case, upload=statement_upload, by=by, at=at
            )
    return case


# --- Changes that are not transitions -------------------------------------------------


def petition_set_flags(
    *, petition, is_key_case: bool, is_backlog: bool, by, version=None, comment="", at=None
):
    with locked_case(petition, by=by, version=version, at=at, comment=comment) as case:
        change(
            case,
            action="set_flags",
            allowed=Petition.may_set_flags,
            refusal=_(
                "Only the petition office marks key and backlog cases, while a case is open."
            ),
            fields={"is_key_case": is_key_case, "is_backlog": is_backlog},
        )
    return case


def petition_set_owning_leader(*, petition, leader, by, version=None, comment="", at=None):
    """包案: a leader takes ownership of the case to its end."""
    with locked_case(petition, by=by, version=version, at=at, comment=comment) as case:
        change(
            case,
            action="set_owning_leader",
            allowed=Petition.may_set_owning_leader,
            refusal=_(
                "Only the office or the unit's leader sets the owning leader, while a case is open."
            ),
            fields={"owning_leader": leader},
        )
    return case


def petition_issue_check_code(*, petition, by, at=None) -> str:
    """A new 查询密码 for a case no phone opens (the petitioner lost the receipt, or the
    case was registered where no receipt was printed): lock the row, ask
    may_issue_check_code, store the new code's hash (the old code stops working),
    write the event (without the code). Returns the code, to be shown once."""
    code = new_check_code()
    with locked_case(petition, by=by, version=None, at=at) as case:
        change(
            case,
            action="issue_check_code",
            allowed=Petition.may_issue_check_code,
            refusal=_("You may not issue a check code for this case."),
            fields={"check_code_hash": hash_check_code(code)},
            payload={},
        )
    return code


def _may_record_rating(locked: Petition, by) -> bool:
    if locked.replied_on is None:
        # The user's rule says no too; this message says why.
        raise ActionNotAllowed(_("A case is rated after its reply."))
    return locked.may_record_rating(by)


def petition_record_rating(
    *, petition, office_rating: str, unit_rating: str, by, version=None, at=None
):
    """The petitioner's satisfaction, rated separately for the office and the unit."""
    today = timezone.localtime(at).date() if at else timezone.localdate()
    with locked_case(petition, by=by, version=version, at=at) as case:
        change(
            case,
            action="record_rating",
            allowed=_may_record_rating,
            refusal=_("Only the petition office records ratings."),
            fields={"office_rating": office_rating, "unit_rating": unit_rating, "rated_on": today},
        )
    return case


def identity_reveal(*, petition: Petition, by, purpose: str) -> None:
    """Log that `by` is shown the full identity numbers and phones of the case."""
    if not petition.may_reveal_contact(by):
        raise ActionNotAllowed(_("You may not see this petitioner's full identity."))
    IdentityAccessLog.objects.create(user=by, petition=petition, purpose=purpose)


# --- Reads used by registration ------------------------------------------------------------


def identity_lookup_log(*, by, petition_ids: Iterable[int], purpose: str) -> int:
    """Log that `by` found these 检举控告 cases by a person; one row per case.

    A lookup by name, identity number or phone tells who filed a case; for a
    confidential case that is the protected identity (DESIGN.md §2), so it is
    logged like a reveal. Callers pass the confidential cases only
    (confidential_ids). Returns the number of rows written.
    """
    at = timezone.now()
    rows = [
        IdentityAccessLog(user=by, petition_id=pk, at=at, purpose=purpose)
        for pk in sorted(set(petition_ids))
    ]
    IdentityAccessLog.objects.bulk_create(rows)
    return len(rows)


def confidential_ids(petitions: Iterable[Petition]) -> list[int]:
    return [petition.pk for petition in petitions if petition.is_confidential]


def person_q(*, id_numbers=(), phones=(), prefix: str = "") -> Q | None:
    """People registered with any of these identity numbers or phones (on the case)."""
    id_numbers = sorted({normalize_id_number(n) for n in id_numbers if n and n.strip()})
    phones = sorted({p.strip() for p in phones if p and p.strip()})
    if not id_numbers and not phones:
        return None
    condition = Q()
    if id_numbers:
        condition |= Q(**{f"{prefix}id_number__in": id_numbers})
    if phones:
        condition |= Q(**{f"{prefix}phone__in": phones})
    return condition


def earlier_petitions(*, user, id_numbers=(), phones=(), today: date | None = None):
    """Petitions of the same people in the look-back period that the user may find by
    person (PetitionQuerySet.findable_by_person): never a 检举控告 case whose accuser
    the user may not know."""
    people = person_q(id_numbers=id_numbers, phones=phones, prefix="links__")
    if people is None:
        return Petition.objects.none()
    today = today or timezone.localdate()
    since = today.toordinal() - settings.REPEAT_LOOKBACK_DAYS
    return (
        Petition.objects.findable_by_person(user)
        .filter(people, received_on__gte=date.fromordinal(since))
        .select_related("responsible_unit", "category")
        .distinct()
        .order_by("-received_on")
    )


@dataclass(frozen=True)
class EarlierPerson:
    """A person of an earlier case the user may see, offered as "the same person"."""

    link: PetitionPetitioner
    matched_by: str  # "id_number" or "phone"

    @property
    def petition(self) -> Petition:
        return self.link.petition


@dataclass(frozen=True)
class NameMismatch:
    """The name typed for an identity number differs from one registered with it."""

    typed: str
    recorded: str
    petition: Petition


@dataclass
class PersonCheck:
    """What the registration form learns about one person row, for this user."""

    index: int
    name: str
    candidates: list[EarlierPerson] = field(default_factory=list)
    mismatches: list[NameMismatch] = field(default_factory=list)


def people_check(*, user, people: list[PetitionerData], exclude=None) -> list[PersonCheck]:
    """Earlier people matching each row, among cases the user may find by person.

    A row with an identity number is that number's person (linked without a
    choice); it gets a warning when the typed name differs from a name it was
    registered under. A row without one may be marked as the same person as an
    earlier case's person matched by phone. Nothing is said of cases the user may
    not find by person. One query.
    """
    condition = person_q(id_numbers=[p.id_number for p in people], phones=[p.phone for p in people])
    if condition is None:
        return [PersonCheck(index, p.name) for index, p in enumerate(people)]
    links = person_links_findable_by(user).filter(condition)
    if exclude is not None:
        links = links.exclude(petition=exclude)
    links = list(links.select_related("petition").order_by("-petition__received_on", "pk")[:50])
    checks = []
    for index, person in enumerate(people):
        check = PersonCheck(index, person.name)
        number = normalize_id_number(person.id_number or "")
        phone = (person.phone or "").strip()
        for link in links:
            if number and link.id_number == number:
                if person.name and link.name != person.name:
                    check.mismatches.append(NameMismatch(person.name, link.name, link.petition))
            elif not number and phone and link.phone == phone:
                check.candidates.append(EarlierPerson(link, "phone"))
        checks.append(check)
    return checks


def petition_set_listing(
    *,
    petition,
    is_listed: bool,
    due: date | None = None,
    reason: str = "",
    by,
    version=None,
    at=None,
):
    """挂牌督办: the office lists the case with its own due date, or lifts the listing."""
    if is_listed and due is None:
        raise PetitionError(_("A listed case needs its own due date."))
    fields = {
        "is_listed": is_listed,
        "listed_due": due if is_listed else None,
        "listed_reason": reason if is_listed else "",
    }
    with transaction.atomic():
        with locked_case(petition, by=by, version=version, at=at, comment=reason) as case:
            change(
                case,
                action="set_listing",
                allowed=Petition.may_list,
                refusal=_("Only the petition office lists open cases for supervision."),
                fields=fields,
            )
        if is_listed and case.responsible_unit_id:
            with override(settings.LANGUAGE_CODE):
                notify(
                    [
                        *get_user_model().objects.unit_staff(case.responsible_unit),
                        case.owning_leader,
                    ],
                    kind=KIND_LISTED,
                    text=_("%(number)s is listed for supervision, due %(due)s: %(reason)s")
                    % {"number": case.number, "due": due.isoformat(), "reason": reason},
                    url=case.get_absolute_url(),
                    subject=case.number,
                    due=due,
                )
    return case


# --- The daily run's changes ---------------------------------------------------------------


def system_time(today: date) -> datetime:
    """When the system acted on `today`: now, or 07:00 of a day run as of the past."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time(7, 0)))


# The columns closing may change (the transition's own and the due dates it recomputes).
CLOSING_FIELDS = (
    "state",
    "close_reason",
    "closed_on",
    "route_due",
    "acceptance_due",
    "objection_due",
    "handling_due",
    "review_window_end",
    "review_due",
    "rereview_window_end",
    "rereview_due",
    "current_due",
    "current_clock",
)
# What closing a case reads besides CLOSING_FIELDS: the transition's source state and
# the dates recompute_due_dates derives every due date from. Loading only these (not the
# case's ninety columns) halves the time of building each case; a field missing here
# would cost a query per case, which tests/petitions/test_review_integrity.py counts.
CLOSING_READS = (
    "received_on",
    "assigned_on",
    "accepted_on",
    "assigned_due",
    "extension",
    "extension_days",
    "reply_served_on",
    "review_requested_on",
    "review_served_on",
    "rereview_requested_on",
    "hearing_started_on",
    "hearing_ended_on",
)
CLOSING_CHUNK = 1000
CLOSING_WORKERS = 2


def petitions_close_expired_windows(*, today: date | None = None) -> list[int]:
    """Close every replied or reviewed case whose review window is over, by the system;
    returns the ids of the cases closed.

    Each case goes through the FSM `close` transition and gets its event. A thousand
    cases at a time, each chunk its own transaction (bounded memory and locks, however
    many are due after an import or a long stop); cases someone is changing right now
    are skipped until the next run.
    """
    today = today or timezone.localdate()
    at = system_time(today)
    State = Petition.State
    calendar = Holiday.objects.work_calendar()
    due = Petition.objects.filter(
        Q(state=State.REPLIED, review_window_end__lt=today)
        | Q(state=State.REVIEWED, rereview_window_end__lt=today)
    ).only(*CLOSING_FIELDS, *CLOSING_READS)
    # The ids first, from the windows' indexes (walking the primary key in order to take
    # a thousand would read the whole table on a day when none is due).
    ids = sorted(due.order_by().values_list("pk", flat=True))

    def close(chunk_ids: list[int]) -> list[int]:
        with transaction.atomic():
            chunk = list(
                due.select_for_update(skip_locked=True, of=("self",))
                .filter(pk__in=chunk_ids)
                .order_by("pk")
            )
            return _close_expired(chunk, today=today, at=at, calendar=calendar)

    chunks = [ids[start : start + CLOSING_CHUNK] for start in range(0, len(ids), CLOSING_CHUNK)]
    # Two at a time: one chunk's transitions are built while another's UPDATE runs.
    closed = run_pieces(close, chunks, workers=CLOSING_WORKERS)
    return [pk for chunk in closed for pk in chunk]


def _close_expired(chunk: list[Petition], *, today: date, at: datetime, calendar) -> list[int]:
    """Close the chunk's cases in memory, then write them with one UPDATE per set of new
    values (most share all of them), not a CASE per row and column."""
    updates, events, closed = defaultdict(list), [], []
    for petition in chunk:
        petition._as_of = today
        if not can_proceed(petition.close):
            continue
        before = {name: getattr(petition, name) for name in CLOSING_FIELDS}
        from_state = petition.state
        petition.close(reason=CloseReason.WINDOW_EXPIRED)
        petition.recompute_due_dates(calendar)
        changed = tuple(
            (name, getattr(petition, name))
            for name in CLOSING_FIELDS
            if getattr(petition, name) != before[name]
        )
        updates[changed].append(petition.pk)
        closed.append(petition)
        events.append(
            CaseEvent(
                petition_id=petition.pk,
                action="close",
                actor=None,
                at=at,
                from_state=from_state,
                to_state=petition.state,
                payload={"reason": CloseReason.WINDOW_EXPIRED, "system": True},
            )
        )
    for changed, ids in updates.items():
        Petition.objects.filter(pk__in=ids).update(**dict(changed), version=F("version") + 1)
    insert_all(events)
    for petition in closed:
        transaction.on_commit(
            lambda petition=petition: signals.petition_changed.send(
                Petition, petition=petition, action="close"
            )
        )
    return [petition.pk for petition in closed]


# --- What other apps log on the case -------------------------------------------------------


def petition_record_event(
    *, petition: Petition, action: str, by, at: datetime, comment: str = "", payload=None
) -> CaseEvent:
    """An event on the case that changes no field of it (e.g. a supervision notice issued
    or answered), written in the caller's transaction."""
    return CaseEvent.objects.create(
        petition=petition,
        action=action,
        actor=by,
        at=at,
        from_state=petition.state,
        to_state=petition.state,
        comment=comment,
        payload=payload or {},
    )
