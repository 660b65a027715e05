from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    """责任追究: reads organization, notifications, petitions, supervision, reception and
    risk; writes only its own tables; plugs into the lower apps' registries and signals."""

    name = "accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from django.db.models.signals import post_save

        from notifications import kinds
        from petitions import detail, signals
        from reception.models import SkipLevelVisit

        from . import receivers, services
        from .detail import chain_section

        kinds.register(services.KIND_CONSEQUENCE, _("Accountability consequence"))
        kinds.register(services.KIND_REFERRAL, _("Referral to discipline inspection"))
        detail.register(chain_section)
        signals.petition_registered.connect(
            receivers.petition_registered, dispatch_uid="accountability_referral_petition"
        )
        post_save.connect(
            receivers.skip_level_saved,
            sender=SkipLevelVisit,
            dispatch_uid="accountability_referral_skip_level",
        )
