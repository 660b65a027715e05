"""The public progress query page, `/query/` (no login)."""

import math
from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .forms import ProgressQueryForm
from .progress import client_ip, count_attempt, find_petition, progress_of

TEMPLATE = "petitions/progress_query.html"


@login_not_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code", "phone_last4", "check_code")
@never_cache
def progress_query(request):
    if request.method == "GET":
        return render(request, TEMPLATE, {"form": ProgressQueryForm()})

    attempt = count_attempt(client_ip(request))
    if attempt.unavailable:
        error = _("The query service is temporarily unavailable. Please try again later.")
        return render(request, TEMPLATE, {"error": error, "throttled": True}, status=503)
    if not attempt.allowed:
        minutes = math.ceil(attempt.retry_after / 60)
        retry_at = timezone.localtime() + timedelta(seconds=attempt.retry_after)
        error = ngettext(
            "Too many attempts from your connection in the last hour. Please try again after "
            "%(time)s (in %(minutes)d minute).",
            "Too many attempts from your connection in the last hour. Please try again after "
            "%(time)s (in %(minutes)d minutes).",
            minutes,
        ) % {"time": time_format(retry_at, "H:i"), "minutes": minutes}
        return render(request, TEMPLATE, {"error": error, "throttled": True}, status=429)

    form = ProgressQueryForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form})
    data = form.cleaned_data
    petition = find_petition(data["code"], data["phone_last4"], data["check_code"])
    if petition is None:
        # One message whichever part was wrong: the page must not confirm a code.
        error = _(
            "No petition matches this query code and phone number or check code. Check them "
            "against your notice or receipt and try again."
        )
        return render(request, TEMPLATE, {"form": form, "error": error})
    return render(
        request,
        TEMPLATE,
        {"progress": progress_of(petition), "query_code": form.cleaned_data["code"]},
    )
