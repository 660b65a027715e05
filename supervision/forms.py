from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.scope import visible_units
from petitions.forms import DateInput, UnitChoiceField
from petitions.models import Holiday

from .models import SupervisionNotice

OVERDUE, DUE_SOON = "overdue", "due_soon"


class SupervisionFilter(forms.Form):
    view = forms.ChoiceField(
        label=_("List"),
        choices=[(OVERDUE, _("Overdue")), (DUE_SOON, _("Due soon"))],
        required=False,
    )
    days = forms.IntegerField(
        label=_("Due within (days)"),
        min_value=1,
        max_value=90,
        required=False,
        error_messages={
            "min_value": _("Enter a number of days from 1 to 90."),
            "max_value": _("Enter a number of days from 1 to 90."),
        },
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css


class NoticeFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All")),
            ("awaiting", _("Awaiting feedback")),
            ("late", _("Feedback late")),
            ("answered", _("Answered")),
        ],
        required=False,
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user)
        self.fields["status"].widget.attrs["class"] = "form-select"
        self.fields["unit"].widget.attrs["class"] = "form-select"


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        max_length=4000,
    )


MANUAL_CAUSES = [
    (value, label)
    for value, label in SupervisionNotice.Cause.choices
    if value != SupervisionNotice.Cause.OVERDUE
]


class NoticeIssueForm(forms.Form):
    """A 督办单 issued by hand on the case page (XG 40)."""

    prefix = "supervise"

    cause = forms.ChoiceField(label=_("Cause"), choices=MANUAL_CAUSES)
    facts = forms.CharField(
        label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    suggestions = forms.CharField(
        label=_("Improvement suggestions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    feedback_due = forms.DateField(label=_("Feedback due"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "feedback_due",
                Holiday.objects.work_calendar().add(
                    timezone.localdate(), settings.SUPERVISION_FEEDBACK_DAYS
                ),
            )
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "cause" else "form-control"

    def clean_feedback_due(self):
        due = self.cleaned_data["feedback_due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The feedback date cannot be in the past."))
        return due
