from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from petitions.models import Petition

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


def days_text(days: int) -> str:
    if days < 0:
        return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days}
    if days == 0:
        return _("due today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


@register.simple_tag
def due_badge(due, today):
    """The running clock of a case: red when overdue, amber within three days."""
    if due is None:
        return "—"
    days = (due - today).days
    style = "danger" if days < 0 else "warning text-dark" if days <= 3 else "light text-dark border"
    return format_html(
        '<span class="badge text-bg-{}" title="{}">{}</span>',
        style,
        due.isoformat(),
        days_text(days),
    )


CLOCK_STYLES = {
    "met": ("success", gettext_lazy("met")),
    "late": ("warning text-dark", gettext_lazy("met late")),
    "overdue": ("danger", None),
    "running": ("primary", None),
    "lapsed": ("secondary", gettext_lazy("window closed")),
}


@register.simple_tag
def clock_badge(clock):
    style, label = CLOCK_STYLES[clock.status]
    if label is None:
        label = days_text(clock.days_left)
    return format_html('<span class="badge text-bg-{}">{}</span>', style, label)


EXTRA_EVENT_LABELS = {
    "register": gettext_lazy("Registered"),
    "system_close": gettext_lazy("Closed by the system"),
}


@register.filter
def event_label(event):
    from petitions.actions import ACTIONS_BY_NAME

    action = ACTIONS_BY_NAME.get(event.action)
    if action is not None:
        return action.label
    return EXTRA_EVENT_LABELS.get(event.action, event.action)


@register.filter
def state_label(value):
    try:
        return Petition.State(value).label
    except ValueError:
        return value
