from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization.replica import reads_from_replica, replica_reads

from . import services
from .exports import figures_workbook, notice_pdf, notice_workbook_file
from .figures import build_figures, unit_figures
from .models import MonthlyNotice
from .periods import Period
from .statistics import by_category, unit_statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(key: str) -> Period:
    try:
        return Period.parse(key)
    except ValueError as error:
        raise Http404 from error


def _is_office(user) -> bool:
    return user.has_perm("reports.publish_monthlynotice")


def notice_list(request):
    today = timezone.localdate()
    current = Period.last_completed(today)
    notices = MonthlyNotice.objects.all() if _is_office(request.user) else []
    return render(
        request,
        "reports/notice_list.html",
        {"notices": notices, "recent": current.months_back(12)[::-1]},
    )


def monthly(request, key):
    """The office's notice for the period; other users: their own units' figures."""
    period = _period(key)
    if not _is_office(request.user):
        with replica_reads():  # figures only: the replica may serve them
            table = unit_statistics(period, user=request.user)
            return render(
                request,
                "reports/unit_figures.html",
                {
                    "period": period,
                    "table": table,
                    "by_category": by_category(period, user=request.user),
                },
            )
    notice = services.latest_notice(period)
    return render(
        request,
        "reports/notice_detail.html",
        {
            "period": period,
            "notice": notice,
            # Before the first draft, the office sees the live figures it would take.
            "preview": None if notice else unit_statistics(period),
            "versions": MonthlyNotice.objects.filter(year=period.year, month=period.month),
        },
    )


@require_POST
def monthly_action(request, key, action):
    period = _period(key)
    if not _is_office(request.user):
        raise PermissionDenied
    notice = services.latest_notice(period)
    try:
        if action == "build":
            services.notice_build(period=period, by=request.user)
            messages.success(request, _("The draft now has today's figures."))
        elif notice is None:
            raise Http404
        elif action == "issues":
            services.notice_set_issues(
                notice=notice,
                issues=request.POST.get("issues", ""),
                recipients=request.POST.get("recipients"),
                copy_to=request.POST.get("copy_to"),
                correction_reason=request.POST.get("correction_reason"),
                by=request.user,
            )
            messages.success(request, _("Saved."))
        elif action == "publish":
            services.notice_publish(notice=notice, by=request.user)
            messages.success(request, _("Published. The notice and its workbook are frozen."))
        elif action == "correct":
            services.notice_correct(notice=notice, by=request.user)
            messages.success(request, _("A new draft version was made for the correction."))
        else:
            raise Http404
    except services.ReportError as error:
        messages.error(request, str(error))
    return redirect("reports:monthly", key=period.key)


@reads_from_replica
def monthly_xlsx(request, key):
    period = _period(key)
    filename = f"monthly-{period.key}.xlsx"
    if not _is_office(request.user):
        output = figures_workbook(unit_figures(period, user=request.user))
    elif (notice := services.latest_notice(period)) is not None:
        output = notice_workbook_file(notice)
    else:
        output = figures_workbook(build_figures(period))
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)


def monthly_pdf(request, key):
    period = _period(key)
    if not _is_office(request.user):
        raise PermissionDenied
    notice = services.latest_notice(period)
    if notice is None:
        raise Http404
    filename = f"monthly-{period.key}-v{notice.version}.pdf"
    if not notice.is_draft and notice.document:
        return FileResponse(notice.document.open("rb"), as_attachment=True, filename=filename)
    response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
