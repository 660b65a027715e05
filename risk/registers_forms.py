"""Forms of the registers: every date field gets the plausible-date rule."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from organization.dates import bound_date_fields
from organization.models import Unit, User
from organization.roles import Role
from organization.scope import visible_units
from petitions.forms import DateInput, UnitChoiceField, selectable_units

from .models import (
    AssessmentOpinion,
    BacklogPlan,
    KeyPerson,
    KeyPersonNote,
    StabilityAssessment,
)


def _styled(form):
    bound_date_fields(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()}（{obj.unit.name if obj.unit_id else ''}）"


def leaders_for(user):
    return (
        User.objects.filter(is_active=True, groups__name=Role.LEADER, unit__in=visible_units(user))
        .select_related("unit")
        .order_by("unit__path", "full_name")
    )


class AssessmentForm(forms.ModelForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    class Meta:
        model = StabilityAssessment
        fields = [
            "unit",
            "kind",
            "title",
            "description",
            "planned_on",
            "legality",
            "rationality",
            "feasibility",
            "safety",
            "level",
            "measures",
            "conclusion",
        ]
        widgets = {
            "planned_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "description",
                    "legality",
                    "rationality",
                    "feasibility",
                    "safety",
                    "measures",
                )
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectable_units(user)
        if user.unit_id and not self.instance.pk:
            self.fields["unit"].initial = user.unit_id
        _styled(self)


class OpinionForm(forms.ModelForm):
    class Meta:
        model = AssessmentOpinion
        fields = ["source", "who", "given_on", "text"]
        widgets = {"given_on": DateInput(), "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        bound_date_fields(self, past=("given_on",))


OpinionFormSet = forms.formset_factory(OpinionForm, extra=1, can_delete=True, max_num=30)


class ImplementedForm(forms.Form):
    on = forms.DateField(label=_("Implemented on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        bound_date_fields(self, past=("on",))


class AssessmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of decision"),
        choices=StabilityAssessment.Kind.choices,
        empty_label=_("Any kind"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Risk level"), choices=StabilityAssessment.Level.choices, empty_label=_("Any level")
    )
    conclusion = django_filters.ChoiceFilter(
        label=_("Conclusion"),
        choices=StabilityAssessment.Conclusion.choices,
        empty_label=_("Any conclusion"),
    )

    class Meta:
        model = StabilityAssessment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self.form)


# --- Key persons ---------------------------------------------------------------------------


class KeyPersonForm(forms.ModelForm):
    owning_leader = LeaderChoiceField(label=_("Owning leader"), queryset=None, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    class Meta:
        model = KeyPerson
        fields = ["unit", "owning_leader", "responsible_people", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_leader"].queryset = leaders_for(user)
        self.fields["unit"].queryset = selectable_units(user)
        if not user.has_perm("risk.change_keyperson"):
            self.fields["unit"].disabled = True
        _styled(self)


class KeyPersonFlagForm(forms.Form):
    """The office flags a person by the identity number registered on a case."""

    id_number = forms.CharField(label=_("Identity number"), max_length=18)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectable_units(user)
        _styled(self)


class KeyPersonNoteForm(forms.ModelForm):
    class Meta:
        model = KeyPersonNote
        fields = ["kind", "on", "text"]
        widgets = {"on": DateInput(), "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        bound_date_fields(self, past=("on",))


class KeyPersonFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=KeyPerson.Status.choices, empty_label=_("Any status")
    )
    source = django_filters.ChoiceFilter(
        label=_("Flagged"), choices=KeyPerson.Source.choices, empty_label=_("Any")
    )

    class Meta:
        model = KeyPerson
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self.form)


# --- Backlog plans ---------------------------------------------------------------------------


class BacklogPlanForm(forms.ModelForm):
    owning_leader = LeaderChoiceField(label=_("Owning leader"), queryset=None)

    class Meta:
        model = BacklogPlan
        fields = ["causes", "measures", "owning_leader", "deadline"]
        widgets = {
            "deadline": DateInput(),
            "causes": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_leader"].queryset = leaders_for(user)
        _styled(self)


class ProgressForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        bound_date_fields(self, past=("on",))


class CloseOutForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed out on"), widget=DateInput())
    basis = forms.CharField(label=_("Basis"), widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = forms.CharField(label=_("Approved by"), max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        bound_date_fields(self, past=("closed_on",))


OPEN, PAST_DEADLINE, CLOSED = "open", "past_deadline", "closed"


class BacklogFilter(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All plans")),
            (OPEN, _("Not closed out")),
            (PAST_DEADLINE, _("Past the deadline")),
            (CLOSED, _("Closed out")),
        ],
    )
    unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )
    listed = forms.BooleanField(label=_("Listed supervision"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).order_by("path")
        _styled(self)


class OverrideForm(forms.Form):
    was_on_screening_list = forms.BooleanField(
        label=_("On the unit's risk screening list beforehand"), required=False
    )
    had_owning_leader = forms.BooleanField(label=_("A leader owned the matter"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
