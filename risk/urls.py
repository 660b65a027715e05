from django.urls import path

from . import registers_urls, screening_views

app_name = "risk"

urlpatterns: list = []  # the registers add their paths here

# 隐患排查 and sensitive-period daily reports.
urlpatterns += [
    path("screening/", screening_views.screening_list, name="screening_list"),
    path("screening/start/", screening_views.screening_start, name="screening_start"),
    path("screening/<int:pk>/", screening_views.screening_detail, name="screening_detail"),
    path("screening/<int:pk>/hazards/", screening_views.hazard_add, name="hazard_add"),
    path("screening/<int:pk>/zero/", screening_views.screening_zero, name="screening_zero"),
    path("screening/<int:pk>/sign/", screening_views.screening_sign, name="screening_sign"),
    path("hazards/<int:pk>/status/", screening_views.hazard_status, name="hazard_status"),
    path("hazards/<int:pk>/dispatch/", screening_views.hazard_dispatch, name="hazard_dispatch"),
    path(
        "screening/month/", screening_views.screening_month_current, name="screening_month_current"
    ),
    path("screening/month/<str:key>/", screening_views.screening_month, name="screening_month"),
    path(
        "screening/month/<str:key>/notice/",
        screening_views.screening_notice,
        name="screening_notice",
    ),
    path(
        "screening/month/<str:key>/notice.pdf",
        screening_views.screening_notice_pdf,
        name="screening_notice_pdf",
    ),
    path(
        "screening/month/<str:key>/notice.xlsx",
        screening_views.screening_notice_xlsx,
        name="screening_notice_xlsx",
    ),
    path("daily/", screening_views.daily, name="daily"),
    path("daily/file/", screening_views.daily_file, name="daily_file"),
]
urlpatterns += registers_urls.urlpatterns
