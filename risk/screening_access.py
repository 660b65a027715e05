"""Who may do what with screening, each rule written once: the pages offer, the
endpoints refuse (403/404) and the services raise by asking these."""

from django.shortcuts import get_object_or_404

from organization.models import Leadership
from petitions.models import acts_for_unit

from .models import DailyReport, Hazard, ScreeningReport


def may_oversee(user) -> bool:
    """一汇总, 一调度, 一通报, the overdue list and the daily grid: the office."""
    return user.has_perm("risk.oversee_screening")


def may_see_screening(user) -> bool:
    return user.has_perm("risk.view_screeningreport")


def may_file_for(user, unit) -> bool:
    """Start or fill in a report, file a daily report: the unit's own staff."""
    return (
        user.has_perm("risk.file_screeningreport")
        and user.unit_id is not None
        and user.unit_id == getattr(unit, "pk", None)
    )


def may_edit_report(user, report: ScreeningReport) -> bool:
    """Add hazards, declare 零报告: the unit's staff, until the leader signs."""
    return not report.is_filed and may_file_for(user, report.unit)


def may_sign_report(user, report: ScreeningReport) -> bool:
    """签发: a leader of that unit, on a report with hazards or a 零报告."""
    return (
        not report.is_filed
        and user.has_perm("risk.sign_screeningreport")
        and user.unit_id == report.unit_id
        and (report.is_zero_report or report.hazards.exists())
    )


def may_update_hazard(user, hazard: Hazard) -> bool:
    """Mark a hazard resolved / reported upwards: the unit's staff or the owning
    leader, once the report is filed."""
    if not hazard.report.is_filed or hazard.status == Hazard.Status.RESOLVED:
        return False
    if hazard.owning_leader_id == user.pk:
        return True
    return user.has_perm("risk.file_screeningreport") and acts_for_unit(user, hazard.report.unit)


def may_dispatch(user, hazard: Hazard) -> bool:
    """一调度: the office, on an open hazard of a filed report."""
    return may_oversee(user) and hazard.report.is_filed and hazard.status != Hazard.Status.RESOLVED


def is_main_leader_of(user, unit) -> bool:
    return user.unit_id == unit.pk and user.leadership == Leadership.MAIN


def get_report_for_user(user, pk: int) -> ScreeningReport:
    """The report, if the unit-scope rule lets the user see it; 404 otherwise."""
    queryset = ScreeningReport.objects.visible_to(user).select_related(
        "unit", "signed_by", "zero_declared_by", "created_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_hazard_for_user(user, pk: int) -> Hazard:
    queryset = Hazard.objects.visible_to(user).select_related(
        "report", "report__unit", "owning_leader", "category"
    )
    return get_object_or_404(queryset, pk=pk)


def get_daily_for_user(user, pk: int) -> DailyReport:
    return get_object_or_404(DailyReport.objects.visible_to(user), pk=pk)
