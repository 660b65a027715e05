"""The options of a select, written in Python.

Django writes each option through two templates (the option and its attributes);
on the long selects of the hot pages (units, categories, people) that was most of
the page's time. `templates/django/forms/widgets/select.html` calls this instead:
the same markup, escaped the same way.
"""

from html import escape

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


def _text(value) -> str:
    """conditional_escape without its lazy-string wrapper (a few thousand calls a page)."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _options(choices) -> str:
    return mark_safe(
        "".join(
            f'\n  <option value="{_text(option["value"])}"'
            f"{flatatt(option['attrs']) if option['attrs'] else ''}>{_text(option['label'])}"
            "</option>"
            for option in choices
        )
    )


@register.simple_tag
def select_options(optgroups):
    """`widget.optgroups` of a Select, as its <optgroup>s and <option>s."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            group = '\n  <optgroup label="{}">{}\n  </optgroup>'
            parts.append(format_html(group, group_name, _options(group_choices)))
        else:
            parts.append(_options(group_choices))
    return mark_safe("".join(parts))  # every part is built by format_html
