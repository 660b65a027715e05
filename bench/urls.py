"""The application's URLs plus the bench's floor view (bench.settings only)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as application_urls
from organization.models import Unit


def floor(request):
    """One query and a few bytes, through the same middleware as every page."""
    return HttpResponse(f"{Unit.objects.count()}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *application_urls]
