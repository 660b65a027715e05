from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("public/", views.public_schedule, name="public"),
    path("public/notice/", views.public_notice, name="public_notice"),
    path("days/", views.day_list, name="day_list"),
    path("days/export.xlsx", views.day_export, name="day_export"),
    path("days/new/", views.day_create, name="day_create"),
    path("days/<int:pk>/", views.day_detail, name="day_detail"),
    path("days/<int:pk>/edit/", views.day_edit, name="day_edit"),
    path("days/<int:pk>/publish/", views.day_publish, name="day_publish"),
    path("days/<int:pk>/cancel/", views.day_cancel, name="day_cancel"),
    path("days/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("received/", views.received, name="received"),
    path("received/export.xlsx", views.received_export, name="received_export"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/export.xlsx", views.alert_export, name="alert_export"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert_detail"),
    path("skip-level/", views.skip_level_list, name="skip_level_list"),
    path("skip-level/export.xlsx", views.skip_level_export, name="skip_level_export"),
    path("skip-level/new/", views.skip_level_create, name="skip_level_create"),
    path("skip-level/<int:pk>/", views.skip_level_detail, name="skip_level_detail"),
    path("skip-level/<int:pk>/edit/", views.skip_level_edit, name="skip_level_edit"),
    path("duty/", views.duty, name="duty"),
    path("duty/export.xlsx", views.duty_export, name="duty_export"),
    path("sensitive-periods/", views.period_list, name="period_list"),
    path("sensitive-periods/new/", views.period_create, name="period_create"),
    path("sensitive-periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("sensitive-periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
]
