from django import forms
from django.utils.translation import gettext_lazy as _

from organization.dates import bound_date_fields
from organization.models import Unit

from .models import ChainMember, Measure, Misconduct, Outcome


class ChainMemberForm(forms.ModelForm):
    class Meta:
        model = ChainMember
        fields = ["role", "user", "name", "title", "phone", "duty", "since"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, unit__path__startswith=unit.path)
            .order_by("full_name")
            if unit
            else get_user_model().objects.none()
        )
        self.fields["name"].required = False
        bound_date_fields(self)

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("user"):
            raise forms.ValidationError(_("Name the person or choose a user."))
        return data


class EndForm(forms.Form):
    until = forms.DateField(label=_("until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason / note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 5}))


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(label=_("measure"), choices=Measure.choices)
    taken_on = forms.DateField(label=_("taken on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)


class ReferralForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.order_by("path"))
    misconduct = forms.ChoiceField(label=_("misconduct"), choices=Misconduct.choices)
    petition_number = forms.CharField(label=_("petition number (optional)"), required=False)
    summary = forms.CharField(label=_("matter"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferralRecordForm(forms.Form):
    findings = forms.CharField(
        label=_("findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    people = forms.CharField(
        label=_("people held responsible"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    close = forms.BooleanField(label=_("close the referral"), required=False)


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )
