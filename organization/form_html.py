"""The markup of a form's fields and common widgets, written in Python.

Django renders every widget through templates (input.html and attrs.html for a text
box, a template per <option> of a select), and every field through its field
template: about a millisecond a field, most of the time of a page with forms (the
registration form, a case's actions, a list's filters). The project's form renderer
writes them here instead: the same markup, escaped the same way, as Django's widget
templates and the project's `templates/forms/field.html`, which stays the readable
reference (tests/organization/test_form_html.py renders pages and forms both ways
and compares them). Any other template (a widget or field template of its own)
renders as a template.
"""

from html import escape

from django.utils.safestring import SafeData

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"

# Django's widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in [
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
}


def text(value) -> str:
    """`{{ value }}` of a string: escaped unless already safe (conditional_escape without
    its lazy wrapper: a few thousand calls on a page)."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def attrs_html(attrs) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {text(name)}" if value is True else f' {text(name)}="{text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget) -> str:
    value = "" if widget["value"] is None else f' value="{text(widget["value"])}"'
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}'
        f"{attrs_html(widget['attrs'])}>"
    )


def textarea_html(widget) -> str:
    value = text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>\n{value}</textarea>'
    )


def option_html(value, label, selected: bool) -> str:
    """select_option.html of an option with no attributes of its own but `selected`."""
    flag = " selected" if selected else ""
    return f'\n  <option value="{text(value)}"{flag}>{text(label)}</option>\n'


def options_html(options) -> str:
    return "".join(
        f'\n  <option value="{text(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{text(option['label'])}</option>\n"
        for option in options
    )


def select_open_html(widget) -> str:
    return f'<select name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>'


def select_html(widget) -> str | None:
    parts = [select_open_html(widget)]
    for group_name, options, _index in widget["optgroups"]:
        if any(option["template_name"] != OPTION_TEMPLATE for option in options):
            return None  # a widget with its own option template keeps it
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        parts.append(options_html(options))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _required(field, html) -> str:
    return html if field.field.required else ""


def _help_and_errors(field) -> str:
    """forms/_help_and_errors.html"""
    html = ""
    if field.errors:
        auto_id = text(field.auto_id)
        messages = "".join(
            f'<p id="error_{counter}_{auto_id}" class="mb-0"><strong>{text(error)}</strong></p>'
            for counter, error in enumerate(field.errors, start=1)
        )
        html = f'<div id="{auto_id}_error" class="invalid-feedback d-block">{messages}</div>'
    html += "\n"
    if field.help_text:
        helptext_id = f' id="{text(field.auto_id)}_helptext"' if field.auto_id else ""
        html += f'<div{helptext_id} class="form-text">{field.help_text}</div>'
    return html + "\n"


def _choice_html(field, choice) -> str:
    data = choice.data
    invalid = " is-invalid" if field.errors else ""
    flags = (
        (" checked" if data["selected"] else "")
        + (" required" if data["attrs"].get("required") else "")
        + (" disabled" if data["attrs"].get("disabled") else "")
    )
    return (
        f'\n    <div class="form-check"><input type="{text(data["type"])}" '
        f'class="form-check-input{invalid}" name="{text(data["name"])}" '
        f'value="{text(data["value"])}" id="{text(choice.id_for_label)}"{flags}>'
        f'\n      <label for="{text(choice.id_for_label)}" class="form-check-label">'
        f"{text(choice.choice_label)}</label></div>"
    )


def field_html(field) -> str:
    """forms/field.html: a field's label, widget, errors and help in Bootstrap's markup."""
    if field.is_hidden:
        return str(field)
    auto_id = text(field.auto_id)
    label = text(field.label)
    required = _required(field, " requiredField")
    asterisk = _required(field, '<span class="asteriskField">*</span>')
    kind = field.widget_type
    if kind == "checkbox":
        return (
            f'<div id="div_{auto_id}" class="form-check mb-3">\n  {field}\n'
            f'  <label for="{text(field.id_for_label)}" class="form-check-label{required}">'
            f"{label}{asterisk}</label>\n  {_help_and_errors(field)}\n</div>"
        )
    if kind in ("radioselect", "checkboxselectmultiple"):
        described = (
            f' aria-describedby="{text(field.aria_describedby)}"' if field.aria_describedby else ""
        )
        legend = (
            f'<legend class="form-label fs-6{required}">{label}{asterisk}</legend>'
            if field.label
            else ""
        )
        choices = "".join(_choice_html(field, choice) for choice in field)
        invalid = ' class="is-invalid"' if field.errors else ""
        return (
            f'<fieldset id="div_{auto_id}" class="mb-3"{described}>\n  {legend}\n'
            f"  <div{invalid}>{choices}\n  </div>\n"
            f"  {_help_and_errors(field)}\n</fieldset>"
        )
    label_for = f' for="{text(field.id_for_label)}"' if field.id_for_label else ""
    label_html = (
        f'<label{label_for} class="form-label{required}">{label}{asterisk}</label>'
        if field.label
        else ""
    )
    return (
        f'<div id="div_{auto_id}" class="mb-3">\n  {label_html}\n  {field}\n'
        f"  {_help_and_errors(field)}\n</div>"
    )


def form_div_html(context) -> str:
    """forms/div.html: the form's errors, its visible fields, then its hidden ones."""
    errors = context["errors"]
    alert = (
        '<div class="alert alert-danger"><ul class="m-0">'
        + "".join(f"<li>{text(error)}</li>" for error in errors)
        + "</ul></div>"
        if errors
        else ""
    )
    visible = "".join(field.as_field_group() for field, _errors in context["fields"])
    hidden = "".join(str(field) for field in context["hidden_fields"])
    # Stripped, as Django's renderer strips a rendered template.
    return f"{alert}\n{visible}\n{hidden}".strip()


WRITERS = {
    **dict.fromkeys(INPUT_TEMPLATES, lambda context: input_html(context["widget"])),
    "django/forms/widgets/textarea.html": lambda context: textarea_html(context["widget"]),
    "django/forms/widgets/select.html": lambda context: select_html(context["widget"]),
    "forms/field.html": lambda context: field_html(context["field"]),
    "forms/div.html": form_div_html,
}


def form_html(template_name, context) -> str | None:
    """The markup of a widget or field, or None when its template must render it."""
    write = WRITERS.get(template_name)
    return None if write is None else write(context)
