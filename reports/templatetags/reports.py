from django import template

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
