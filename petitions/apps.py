from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from notifications import kinds

        kinds.register("registered", _("New petition"))
        kinds.register("assigned", _("Assigned case"))
        kinds.register("listed", _("Listed supervision"))
        kinds.register("handoff", _("Waiting for you"))
