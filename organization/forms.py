from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    """A user's own settings: where reminders go."""

    email = forms.EmailField(label=_("E-mail address"), required=False)
    email_notifications = forms.BooleanField(
        label=_("Send deadline reminders to my e-mail as well as the inbox"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("email_notifications") and not data.get("email"):
            self.add_error("email", _("Enter an e-mail address to receive reminders by e-mail."))
        return data
