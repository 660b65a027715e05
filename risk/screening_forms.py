"""Forms of the screening pages; every date field gets the plausible-date rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organization.dates import bound_date_fields
from organization.models import Unit, User
from organization.roles import Role
from petitions.models import Category, SkipLevel

from .models import Hazard, HazardLevel
from .screening_services import linkable_persons


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.petition.number}）"


def style(form) -> None:
    """Bootstrap classes on every widget (no inline styles: CSP)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        else:
            widget.attrs.setdefault("class", "form-control form-control-sm")


def leaders():
    return User.objects.filter(is_active=True, groups__name=Role.LEADER).order_by("username")


class HazardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of hazard"), choices=Hazard.Kind.choices)
    summary = forms.CharField(label=_("What"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True).order_by("path")
    )
    people_count = forms.IntegerField(label=_("People involved"), min_value=1, max_value=100_000)
    level = forms.ChoiceField(label=_("Hazard level"), choices=HazardLevel.choices)
    skip_level = forms.ChoiceField(
        label=_("Skip-level visit feared"),
        choices=[("", _("None"))] + [c for c in SkipLevel.choices if c[0] != SkipLevel.DISTRICT],
        required=False,
    )
    owning_leader = forms.ModelChoiceField(
        label=_("Owning leader"), queryset=User.objects.none(), required=False
    )
    measures = forms.CharField(
        label=_("Measures"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_on = forms.DateField(
        label=_("Resolve by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    persons = PersonChoiceField(
        label=_("Named persons (from petitions you may see)"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args, user, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_leader"].queryset = leaders().filter(unit__path__startswith=unit.path)
        self.fields["category"].label_from_instance = lambda c: c.tree_label
        # Only people on the unit's own cases that the user may see the identity of.
        self.fields["persons"].queryset = (
            linkable_persons(user)
            .filter(petition__responsible_unit__path__startswith=unit.path)
            .order_by("name")
        )
        bound_date_fields(self)
        style(self)


class HazardStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in Hazard.Status.choices if c[0] != Hazard.Status.RESOLVING],
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class DispatchForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("To unit"),
        queryset=Unit.objects.filter(is_active=True).order_by("path"),
        required=False,
    )
    to_leader = forms.ModelChoiceField(
        label=_("Or to leader"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    instructions = forms.CharField(
        label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_leader"].queryset = leaders()
        self.fields["to_unit"].label_from_instance = lambda u: u.tree_label
        bound_date_fields(self)
        style(self)

    def clean(self):
        data = super().clean()
        if bool(data.get("to_unit")) == bool(data.get("to_leader")):
            raise forms.ValidationError(_("Dispatch to a unit or to a leader."))
        return data


class DailyReportForm(forms.Form):
    is_zero_report = forms.BooleanField(label=_("Nothing to report (零报告)"), required=False)
    content = forms.CharField(
        label=_("Situation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("is_zero_report") and not (data.get("content") or "").strip():
            raise forms.ValidationError(_("Describe the situation, or tick nothing to report."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
