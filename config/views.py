from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .dashboard import panels_for
from .health import broker_status, database_status, email_status


def dashboard(request):
    return render(request, "dashboard.html", {"panels": panels_for(request)})


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database answers; the broker's and the e-mail outbox's state are
    reported, not required."""
    database = database_status()
    return JsonResponse(
        {
            "database": database,
            "broker": broker_status(),
            "email": email_status() if database == "ok" else {"status": "unknown"},
        },
        status=200 if database == "ok" else 503,
    )


def sign_in_locked(request, original_response=None, credentials=None):
    """django-axes' answer once a user name and address have failed too often (429)."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    return render(
        request,
        "registration/lockout.html",
        {
            "username": get_client_username(request, credentials) or "",
            "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        },
        status=429,
    )
