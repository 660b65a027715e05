from django.urls import path, re_path

from . import views

app_name = "reports"

MONTH = r"(?P<key>[0-9]{4}-[0-9]{2})"

urlpatterns = [
    path("", views.notice_list, name="list"),
    re_path(rf"^monthly/{MONTH}/$", views.monthly, name="monthly"),
    re_path(
        rf"^monthly/{MONTH}/(?P<action>build|issues|publish|correct)/$",
        views.monthly_action,
        name="action",
    ),
    re_path(rf"^monthly/{MONTH}\.xlsx$", views.monthly_xlsx, name="xlsx"),
    re_path(rf"^monthly/{MONTH}\.pdf$", views.monthly_pdf, name="pdf"),
]
