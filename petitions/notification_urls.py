from django.urls import path

from . import notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.notification_list, name="list"),
    path("read-all/", notification_views.notification_read_all, name="read_all"),
    path("<int:pk>/read/", notification_views.notification_read, name="read"),
]
