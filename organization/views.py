from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .services import user_update_profile


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
