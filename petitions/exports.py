"""The petition list as a workbook: the rows the view filtered, written, nothing else."""

from datetime import date

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from organization import xlsx

from .access import names_for
from .deadlines import counts_working_days, days_until
from .models import Channel, Holiday, Nature, Petition, PetitionPetitioner

# The columns a row needs (and the two names it shows), nothing else read.
EXPORT_FIELDS = (
    "number",
    "received_on",
    "channel",
    "nature",
    "category__name",
    "headcount",
    "summary",
    "responsible_unit__name",
    "state",
    "current_due",
    "current_clock",
    "registered_by",
    "extension",  # django-fsm reads every state field as a row is made
)


def export_rows(petitions):
    """`petitions` read for the workbook: only the exported columns, with the
    petitioners' names, a chunk at a time from a server-side cursor."""
    names = PetitionPetitioner.objects.only("petition_id", "name", "position")
    return (
        petitions.select_related("category", "responsible_unit")
        .only(*EXPORT_FIELDS)
        .prefetch_related(None)
        .prefetch_related(Prefetch("links", queryset=names))
        .iterator(chunk_size=2000)
    )


def petition_sheet(petitions, *, user, today: date) -> xlsx.Sheet:
    """One row per case of `petitions` (the list's queryset, in its order), read as
    the workbook is written; the petitioners' names only where `user` may know who
    filed. Labels are looked up per row in dictionaries built once."""
    channels, natures = xlsx.labels(Channel.choices), xlsx.labels(Nature.choices)
    states = xlsx.labels(Petition.State.choices)
    calendar = Holiday.objects.work_calendar() if counts_working_days() else None
    rows = (
        (
            petition.number,
            petition.received_on,
            channels.get(petition.channel, petition.channel),
            natures.get(petition.nature, petition.nature),
            petition.category.name,
            names_for(petition, user),
            petition.headcount,
            petition.summary,
            petition.responsible_unit.name if petition.responsible_unit else "",
            states.get(petition.state, petition.state),
            petition.current_due,
            max(
                -days_until(
                    petition.current_due,
                    today=today,
                    calendar=calendar,
                    clock=petition.current_clock,
                ),
                0,
            )
            if petition.current_due
            else None,
        )
        for petition in export_rows(petitions)
    )
    columns = [
        xlsx.Column(_("Number"), 16),
        xlsx.Column(_("Received on"), 12, xlsx.DATE),
        xlsx.Column(_("Channel"), 10),
        xlsx.Column(_("Nature"), 12),
        xlsx.Column(_("Category"), 14),
        xlsx.Column(_("Petitioner"), 16),
        xlsx.Column(_("Number of people"), 8, xlsx.INTEGER),
        xlsx.Column(_("Summary"), 40),
        xlsx.Column(_("Responsible unit"), 16),
        xlsx.Column(_("State"), 12),
        xlsx.Column(_("Due"), 12, xlsx.DATE),
        xlsx.Column(_("Days overdue"), 10, xlsx.INTEGER),
    ]
    heading = _("Petitions exported %(date)s") % {"date": today.isoformat()}
    return xlsx.Sheet(_("Petitions"), heading, columns, rows)


def petition_workbook_response(petitions, *, user, today: date) -> StreamingHttpResponse:
    return xlsx.workbook_response(
        [petition_sheet(petitions, user=user, today=today)], f"petitions-{today:%Y%m%d}.xlsx"
    )
