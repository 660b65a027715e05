app_name = "risk"

urlpatterns: list = []  # the registers add their paths here
