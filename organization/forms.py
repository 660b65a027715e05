from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from organization.form_html import OPTION_TEMPLATE, form_html, option_html, select_open_html
from organization.models import tree_label

# Bootstrap's class for each kind of widget (BoundField.widget_type).
WIDGET_CLASSES = {
    "checkbox": "form-check-input",
    "radioselect": "form-check-input",
    "checkboxselectmultiple": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
}


class BootstrapBoundField(forms.BoundField):
    """A field that dresses its widget in Bootstrap's classes as it renders.

    What crispy-forms does per field through several templates, done once in Python:
    the hot forms (registration, the case page's actions) render through
    `templates/forms/` with it, the others through crispy, to the same markup.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = (attrs.get("class") or widget.attrs.get("class", "")).split()
        wanted = [WIDGET_CLASSES.get(self.widget_type, "form-control")]
        if self.errors:
            wanted.append("is-invalid")
        missing = [name for name in wanted if name not in classes]
        if missing:
            attrs["class"] = " ".join(classes + missing)
        return attrs


class FormRenderer(TemplatesSetting):
    """The project's forms and widgets (FORM_RENDERER).

    `templates/forms/` holds the Bootstrap markup of a plain form; its fields and the
    common widgets are written in Python (`organization.form_html`), the rest by their
    templates.
    """

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        html = form_html(template_name, context)
        return super().render(template_name, context, request) if html is None else html


class BootstrapForm(forms.Form):
    """A form whose `{{ form }}` and `{{ form.field.as_field_group }}` are Bootstrap's."""

    bound_field_class = BootstrapBoundField


class ProfileForm(forms.Form):
    """A user's own settings: where reminders go."""

    email = forms.EmailField(label=_("E-mail address"), required=False)
    email_notifications = forms.BooleanField(
        label=_("Send deadline reminders to my e-mail as well as the inbox"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("email_notifications") and not data.get("email"):
            self.add_error("email", _("Enter an e-mail address to receive reminders by e-mail."))
        return data


class PlainChoiceIterator(forms.models.ModelChoiceIterator):
    """Options read by one plain query: Django's iterator() opens a server-side cursor
    (DECLARE … WITH HOLD on PostgreSQL), which costs more than a few dozen people do."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of a few dozen rows at most (people of a unit): read in one query."""

    iterator = PlainChoiceIterator


class TreeChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a tree (units, categories) from three columns, in the queryset's
    order: no model instance per option (a province's 300 units, twice on a list page)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = self.field.to_field_name or "pk"
        for value, depth, name in self.queryset.values_list(key, "depth", "name"):
            yield (forms.models.ModelChoiceIteratorValue(value, None), tree_label(depth, name))


class TreeSelect(forms.Select):
    """The select of a tree's options, written from its (value, label) pairs.

    Django's Select builds a dict per option (create_option) for its option template, a
    millisecond for a province's units, and a list page shows two. The markup is
    organization.form_html's, which is Django's template's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected or self.option_template_name != OPTION_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        # The select's own attributes and value as Django's widgets work them out,
        # without the options (ChoiceWidget.get_context adds them).
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = widget["value"]
        options, found = [], False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group: Django's way
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            selected = not found and text in chosen
            found |= selected
            options.append(option_html(text, label, selected))
        return mark_safe(select_open_html(widget) + "".join(options) + "\n</select>")


class TreeChoiceField(forms.ModelChoiceField):
    """A choice of a unit or a category, shown as an indented tree."""

    widget = TreeSelect
    iterator = TreeChoiceIterator

    def label_from_instance(self, obj):
        return obj.tree_label
