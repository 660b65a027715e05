"""Text typed into the system, set as a letter's paragraphs."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def paragraphs(text: str):
    """One indented <p> per line of the text (escaped), as an official letter sets it."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines if line))
