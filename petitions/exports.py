"""The petition list as a workbook: the rows the view filtered, written, nothing else."""

from collections import defaultdict
from datetime import date
from itertools import islice

from django.db.models import BooleanField, Case, ExpressionWrapper, Value, When
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from organization import xlsx

from .deadlines import counts_working_days, days_until
from .models import Channel, Holiday, Nature, Petition, PetitionPetitioner, identity_visible_q

# The columns a row needs, read as plain values (no model object per row).
EXPORT_FIELDS = (
    "pk",
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
)
CHUNK = 2000


def export_rows(petitions, user):
    """`petitions` (in their order) as value tuples, each with whether `user` may see
    who filed (identity_visible_q, the rule of Petition.identity_visible_to) and the
    petitioners' names where so: a chunk at a time from a server-side cursor, the
    names of a chunk in one query."""
    rule = identity_visible_q(user)
    shown = Case(When(rule, then=Value(True)), default=Value(False)) if rule else Value(True)
    rows = (
        petitions.prefetch_related(None)
        .annotate(identity_shown=ExpressionWrapper(shown, output_field=BooleanField()))
        .values_list(*EXPORT_FIELDS, "identity_shown")
        .iterator(chunk_size=CHUNK)
    )
    confidential = _("(confidential)")
    while chunk := list(islice(rows, CHUNK)):
        names = defaultdict(list)
        for petition_id, name in (
            PetitionPetitioner.objects.filter(petition_id__in=[row[0] for row in chunk if row[-1]])
            .order_by("petition_id", "position", "pk")
            .values_list("petition_id", "name")
        ):
            names[petition_id].append(name)
        for row in chunk:
            yield row, "、".join(names[row[0]]) if row[-1] else confidential


def petition_sheet(petitions, *, user, today: date) -> xlsx.Sheet:
    """One row per case of `petitions` (the list's queryset, in its order), read as
    the workbook is written; the petitioners' names only where `user` may know who
    filed. Labels are looked up per row in dictionaries built once."""
    channels, natures = xlsx.labels(Channel.choices), xlsx.labels(Nature.choices)
    states = xlsx.labels(Petition.State.choices)
    calendar = Holiday.objects.work_calendar() if counts_working_days() else None

    def rows():
        for row, names in export_rows(petitions, user):
            _pk, number, received, channel, nature, category, people, summary, unit = row[:9]
            state, due, clock = row[9:12]
            overdue = days_until(due, today=today, calendar=calendar, clock=clock) if due else None
            yield (
                number,
                received,
                channels.get(channel, channel),
                natures.get(nature, nature),
                category,
                names,
                people,
                summary,
                unit or "",
                states.get(state, state),
                due,
                max(-overdue, 0) if due else None,
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
    return xlsx.Sheet(_("Petitions"), heading, columns, rows())


def petition_workbook_response(petitions, *, user, today: date) -> StreamingHttpResponse:
    return xlsx.workbook_response(
        [petition_sheet(petitions, user=user, today=today)], f"petitions-{today:%Y%m%d}.xlsx"
    )
