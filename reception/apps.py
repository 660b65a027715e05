from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Reception")

    def ready(self):
        from notifications import kinds
        from petitions import detail, signals

        from . import receivers
        from .detail import reception_section

        kinds.register("collective_alert", _("Collective visit alert"))
        detail.register(reception_section)
        signals.petition_registered.connect(
            receivers.raise_collective_alert, dispatch_uid="reception.collective_alert"
        )
