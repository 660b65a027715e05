"""Workbooks of accountability: the payroll list of the pay ledger."""

from django.utils.translation import gettext_lazy as _

from organization.xlsx import Column, Sheet, labels, workbook_response

from .models import ChainRole, LedgerEntry


def payroll_rows(year: int):
    """Ledger lines the payroll department acts on in `year`: withheld for `year`, and
    older lines repaid or forfeited by `year`'s assessment."""
    states = labels(LedgerEntry.State.choices)
    roles = labels(ChainRole.choices)
    entries = (
        (LedgerEntry.objects.filter(year=year) | LedgerEntry.objects.filter(settled_year=year))
        .select_related("leader", "unit")
        .order_by("unit__path", "leader__full_name", "year")
    )
    for entry in entries:
        yield (
            entry.leader.get_full_name(),
            entry.leader.username,
            entry.unit.name,
            roles.get(entry.chain_role, entry.chain_role),
            entry.year,
            float(entry.percent),
            states.get(entry.state, entry.state),
            entry.settled_year or "",
        )


def payroll_response(year: int):
    columns = [
        Column(str(_("Leader")), 14),
        Column(str(_("User name")), 14),
        Column(str(_("Unit")), 20),
        Column(str(_("Role in the chain")), 24),
        Column(str(_("Year of the pay")), 10),
        Column(str(_("Percent of the year's pay")), 12),
        Column(str(_("State")), 10),
        Column(str(_("Settled by the assessment of")), 14),
    ]
    sheet = Sheet(
        str(_("Pay ledger")),
        str(_("Pay ledger for payroll, %(year)s") % {"year": year}),
        columns,
        payroll_rows(year),
    )
    return workbook_response([sheet], f"pay-ledger-{year}.xlsx")
