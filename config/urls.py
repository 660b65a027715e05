from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from organization.views import profile
from petitions.query_views import progress_query

from . import views

admin.site.site_header = _("Petition Case Management — administration")
admin.site.site_title = _("Petition Case Management")
admin.site.index_title = _("Units, users and rules")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("petitions/", include("petitions.urls")),
    path("reception/", include("reception.urls")),
    path("risk/", include("risk.urls")),
    path("accountability/", include("accountability.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("supervision/", include("supervision.urls")),
    path("accounts/profile/", profile, name="profile"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Public, so that the login page can switch language too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Public: the petitioner's progress query (no account).
    path("query/", progress_query, name="query"),
]
