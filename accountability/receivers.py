"""Referrals raised as the lower apps record: a registered collective petition of more
than 20 people (petitions' signal, after commit) and a skip-level record of more than
20 (reception's model save, after commit)."""

from django.db import transaction

from . import services


def petition_registered(sender, *, petition, **kwargs):
    services.referral_for_petition(petition=petition)


def skip_level_saved(sender, *, instance, raw=False, **kwargs):
    if raw:
        return
    visit_pk = instance.pk

    def raise_referral():
        from reception.models import SkipLevelVisit

        visit = (
            SkipLevelVisit.objects.select_related("responsible_unit").filter(pk=visit_pk).first()
        )
        if visit is not None:
            services.referral_for_skip_level(visit=visit)

    transaction.on_commit(raise_referral)
