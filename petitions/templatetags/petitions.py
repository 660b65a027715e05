from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from petitions.deadlines import counts_working_days, days_until
from petitions.models import Holiday, Petition, case_unit_label

register = template.Library()

State = Petition.State
STATE_STYLES = {
    State.REGISTERED: "secondary",
    State.ASSIGNED: "info",
    State.IN_PROGRESS: "primary",
    State.AWAITING_SIGNOFF: "warning",
    State.AWAITING_REVIEW: "warning",
    State.REPLIED: "success",
    State.UNDER_REVIEW: "dark",
    State.REVIEWED: "dark",
    State.UNDER_REREVIEW: "dark",
    State.FINAL: "success",
    State.CLOSED: "success",
    State.TRANSFERRED: "light",
    State.REDIRECTED: "light",
    State.NOT_ACCEPTED: "light",
}


@register.simple_tag
def state_badge(petition):
    style = STATE_STYLES.get(petition.state, "secondary")
    text_class = " text-dark border" if style in ("light", "warning", "info") else ""
    return format_html(
        '<span class="badge badge-state text-bg-{}{}">{}</span>',
        style,
        text_class,
        petition.get_state_display(),
    )


def days_text(days: int, clock: str | None = None) -> str:
    """How days_until's count reads: in working days when the clock counts them."""
    if counts_working_days(clock):
        if days < 0:
            return ngettext(
                "%(days)d working day overdue", "%(days)d working days overdue", -days
            ) % {"days": -days}
        if days == 0:
            return _("due today")
        return ngettext("%(days)d working day left", "%(days)d working days left", days) % {
            "days": days
        }
    if days < 0:
        return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days}
    if days == 0:
        return _("due today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


def _calendar(context, clock: str | None):
    """The work calendar, loaded once per rendering, and only for a working-day clock."""
    if not counts_working_days(clock):
        return None
    if "work_calendar" not in context.render_context:
        context.render_context["work_calendar"] = Holiday.objects.work_calendar()
    return context.render_context["work_calendar"]


@register.simple_tag(takes_context=True)
def due_badge(context, due, today, clock=None):
    """The running clock of a case (its current_clock, counted in that clock's day mode):
    red when overdue, amber within three days."""
    if due is None:
        return "—"
    days = days_until(due, today=today, calendar=_calendar(context, clock), clock=clock)
    style = "danger" if days < 0 else "warning text-dark" if days <= 3 else "light text-dark border"
    return format_html(
        '<span class="badge text-bg-{}" title="{}">{}</span>',
        style,
        due.isoformat(),
        days_text(days, clock),
    )


CLOCK_STYLES = {
    "met": ("success", gettext_lazy("met")),
    "late": ("warning text-dark", gettext_lazy("met late")),
    "overdue": ("danger", None),
    "running": ("primary", None),
    "lapsed": ("secondary", gettext_lazy("window closed")),
    "ended": ("light text-dark border", pgettext_lazy("clock", "ended early")),
}


@register.simple_tag
def clock_badge(clock):
    style, label = CLOCK_STYLES[clock.status]
    if label is None:
        label = days_text(clock.days_left, clock.name)
    return format_html('<span class="badge text-bg-{}">{}</span>', style, label)


EXTRA_EVENT_LABELS = {
    "register": gettext_lazy("Registered"),
    "system_close": gettext_lazy("Closed by the system"),
    "issue_check_code": gettext_lazy("New check code issued"),
}


@register.filter
def event_label(event):
    from petitions.actions import ACTIONS_BY_NAME
    from petitions.detail import EVENT_LABELS

    action = ACTIONS_BY_NAME.get(event.action)
    if action is not None:
        return action.label
    return EXTRA_EVENT_LABELS.get(event.action) or EVENT_LABELS.get(event.action, event.action)


@register.filter
def state_label(value):
    try:
        return Petition.State(value).label
    except ValueError:
        return value


@register.filter
def case_unit(unit_name):
    """A count row's responsible unit name as every dashboard panel names it."""
    return case_unit_label(unit_name)
