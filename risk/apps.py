from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """Prevention (治未病): monthly hazard screening with 零报告, daily reports in
    sensitive periods, stability risk assessments, key petitioners, backlog cases and
    the reverse check (倒查) of skip-level visits. Reads petitions, supervision and
    reception; plugs into them through their registries."""

    name = "risk"
    verbose_name = _("Risk prevention")

    def ready(self):
        from notifications import kinds

        from . import screening_services as screening

        kinds.register(screening.KIND_MAJOR, _("Major hazard"))
        kinds.register(screening.KIND_DISPATCH, _("Hazard dispatched"))
        kinds.register(screening.KIND_SCREENING_DUE, _("Screening report due"))
        kinds.register(screening.KIND_DAILY_DUE, _("Daily report due"))

        self.ready_registers()

    def ready_registers(self):
        from notifications import kinds
        from petitions import detail, person_notes, signals
        from reception.sections import register_skip_level_section
        from supervision import extra

        from . import registers_hooks as hooks
        from . import registers_services as services

        kinds.register(services.KIND_KEY_PERSON, _("Key petitioner"))
        person_notes.register(hooks.key_person_notes)
        detail.register(hooks.backlog_section, rows=[hooks.PLAN_OF_CASE])
        register_skip_level_section(hooks.reverse_check_section)
        extra.register(hooks.overdue_backlog_section)
        signals.petition_registered.connect(
            hooks.evaluate_on_registration, dispatch_uid="risk.key_persons"
        )
