from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

register = template.Library()


@register.filter
def percent(value):
    """0.8734 → 87.3%; no value → —."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def change(value):
    """A relative change with its sign: +12.5% / -3.0%."""
    if value is None or value == "":
        return "—"
    value = float(value) * 100
    return f"{value:+.1f}%"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag
def accountability_sections(notice):
    """The sections accountability adds to the notice (scores, ranking, consequences,
    整改 status): accountability.notice is the registry."""
    from accountability.notice import sections_for

    return sections_for(notice.year, notice.month)


# The notice's frozen figures carry texts in the site's language (summary, labels).
# Read in another language, the labels are looked up again by their keys and the
# summary is worded again from the frozen numbers; in the site's language they are
# printed as frozen.


def _in_site_language() -> bool:
    return (translation.get_language() or "").lower() == settings.LANGUAGE_CODE.lower()


@register.simple_tag
def notice_summary(notice):
    """The notice's opening paragraph in the reader's language."""
    if _in_site_language():
        return notice.figures["summary"]
    from reports.figures import summary

    return summary(notice.figures)


@register.filter
def nature_label(row):
    """A by-nature row's heading (建议意见类 …) in the reader's language."""
    from petitions.models import Nature

    if _in_site_language() or row.get("key") not in Nature.values:
        return row["label"]
    return Nature(row["key"]).label


@register.filter
def row_label(row):
    """A statistics row's heading: the unit's name, or Total / Not yet assigned."""
    from reports.statistics import UNASSIGNED

    if _in_site_language():
        return row["unit"]
    if row.get("kind") == "total":
        return gettext("Total")
    if row.get("kind") == "unassigned":
        return str(UNASSIGNED)
    return row["unit"]


@register.filter
def live_columns(columns):
    """The table's columns with their labels and groups in the reader's language."""
    from reports.statistics import COLUMNS

    if _in_site_language():
        return columns
    known = {column.key: column for column in COLUMNS}
    relabelled = []
    for column in columns:
        live = known.get(column["key"])
        if live is not None:
            column = {**column, "label": str(live.label), "group": str(live.group)}
        relabelled.append(column)
    return relabelled


@register.filter
def name_list(names):
    """Names joined as in a sentence: 甲、乙 in Chinese, A, B in English."""
    from reports.figures import list_separator

    return list_separator().join(str(name) for name in names or ())
