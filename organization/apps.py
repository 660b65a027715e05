from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organization")

    def ready(self):
        from .roles import sync_roles_after_migrate

        # Once per migrate (and per flush): every app's role rights onto the groups.
        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="organization.sync_roles"
        )
