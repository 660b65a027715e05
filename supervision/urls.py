from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.supervision_overview, name="overview"),
    path("export.xlsx", views.supervision_export, name="export"),
    path("run/", views.supervision_run, name="run"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/export.xlsx", views.notice_export, name="notices_export"),
    path("notices/<str:number>/", views.notice_detail, name="notice"),
    path("notices/<str:number>/print/", views.notice_print, name="notice_print"),
    path("notices/<str:number>.pdf", views.notice_pdf, name="notice_pdf"),
    path("cases/<str:number>/issue/", views.notice_issue, name="issue"),
]
