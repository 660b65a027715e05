from datetime import date, datetime

from django import template
from django.utils import timezone

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


@register.filter
def official_date(value):
    """The date as an official document (公文) prints it: 2026年12月4日. (Reports' own until
    the letters' filter is shared.)"""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    elif isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"
