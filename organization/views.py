from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .services import user_update_profile


class ProfileForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), required=False)
    email_notifications = forms.BooleanField(
        label=_("Send deadline reminders to my e-mail as well as the inbox"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("email_notifications") and not data.get("email"):
            self.add_error("email", _("Enter an e-mail address to receive reminders by e-mail."))
        return data


def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"email": user.email, "email_notifications": user.email_notifications},
    )
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your settings were saved."))
        return redirect("profile")
    return render(request, "registration/profile.html", {"form": form})
