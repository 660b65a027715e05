from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from notifications import kinds
        from petitions import detail

        from . import services
        from .detail import supervision_section

        kinds.register(services.KIND_REMINDER, _("Deadline reminder"))
        kinds.register(services.KIND_OVERDUE, _("Overdue"))
        kinds.register(services.KIND_SUPERVISION, _("Supervision notice"))
        kinds.register(services.KIND_FEEDBACK, _("Supervision feedback"))
        detail.register(supervision_section, rows=["supervision_notices"])
        detail.register_event_label("supervision_notice", _("Supervision notice issued"))
        detail.register_event_label("supervision_feedback", _("Supervision feedback"))
