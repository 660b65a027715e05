from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.dates import bound_date_fields, validate_headcount
from organization.models import Leadership, User
from organization.roles import Role
from organization.scope import visible_units
from petitions.forms import DateInput, PetitionRegistration, UnitChoiceField, selectable_units
from petitions.models import Channel, Petition, Petitioner, SkipLevel

from .models import (
    CollectiveVisitAlert,
    PersuasionOutcome,
    ReceptionDay,
    SensitivePeriod,
    SkipLevelVisit,
)

# Clocks differ a little: a time this far ahead of now still counts as now.
FUTURE_TOLERANCE = timedelta(hours=1)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()}（{obj.unit.name if obj.unit_id else ''} {obj.title}）"


def selectable_leaders(user):
    return (
        User.objects.filter(is_active=True, unit__in=visible_units(user))
        .filter(groups__name=Role.LEADER)
        .select_related("unit")
        .order_by("unit__path", "full_name")
        .distinct()
    )


class ReceptionDayForm(forms.ModelForm):
    leader = LeaderChoiceField(label=_("Leader"), queryset=User.objects.none())
    unit = UnitChoiceField(label=_("Unit"), queryset=None)

    class Meta:
        model = ReceptionDay
        fields = ["leader", "unit", "date", "starts_at", "ends_at", "kind", "place", "topic"]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = selectable_leaders(user)
        self.fields["unit"].queryset = selectable_units(user)
        bound_date_fields(self)
        if user.unit_id and not self.instance.pk:
            self.fields["unit"].initial = user.unit_id

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end time must be after the start time."))
        day = data.get("date")
        if day and not self.instance.pk and day < timezone.localdate():
            self.add_error("date", _("A new reception day cannot be in the past."))
        return data


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for short notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when publishing later than the notice period."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public schedule and the printed notice."),
    )


class VisitRegistration(PetitionRegistration):
    """The petitions registration form, with the channel and date fixed by the day."""

    def __init__(self, user, day: ReceptionDay, data=None, files=None):
        super().__init__(user, data=data, files=files)
        form = self.form
        form.fields["channel"].initial = Channel.LEADER_RECEPTION
        form.fields["channel"].disabled = True
        form.fields["received_on"].initial = day.date
        form.fields["received_on"].disabled = True
        form.fields["responsible_unit"].initial = day.unit_id
        self.extra = VisitExtraForm(data=data, user=user)

    def is_valid(self) -> bool:
        extra_valid = self.extra.is_valid()
        return super().is_valid() and extra_valid


class VisitExtraForm(forms.Form):
    group_unit = UnitChoiceField(
        label=_("The group's unit"),
        queryset=None,
        required=False,
        help_text=_("For a collective visit: the unit the group comes from."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_unit"].queryset = selectable_units(user)


class AlertOutcomeForm(forms.ModelForm):
    close = forms.BooleanField(label=_("Close the alert"), required=False)

    class Meta:
        model = CollectiveVisitAlert
        fields = ["cause", "outcome"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }


class NumbersField(forms.CharField):
    """Petition numbers separated by spaces or commas."""

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [part.upper() for part in value.replace("，", " ").replace(",", " ").split() if part]


class SkipLevelVisitForm(forms.ModelForm):
    responsible_unit = UnitChoiceField(label=_("Responsible unit"), queryset=None)
    persuasion_leader = LeaderChoiceField(
        label=_("Leader in charge"), queryset=User.objects.none(), required=False
    )
    petition_numbers = NumbersField(
        label=_("Related petitions"),
        required=False,
        help_text=_("Case numbers, e.g. XF2026000123; their petitioners are linked too."),
    )

    class Meta:
        model = SkipLevelVisit
        fields = [
            "level",
            "visited_on",
            "place",
            "headcount",
            "is_collective",
            "summary",
            "petitioner_names",
            "responsible_unit",
            "reported_at",
            "persuasion_team",
            "persuasion_leader",
            "arrived_at",
            "outcome",
            "outcome_note",
        ]
        widgets = {
            "visited_on": DateInput(),
            "reported_at": DateTimeInput(),
            "arrived_at": DateTimeInput(),
            "outcome_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["responsible_unit"].queryset = selectable_units(user)
        self.fields["persuasion_leader"].queryset = selectable_leaders(user)
        self.fields["headcount"].error_messages["min_value"] = _(
            "At least one person makes a visit."
        )
        self.fields["headcount"].validators.append(validate_headcount)
        bound_date_fields(self, past={"visited_on", "reported_at", "arrived_at"})
        if self.instance.pk:
            # Only what the user may see; the service keeps the other links.
            self.fields["petition_numbers"].initial = " ".join(
                self.instance.petitions.visible_to(user)
                .order_by("number")
                .values_list("number", flat=True)
            )

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return visited_on

    def _not_in_future(self, name):
        value = self.cleaned_data.get(name)
        if value and value > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(_("The time cannot be in the future."))
        return value

    def clean_reported_at(self):
        return self._not_in_future("reported_at")

    def clean_arrived_at(self):
        return self._not_in_future("arrived_at")

    def clean_petition_numbers(self):
        numbers = self.cleaned_data["petition_numbers"]
        found = list(Petition.objects.visible_to(self.user).filter(number__in=numbers))
        missing = sorted(set(numbers) - {petition.number for petition in found})
        if missing:
            raise forms.ValidationError(
                _("No petition you may see has the number %(numbers)s.")
                % {"numbers": "、".join(missing)}
            )
        return found

    def clean(self):
        data = super().clean()
        arrived, reported = data.get("arrived_at"), data.get("reported_at")
        if arrived and reported and arrived < reported:
            self.add_error("arrived_at", _("The team cannot arrive before the visit was reported."))
        if (
            data.get("outcome") != PersuasionOutcome.PENDING
            and not arrived
            and "arrived_at" not in self.errors
        ):
            self.add_error("arrived_at", _("Enter when the team arrived on site."))
        return data

    def linked_petitioners(self):
        petitions = self.cleaned_data.get("petition_numbers") or []
        return list(Petitioner.objects.filter(links__petition__in=petitions).distinct())


class SkipLevelFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Any level")), *SkipLevel.choices], required=False
    )
    unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=None, required=False, empty_label=_("Any unit")
    )
    after = forms.DateField(label=_("From"), required=False, widget=DateInput())
    before = forms.DateField(label=_("To"), required=False, widget=DateInput())
    collective = forms.BooleanField(label=_("Collective only"), required=False)
    sensitive = forms.BooleanField(label=_("Sensitive periods only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).order_by("path")
        bound_date_fields(self)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["level"]:
            queryset = queryset.filter(level=data["level"])
        if data["unit"]:
            queryset = queryset.filter(responsible_unit__path__startswith=data["unit"].path)
        if data["after"]:
            queryset = queryset.filter(visited_on__gte=data["after"])
        if data["before"]:
            queryset = queryset.filter(visited_on__lte=data["before"])
        if data["collective"]:
            queryset = queryset.filter(is_collective=True)
        if data["sensitive"]:
            queryset = queryset.filter(during_sensitive_period=True)
        return queryset


class SensitivePeriodForm(forms.ModelForm):
    class Meta:
        model = SensitivePeriod
        fields = ["name", "kind", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class MonthForm(forms.Form):
    FIRST_YEAR = 2000

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        last_year = timezone.localdate().year + 1
        if not self.FIRST_YEAR <= month.year <= last_year:
            raise forms.ValidationError(
                _("Choose a month from %(first)s to %(last)s.")
                % {"first": f"{self.FIRST_YEAR}-01", "last": f"{last_year}-12"}
            )
        return month


LEADERSHIP_LABELS = dict(Leadership.choices)
