"""Forms of the petitions app: registration, one small form per action and the public
progress query."""

import re
import unicodedata
import uuid
from dataclasses import fields
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.dates import MAX_HEADCOUNT, bound_date_fields
from organization.forms import BootstrapForm, ModelChoiceField, TreeChoiceField
from organization.models import Unit
from organization.roles import Role
from organization.scope import visible_units

from .identity import normalize_id_number, validate_id_number
from .models import (
    VISIT_CHANNELS,
    Category,
    Channel,
    CloseReason,
    Holiday,
    Nature,
    Opinion,
    PendingUpload,
    Petition,
    Rating,
    RedirectRoute,
    RejectionReason,
    Relation,
    RequestRefusal,
    ReviewResult,
    ServiceKind,
    ServiceMethod,
    SkipLevel,
    Statement,
    office_staff_rights,
)
from .progress import QUERY_CODE, normalize_query_code
from .services import PetitionerData, RegistrationData, pending_uploads_update
from .validators import check_attachments

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$",
    _("Enter a mobile number (11 digits) or a landline such as 0561-3012345."),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


# A unit and a category are chosen the same way: from their tree, indented.
UnitChoiceField = CategoryChoiceField = TreeChoiceField


def selectable_units(user):
    """Active units the user may see, in tree order."""
    return visible_units(user).filter(is_active=True).order_by("path")


def routing_units(user):
    """The units a case may be assigned to by this user: those they may see; every active
    unit for the office's own staff, who route for the office (office_staff_rights)."""
    if "petitions.route_petition" in office_staff_rights(user):
        return Unit.objects.filter(is_active=True).order_by("path")
    return selectable_units(user)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is named by check_attachments, with the others.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """The chosen files; each is checked by the form (check_attachments), so that
        every bad one is named and the good ones can be kept."""
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class KeptUploads:
    """The files a form keeps between its submissions (PendingUpload), keyed by the
    form's one-time token and the user: a form that comes back with errors keeps its
    checked files, lists them with a "remove" box, and attaches them when it succeeds.

    `drop_field` names the remove boxes in the submitted data."""

    def __init__(self, user, token, data=None, *, drop_field: str):
        self.user, self.token, self.drop_field = user, token, drop_field
        held = list(PendingUpload.objects.of_form(user, token))
        ticked = set(data.getlist(drop_field)) if data is not None else set()
        self.dropped = [upload.key for upload in held if str(upload.key) in ticked]
        self.files = [upload for upload in held if upload.key not in self.dropped]

    @property
    def active(self) -> bool:
        """Whether chosen files can be kept (the submitted form carried its token)."""
        return self.token is not None

    def keep(self, new, *, replace: bool = False) -> None:
        """The form comes back: keep its checked `new` files (instead of the kept ones if
        `replace`, for a one-file field) and remove those ticked."""
        if not self.active:
            return
        drop = [*self.dropped, *(upload.key for upload in self.files if replace and new)]
        self.files = pending_uploads_update(user=self.user, token=self.token, add=new, drop=drop)
        self.dropped = []

    def forget(self) -> None:
        """The form succeeded: kept files it did not take (ticked to remove) go."""
        if self.active:
            pending_uploads_update(
                user=self.user,
                token=self.token,
                drop=[u.key for u in PendingUpload.objects.of_form(self.user, self.token)],
            )


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


# --- Registration -------------------------------------------------------------------


class RegistrationForm(BootstrapForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.LETTER)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    nature = forms.ChoiceField(
        label=_("Nature"), choices=Nature.choices, widget=forms.RadioSelect, initial=Nature.APPEAL
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        error_messages={
            "required": _("Choose the category of the matter."),
            "invalid_choice": _("That category is no longer in use; choose another."),
        },
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=200,
        help_text=_("One line a leader can read at a glance, e.g. 反映拖欠三个月工资."),
    )
    content = forms.CharField(
        label=_("Request, facts and reasons"), widget=forms.Textarea(attrs={"rows": 5})
    )
    headcount = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=MAX_HEADCOUNT,
        initial=1,
        error_messages={
            "min_value": _("At least one person brings a petition."),
            "max_value": _("Enter the real number of people (at most %(limit_value)s)."),
        },
    )
    skip_level = forms.ChoiceField(
        label=_("Skip-level visit"),
        choices=[("", _("No")), *SkipLevel.choices],
        required=False,
    )
    responsible_unit = UnitChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("The unit the matter concerns; it can still be changed when assigning."),
    )
    repeat_of = ModelChoiceField(
        label=_("Repeat of"),
        queryset=Petition.objects.none(),
        to_field_name="number",
        required=False,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    # One-time token of this form (a new one each time the empty form is shown): a second
    # submission of it finds the case already registered instead of making another.
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # 批示件: a superior's instruction received with the petition (optional).
    instruction_by = forms.CharField(
        label=_("Instruction by"),
        max_length=100,
        required=False,
        help_text=_("A superior's written instruction (批示) on this petition: who gave it."),
    )
    instruction_on = forms.DateField(
        label=_("Instruction date"), widget=DateInput(), required=False
    )
    instruction_text = forms.CharField(
        label=_("Instruction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # 走访: asked (and required) when the channel is a visit.
    visit_at = forms.DateTimeField(label=_("Visit time"), required=False, widget=DateTimeInput())
    received_by = ModelChoiceField(
        label=_("Receiving officer"),
        queryset=None,
        required=False,
        help_text=_("Who received the petitioner; printed on the receipt."),
    )

    def __init__(self, *args, user, kept_count=0, **kwargs):
        from organization.models import User

        super().__init__(*args, **kwargs)
        self.user = user
        self.kept_count = kept_count
        self.accepted_uploads = []
        bound_date_fields(self, past={"received_on", "instruction_on", "visit_at"})
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["visit_at"].initial = lambda: timezone.localtime().replace(
            second=0, microsecond=0
        )
        # The staff of the registering unit, who receive walk-ins there.
        self.fields["received_by"].queryset = User.objects.filter(
            is_active=True, unit_id=user.unit_id
        ).order_by("full_name", "pk")
        self.fields["received_by"].initial = user.pk
        self.fields["received_by"].label_from_instance = lambda officer: (
            f"{officer.get_full_name()}（{officer.title}）"
            if officer.title
            else officer.get_full_name()
        )
        self.fields["submission_token"].initial = uuid.uuid4
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("path")
        self.fields["responsible_unit"].queryset = selectable_units(user)
        self.fields["repeat_of"].queryset = Petition.objects.visible_to(user)
        self.fields["attachments"].help_text = _("Up to %(size)d MB each; types: %(types)s.") % {
            "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "types": ", ".join(settings.ATTACHMENT_EXTENSIONS),
        }

    def clean(self):
        data = super().clean()
        instruction_errors(self, data)
        visit_errors(self, data)
        return data

    def clean_attachments(self):
        """Every bad file named with why; the good ones are `accepted_uploads`, to be
        attached or, if the form comes back, kept for its next submission."""
        self.accepted_uploads, errors = check_attachments(
            self.cleaned_data["attachments"], kept=self.kept_count
        )
        if errors:
            raise forms.ValidationError(errors)
        return self.accepted_uploads

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The received date cannot be in the future."))
        if received_on < timezone.localdate() - timedelta(days=366):
            raise forms.ValidationError(
                _("The received date is more than a year ago; check the year.")
            )
        return received_on


def visit_errors(form, data) -> None:
    """A walk-in (走访) records when the petitioner came and who received them; the
    visit is the day the petition was received."""
    if data.get("channel") != Channel.VISIT:
        # Not asked for other channels: nothing typed there counts, nor its errors.
        for name in ("visit_at", "received_by"):
            form.errors.pop(name, None)
            data[name] = None
        return
    visit_at = data.get("visit_at")
    if visit_at is None and "visit_at" not in form.errors:
        form.add_error("visit_at", _("A visit needs the time the petitioner came in person."))
    if data.get("received_by") is None and "received_by" not in form.errors:
        form.add_error("received_by", _("A visit needs the officer who received the petitioner."))
    received_on = data.get("received_on")
    if visit_at is not None and received_on and timezone.localtime(visit_at).date() != received_on:
        form.add_error(
            "visit_at",
            _("The visit is the day the petition was received (%(date)s): check the date.")
            % {"date": received_on.isoformat()},
        )


def instruction_errors(form, data) -> None:
    """An instruction is recorded whole: who, when and its text."""
    given = [bool(data.get(name)) for name in ("instruction_by", "instruction_on")]
    if data.get("instruction_text") and not all(given):
        form.add_error("instruction_by", _("An instruction needs who gave it and when."))
    elif any(given) and not data.get("instruction_text"):
        form.add_error("instruction_text", _("Enter the instruction's text."))


class PetitionerForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("Identity number"), max_length=20, required=False, validators=[validate_id_number]
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        help_text=_("Its last 4 digits open the public query; none: a check code does."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=100, required=False)
    relation = forms.ChoiceField(
        label=_("Relation"), choices=Relation.choices, initial=Relation.EMPLOYEE
    )
    is_representative = forms.BooleanField(label=_("Representative"), required=False)
    # Chosen in the earlier-petitions panel ("the same person as in XF…"), not in the row.
    same_as = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


class BasePetitionerFormSet(forms.BaseFormSet):
    # In the clerk's words, not the framework's ("submit at least 1 form").
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Enter at least one petitioner."),
        "too_many_forms": _("At most %(num)d petitioners can be entered on one case."),
    }

    def people(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        people = self.people()
        if not people:
            raise forms.ValidationError(_("Enter at least one petitioner."))
        numbers = [person["id_number"] for person in people if person["id_number"]]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("The same identity number is entered twice."))
        representatives = sum(1 for person in people if person["is_representative"])
        if representatives > settings.MAX_REPRESENTATIVES:
            raise forms.ValidationError(
                _("At most %(max)d representatives may be chosen (XG 20).")
                % {"max": settings.MAX_REPRESENTATIVES}
            )


PetitionerFormSet = forms.formset_factory(
    PetitionerForm,
    formset=BasePetitionerFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


class PetitionRegistration:
    """The registration page: the case form and its petitioners, validated together."""

    prefix = "people"

    def __init__(self, user, data=None, files=None):
        self.user = user
        # Files kept from this form's earlier submissions (its token), less those the
        # user ticked to remove.
        self.uploads = KeptUploads(
            user,
            _uuid_or_none(data.get("submission_token")) if data else None,
            data,
            drop_field="drop_upload",
        )
        self.form = RegistrationForm(
            data=data, files=files, user=user, kept_count=len(self.uploads.files)
        )
        self.formset = PetitionerFormSet(data=data, prefix=self.prefix)

    def is_valid(self) -> bool:
        form_valid = self.form.is_valid()
        formset_valid = self.formset.is_valid()
        if form_valid and formset_valid:
            self._check_people_against_case()
        return not self.form.errors and not self.formset.non_form_errors() and formset_valid

    def _check_people_against_case(self):
        data = self.form.cleaned_data
        headcount, channel = data["headcount"], data["channel"]
        people = self.formset.people()
        if headcount < len(people):
            self.form.add_error(
                "headcount",
                _("%(count)d petitioners are entered; the number of people cannot be lower.")
                % {"count": len(people)},
            )
        collective = channel in VISIT_CHANNELS and headcount >= settings.COLLECTIVE_VISIT_THRESHOLD
        if collective and not any(person["is_representative"] for person in people):
            self.form.add_error(
                None,
                _(
                    "A visit of %(count)d people is a collective visit: mark the "
                    "representatives they chose (at most %(max)d, XG 20)."
                )
                % {"count": headcount, "max": settings.MAX_REPRESENTATIVES},
            )

    def registration_data(self) -> RegistrationData:
        case_fields = {f.name for f in fields(RegistrationData)} - {"petitioners", "owning_leader"}
        person_fields = [f.name for f in fields(PetitionerData)]
        return RegistrationData(
            **{name: self.form.cleaned_data[name] for name in case_fields},
            petitioners=[
                PetitionerData(**{name: person[name] for name in person_fields})
                for person in self.formset.people()
            ],
        )

    @property
    def attachments(self) -> list:
        """The files to attach: those kept from earlier submissions, then the new ones."""
        return [*self.uploads.files, *self.form.accepted_uploads]

    def keep_uploads(self) -> None:
        """The form comes back with errors: its checked new files are kept for its next
        submission (also when another file was bad), and the kept files ticked go."""
        self.uploads.keep(self.form.accepted_uploads)

    @property
    def token(self):
        return self.form.cleaned_data.get("submission_token")


# --- Actions on a case -----------------------------------------------------------------


class ActionForm(BootstrapForm):
    """Every action form carries the case version the user saw (stale-page check).

    A form with a `file_field` keeps the checked files chosen in it when it comes back
    with errors (KeptUploads, under its own one-time `upload_token`); every bad file is
    named. The cleaned field then holds the files to attach: kept ones, then new ones
    (for a one-file field: the new file, else the kept one)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # Date fields of what already happened: never in the future.
    past_dates: tuple[str, ...] = ()
    file_field: str = ""

    def __init__(self, *args, petition: Petition, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", petition.version)
        super().__init__(*args, **kwargs)
        self.petition = petition
        self.user = user
        bound_date_fields(self, past=set(self.past_dates))
        self.accepted_uploads = []
        self.uploads = None
        if self.file_field:
            self.fields["upload_token"] = forms.UUIDField(
                required=False, widget=forms.HiddenInput, initial=uuid.uuid4
            )
            token = self.data.get(self.add_prefix("upload_token")) if self.is_bound else None
            self.uploads = KeptUploads(
                user,
                _uuid_or_none(token),
                self.data if self.is_bound else None,
                drop_field=self.add_prefix("drop_upload"),
            )

    @property
    def _one_file(self) -> bool:
        return not isinstance(self.fields[self.file_field], MultipleFileField)

    def clean(self):
        data = super().clean()
        name = self.file_field
        if name and name not in self.errors:
            chosen = data.get(name)
            files = list(chosen) if isinstance(chosen, list | tuple) else [chosen] if chosen else []
            kept = self.uploads.files
            good, errors = check_attachments(files, kept=0 if self._one_file else len(kept))
            self.accepted_uploads = good
            if errors:
                self.add_error(name, errors)
            elif self._one_file:
                data[name] = good[0] if good else (kept[-1] if kept else None)
            else:
                data[name] = [*kept, *good]
        return data

    def keep_uploads(self) -> None:
        """The form comes back with errors: keep its checked files, drop those ticked."""
        if self.uploads is not None:
            self.uploads.keep(self.accepted_uploads, replace=self._one_file)

    def forget_uploads(self) -> None:
        """The action is done: kept files it did not take go."""
        if self.uploads is not None:
            self.uploads.forget()


def comment_field(label, *, required=False):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(ActionForm):
    comment = comment_field(_("Comment"))


class ReasonForm(ActionForm):
    reason = comment_field(_("Reason"), required=True)


class AssignForm(ActionForm):
    unit = UnitChoiceField(label=_("Assign to"), queryset=Unit.objects.none())
    due = forms.DateField(label=_("Report due"), widget=DateInput())
    comment = comment_field(_("Requirements"))
    instruction_by = forms.CharField(
        label=_("Instruction by"),
        max_length=100,
        required=False,
        help_text=_(
            "批示件/交办件: a superior's instruction; the reply is then signed off by the "
            "unit's main leader."
        ),
    )
    instruction_on = forms.DateField(
        label=_("Instruction date"), widget=DateInput(), required=False
    )
    instruction_text = comment_field(_("Instruction"))
    past_dates = ("instruction_on",)

    def clean(self):
        data = super().clean()
        instruction_errors(self, data)
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = routing_units(self.user)
        self.fields["unit"].initial = self.petition.responsible_unit_id
        # An instruction recorded at registration is carried, not asked again.
        for name in ("instruction_by", "instruction_on", "instruction_text"):
            self.fields[name].initial = getattr(self.petition, name)
        # The handling clock's length from today, counted in that clock's day mode.
        self.fields["due"].initial = Holiday.objects.work_calendar().add(
            timezone.localdate(), settings.PETITION_CLOCK_DAYS["handling"], clock="handling"
        )

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due <= timezone.localdate():
            raise forms.ValidationError(_("The due date must be after today."))
        return due


class TransferForm(ActionForm):
    organ = forms.CharField(label=_("Organ transferred to"), max_length=100)
    note = comment_field(_("Reasons"), required=True)


class RedirectForm(ActionForm):
    route = forms.ChoiceField(label=_("Legal procedure"), choices=RedirectRoute.choices)
    note = comment_field(_("Reasons and how to apply"), required=True)


class RejectForm(ActionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    note = comment_field(_("Explanation"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = self.petition.repeat_of
        if self.petition.repeats_a_final_matter:
            # 不再受理 (XG 36 ¶3): the same matter after the re-review made it final.
            self.fields["reason"].initial = self.petition.proposed_rejection_reason
            self.fields["note"].initial = _(
                "The same matter (%(number)s) became final after re-review on %(date)s."
            ) % {"number": earlier.number, "date": earlier.rereviewed_on}


class SubmitReportForm(ActionForm):
    report = comment_field(_("Handling report"), required=True)
    opinion = forms.ChoiceField(label=_("Opinion"), choices=Opinion.choices)
    text = comment_field(_("Facts and reasons"), required=True)
    basis = comment_field(_("Basis in law and policy"), required=True)
    attachments = MultipleFileField(
        label=_("Files of the report"),
        required=False,
        help_text=_("Investigation records, evidence, the signed report: added to the case."),
    )
    file_field = "attachments"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        petition = self.petition
        # After a send-back, start from the previous draft.
        self.fields["report"].initial = petition.handling_report
        self.fields["opinion"].initial = petition.reply_opinion
        self.fields["text"].initial = petition.reply_text
        self.fields["basis"].initial = petition.reply_basis


class ExtensionForm(ActionForm):
    reason = comment_field(_("Reason"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        maximum = settings.PETITION_CLOCK_DAYS["extension_max"]
        self.fields["days"] = forms.IntegerField(
            label=_("Days"),
            min_value=1,
            max_value=maximum,
            help_text=_("At most %(max)d days, once (XG 34).") % {"max": maximum},
            error_messages={
                "min_value": _("Enter the number of days to extend (at least 1)."),
                "max_value": _("An extension may not exceed %(limit_value)s days (XG 34)."),
            },
        )
        self.order_fields(["days", "reason"])


class OpinionForm(ActionForm):
    result = forms.ChoiceField(label=_("Result"), choices=ReviewResult.choices)
    text = comment_field(_("Opinion"), required=True)


class CloseForm(ActionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=CloseReason.choices)
    statement = forms.ChoiceField(
        label=_("Petitioner's written statement"),
        choices=[("", _("None")), *Statement.choices],
        required=False,
        help_text=_(
            "Needed to close while the petitioner may still ask for review: their signed "
            "statement of satisfaction or withdrawal, or the mediation agreement."
        ),
    )
    statement_upload = forms.FileField(label=_("The statement's document"), required=False)
    comment = comment_field(_("Comment"))
    file_field = "statement_upload"

    def clean(self):
        data = super().clean()
        missing = not data.get("statement_upload") and "statement_upload" not in self.errors
        if data.get("statement") and missing:
            self.add_error("statement_upload", _("Attach the signed statement or agreement."))
        return data


class ReviewRequestForm(ActionForm):
    """Accept a request for 复查/复核: the level above decides, or a named outside organ."""

    past_dates = ("received_on",)
    received_on = forms.DateField(label=_("Request received on"), widget=DateInput())
    organ = forms.CharField(label=_("Deciding organ (outside the system)"), max_length=100)
    comment = comment_field(_("Comment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        above = self.petition.next_review_unit()
        if above is not None:
            del self.fields["organ"]
            self.fields["received_on"].help_text = _("Decided by %(unit)s, the level above.") % {
                "unit": above.name
            }
        else:
            self.fields["organ"].help_text = _(
                "The level above is outside the system: name it; you record its opinion."
            )


class RefuseReviewRequestForm(ActionForm):
    past_dates = ("received_on",)
    received_on = forms.DateField(label=_("Request received on"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"), choices=RequestRefusal.choices)
    note = comment_field(_("Explanation"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["received_on"].initial = today
        self.fields["reason"].initial = (
            self.petition.review_request_refusal(today) or RequestRefusal.NOT_PETITIONER
        )


class ServiceForm(ActionForm):
    """送达: how and when a letter reached the petitioner (送达回证)."""

    past_dates = ("served_on", "posted_on")
    kind = forms.ChoiceField(label=_("Letter"), choices=ServiceKind.choices)
    letter = forms.CharField(
        label=_("Letter title"),
        max_length=100,
        required=False,
        help_text=_("For another letter: its title, e.g. 受理告知书."),
    )
    method = forms.ChoiceField(label=_("Method of service"), choices=ServiceMethod.choices)
    posted_on = forms.DateField(label=_("Posted on"), widget=DateInput(), required=False)
    served_on = forms.DateField(
        label=_("Served on"),
        widget=DateInput(),
        help_text=_("The day it reached the petitioner; by post, the date on the return receipt."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = self.petition.awaiting_service
        self.fields["kind"].initial = pending[0] if pending else ServiceKind.OTHER

    def clean(self):
        data = super().clean()
        if data.get("method") == ServiceMethod.POST and not data.get("posted_on"):
            self.add_error("posted_on", _("Enter the day it was posted."))
        if data.get("kind") == ServiceKind.OTHER and not data.get("letter"):
            self.add_error("letter", _("Name the letter served."))
        return data


class HearingForm(ActionForm):
    """听证: its days are not counted in the re-review clock (XG 36 ¶2)."""

    past_dates = ("started_on", "ended_on")
    started_on = forms.DateField(label=_("Hearing started on"), widget=DateInput())
    ended_on = forms.DateField(
        label=_("Hearing ended on"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while it goes on; the due date is set when it ends."),
    )
    note = comment_field(_("Comment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = self.petition.hearing_started_on
        self.fields["ended_on"].initial = self.petition.hearing_ended_on


class HandlerForm(ActionForm):
    """承办人: a handler of the responsible unit."""

    handler = ModelChoiceField(label=_("Case handler"), queryset=None)
    comment = comment_field(_("Comment"))

    def __init__(self, *args, **kwargs):
        from organization.models import User

        super().__init__(*args, **kwargs)
        unit = self.petition.responsible_unit
        self.fields["handler"].queryset = (
            User.objects.filter(
                is_active=True,
                groups__name=Role.HANDLER,
                unit__path__startswith=unit.path if unit else "-",
            )
            .select_related("unit")
            .order_by("unit__path", "full_name")
        )
        self.fields["handler"].label_from_instance = lambda user: (
            f"{user.get_full_name()}（{user.unit.name}）"
        )
        self.fields["handler"].initial = self.petition.handler_id


class FlagsForm(ActionForm):
    is_key_case = forms.BooleanField(label=_("Key case"), required=False)
    is_backlog = forms.BooleanField(label=_("Backlog case"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_key_case"].initial = self.petition.is_key_case
        self.fields["is_backlog"].initial = self.petition.is_backlog


class ListingForm(ActionForm):
    """挂牌督办: listed with its own due date, or lifted."""

    is_listed = forms.BooleanField(label=_("Listed supervision"), required=False)
    due = forms.DateField(label=_("Listed supervision due"), widget=DateInput(), required=False)
    reason = comment_field(_("Reason and requirements"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_listed"].initial = self.petition.is_listed
        self.fields["due"].initial = self.petition.listed_due
        self.fields["reason"].initial = self.petition.listed_reason

    def clean(self):
        data = super().clean()
        if data.get("is_listed") and not data.get("due"):
            self.add_error("due", _("A listed case needs its own due date."))
        return data


class OwningLeaderForm(ActionForm):
    leader = ModelChoiceField(label=_("Owning leader"), queryset=None)

    def __init__(self, *args, **kwargs):
        from organization.models import User

        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = (
            User.objects.filter(
                is_active=True, groups__name=Role.LEADER, unit__in=visible_units(self.user)
            )
            .select_related("unit")
            .order_by("unit__path", "full_name")
        )
        self.fields["leader"].label_from_instance = lambda user: (
            f"{user.get_full_name()}（{user.unit.name} {user.title}）"
        )
        self.fields["leader"].initial = self.petition.owning_leader_id


class RatingForm(ActionForm):
    office_rating = forms.ChoiceField(
        label=_("Rating of the petition office"), choices=Rating.choices
    )
    unit_rating = forms.ChoiceField(
        label=_("Rating of the responsible unit"), choices=Rating.choices
    )


# --- The public progress query ----------------------------------------------------------


class ProgressQueryForm(forms.Form):
    """The query code and one second factor: the last 4 digits of a phone given at
    registration, or, when none was given, the check code (查询密码) on the receipt."""

    code = forms.CharField(
        label=_("Query code"),
        max_length=30,
        help_text=_("Printed on the notices you received, e.g. ABCD-2345."),
    )
    phone_last4 = forms.CharField(
        label=_("Last 4 digits of your phone number"),
        max_length=10,
        required=False,
        help_text=_("The phone number you gave when the petition was registered."),
    )
    check_code = forms.CharField(
        label=_("Check code"),
        max_length=20,
        required=False,
        help_text=_(
            "If you gave no phone number: the 6-digit check code printed on your "
            "registration receipt."
        ),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone_last4") and not data.get("check_code"):
            self.add_error(
                "phone_last4",
                _(
                    "Enter the last 4 digits of your phone number, or the check code on your "
                    "receipt if you gave no phone number."
                ),
            )
        return data

    def clean_check_code(self) -> str:
        value = unicodedata.normalize("NFKC", self.cleaned_data["check_code"])
        digits = re.sub(r"[\s-]", "", value)
        if digits and not re.fullmatch(r"\d{6}", digits):
            raise forms.ValidationError(_("A check code has 6 digits."))
        return digits

    def clean_code(self) -> str:
        code = normalize_query_code(self.cleaned_data["code"])
        if not QUERY_CODE.fullmatch(code):
            raise forms.ValidationError(_("A query code has 8 letters and digits."))
        return code

    def clean_phone_last4(self) -> str:
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", self.cleaned_data["phone_last4"]))
        if self.cleaned_data["phone_last4"].strip() and len(digits) != 4:
            raise forms.ValidationError(_("Enter exactly 4 digits."))
        return digits
