"""The registers' paths, appended to risk/urls.py."""

from django.urls import path

from . import registers_views as views

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/sign/", views.assessment_sign, name="assessment_sign"),
    path(
        "assessments/<int:pk>/implemented/",
        views.assessment_implemented,
        name="assessment_implemented",
    ),
    path("assessments/<int:pk>/print/", views.assessment_print, name="assessment_print"),
    path("assessments/<int:pk>/report.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("key-persons/", views.keyperson_list, name="keyperson_list"),
    path("key-persons/flag/", views.keyperson_flag, name="keyperson_flag"),
    path("key-persons/<int:pk>/", views.keyperson_detail, name="keyperson_detail"),
    path("key-persons/<int:pk>/note/", views.keyperson_note, name="keyperson_note"),
    path("backlog/", views.backlog_list, name="backlog_list"),
    path("backlog/export.xlsx", views.backlog_export, name="backlog_export"),
    path("backlog/<int:pk>/", views.backlog_detail, name="backlog_detail"),
    path("backlog/<int:pk>/progress/", views.backlog_progress, name="backlog_progress"),
    path("backlog/<int:pk>/close/", views.backlog_close, name="backlog_close"),
    path("backlog/plan/<str:number>/", views.backlog_plan_save, name="backlog_plan_save"),
    path(
        "reverse-check/<int:pk>/override/",
        views.reverse_check_override,
        name="reverse_check_override",
    ),
]
