"""How official documents (公文) write a date: one style for every letter and notice.

We write 2026年12月4日 (Arabic numerals, as GB/T 9704-2012 prescribes for the
成文日期), never 二〇二六年十二月四日 and never 2026-12-04. In a language other
than Chinese the locale's long date format is used, so an English print reads
naturally."""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone, translation

register = template.Library()


def official_date_text(value: date | datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):  # a date kept as text in stored figures
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if (translation.get_language() or "").lower().startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def official_date(value):
    """{{ petition.replied_on|official_date }} → 2026年3月2日."""
    return official_date_text(value)
