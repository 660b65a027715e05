from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .dashboard import panels_for
from .health import broker_status, database_status


def dashboard(request):
    return render(request, "dashboard.html", {"panels": panels_for(request)})


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database answers; the broker's state is reported, not required."""
    database = database_status()
    return JsonResponse(
        {"database": database, "broker": broker_status()},
        status=200 if database == "ok" else 503,
    )
