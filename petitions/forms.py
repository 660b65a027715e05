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
from .services import PetitionerData, RegistrationData
from .validators import validate_attachment

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$",
    _("Enter a mobile number (11 digits) or a landline such as 0561-3012345."),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.tree_label


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.tree_label


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
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        for item in cleaned:
            validate_attachment(item)
        return cleaned


# --- Registration -------------------------------------------------------------------


class RegistrationForm(forms.Form):
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
    repeat_of = forms.ModelChoiceField(
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bound_date_fields(self, past={"received_on", "instruction_on"})
        self.fields["received_on"].initial = timezone.localdate()
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
        return data

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The received date cannot be in the future."))
        if received_on < timezone.localdate() - timedelta(days=366):
            raise forms.ValidationError(
                _("The received date is more than a year ago; check the year.")
            )
        return received_on


def instruction_errors(form, data) -> None:
    """An instruction is recorded whole: who, when and its text."""
    given = [bool(data.get(name)) for name in ("instruction_by", "instruction_on")]
    if data.get("instruction_text") and not all(given):
        form.add_error("instruction_by", _("An instruction needs who gave it and when."))
    elif any(given) and not data.get("instruction_text"):
        form.add_error("instruction_text", _("Enter the instruction's text."))


class PetitionerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("Identity number"), max_length=20, required=False, validators=[validate_id_number]
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, validators=[phone_validator]
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
        self.form = RegistrationForm(data=data, files=files, user=user)
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
    def attachments(self):
        return self.form.cleaned_data.get("attachments") or []

    @property
    def token(self):
        return self.form.cleaned_data.get("submission_token")


# --- Actions on a case -----------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action form carries the case version the user saw (stale-page check)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # Date fields of what already happened: never in the future.
    past_dates: tuple[str, ...] = ()

    def __init__(self, *args, petition: Petition, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", petition.version)
        super().__init__(*args, **kwargs)
        self.petition = petition
        self.user = user
        bound_date_fields(self, past=set(self.past_dates))


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

    def clean_statement_upload(self):
        upload = self.cleaned_data.get("statement_upload")
        if upload:
            validate_attachment(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("statement") and not data.get("statement_upload"):
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

    handler = forms.ModelChoiceField(label=_("Case handler"), queryset=None)
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
    leader = forms.ModelChoiceField(label=_("Owning leader"), queryset=None)

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
    code = forms.CharField(
        label=_("Query code"),
        max_length=30,
        help_text=_("Printed on the notices you received, e.g. ABCD-2345."),
    )
    phone_last4 = forms.CharField(
        label=_("Last 4 digits of your phone number"),
        max_length=10,
        help_text=_("The phone number you gave when the petition was registered."),
    )

    def clean_code(self) -> str:
        code = normalize_query_code(self.cleaned_data["code"])
        if not QUERY_CODE.fullmatch(code):
            raise forms.ValidationError(_("A query code has 8 letters and digits."))
        return code

    def clean_phone_last4(self) -> str:
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", self.cleaned_data["phone_last4"]))
        if len(digits) != 4:
            raise forms.ValidationError(_("Enter exactly 4 digits."))
        return digits
