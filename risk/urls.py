from . import registers_urls

app_name = "risk"

urlpatterns: list = []  # the registers add their paths here
urlpatterns += registers_urls.urlpatterns
