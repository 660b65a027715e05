"""Choice labels, looked up in a map built once per field.

Django's get_FOO_display rebuilds a hashable dict of the field's choices on every
call; a list page asks it a hundred times (state, channel, nature of 25 rows), and
that was a tenth of the page's time.
"""

from functools import cache

from django.utils.encoding import force_str


@cache
def choice_labels(field) -> dict:
    """{value: label} of a field's (flat) choices; the labels stay lazy (translated
    when shown, in the language of the request)."""
    return dict(field.flatchoices)


class ChoiceLabelsMixin:
    """A model whose get_FOO_display reads choice_labels (the same labels)."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
