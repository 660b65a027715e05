"""Fields and widgets written in Python give the markup of their templates."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from organization.forms import BootstrapForm, FormRenderer
from tests.petitions.factories import advance, register

TRICKY = 'a "quoted" <b>&amp; 值'


class TemplateRenderer(FormRenderer):
    """The project's renderer with every field and widget left to its template."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request)


WIDGETS = [
    (forms.TextInput(), TRICKY),
    (forms.TextInput(attrs={"placeholder": TRICKY, "required": True, "disabled": False}), None),
    (forms.TextInput(attrs={"data-x": None, "maxlength": 20, "title": gettext_lazy("Name")}), ""),
    (forms.TextInput(attrs={"data-safe": mark_safe("<i>")}), mark_safe("<b>")),
    (forms.NumberInput(attrs={"min": 0, "step": "0.5"}), 3),
    (forms.EmailInput(), "a@b.cn"),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 5)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 5, 9, 30)),
    (forms.HiddenInput(), 42),
    (forms.PasswordInput(render_value=True), TRICKY),
    (forms.URLInput(), "https://example.com/?a=1&b=2"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), False),
    (forms.FileInput(attrs={"accept": ".pdf,.jpg", "capture": True}), None),
    (forms.Textarea(attrs={"rows": 3}), TRICKY + "\n第二行"),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=[("", "---------"), ("a", "甲"), ("b", TRICKY)]), "b"),
    (forms.Select(choices=[(1, "一"), (2, "二")]), 2),
    (forms.Select(choices=[("煤矿", [("x", "综采"), ("y", "掘进")]), ("z", "其他")]), "y"),
    (forms.Select(choices=[(TRICKY, [("q", mark_safe("<em>安全</em>"))])]), None),
    (forms.SelectMultiple(choices=[("a", "甲"), ("b", "乙"), ("c", "丙")]), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
]


@pytest.mark.fast
@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
def test_each_widget_is_written_as_django_s_template_writes_it(widget, value):
    attrs = {"id": "id_field", "aria-describedby": "id_field_helptext"}
    expected = widget.render("field", value, attrs=attrs, renderer=TemplateRenderer())
    assert widget.render("field", value, attrs=attrs, renderer=FormRenderer()) == expected


@pytest.mark.fast
def test_a_widget_with_its_own_option_template_keeps_it():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Marked(choices=[("a", "甲")])
    expected = widget.render("f", "a", renderer=TemplateRenderer())
    assert widget.render("f", "a", renderer=FormRenderer()) == expected
    assert "<option" not in expected


class EveryKindOfField(BootstrapForm):
    name = forms.CharField(label="姓名", help_text="全名 <b>safe help</b>")
    note = forms.CharField(label="", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label=TRICKY, choices=[("a", "甲"), ("b", TRICKY)])
    nature = forms.ChoiceField(
        label="性质", choices=[("x", "建议"), ("y", TRICKY)], widget=forms.RadioSelect
    )
    flags = forms.MultipleChoiceField(
        label="",
        required=False,
        choices=[(1, "重点"), (2, "集体")],
        widget=forms.CheckboxSelectMultiple,
        help_text="可多选",
    )
    tags = forms.MultipleChoiceField(
        label="标签",
        choices=[(1, "一")],
        widget=forms.CheckboxSelectMultiple(attrs={"disabled": True}),
    )
    urgent = forms.BooleanField(label="紧急", required=False)
    agreed = forms.BooleanField(label="同意", help_text="须勾选")
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    count = forms.IntegerField(label="人数", min_value=1)

    def clean(self):
        raise forms.ValidationError(TRICKY)


@pytest.mark.fast
@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (None, 'id="div_f_name"'),
        (
            {"name": "", "kind": "z", "nature": "w", "count": "0", "tags": ["1", "2"]},
            "invalid-feedback",
        ),
        (
            {
                "name": TRICKY,
                "note": TRICKY,
                "kind": "b",
                "nature": "y",
                "flags": ["2"],
                "urgent": "on",
                "agreed": "on",
                "token": TRICKY,
                "count": "3",
                "tags": ["1"],
            },
            "alert-danger",
        ),
    ],
    ids=["unbound", "errors", "valid-fields"],
)
def test_each_kind_of_field_is_written_as_its_template_writes_it(data, shown):
    def rendered(renderer):
        form = EveryKindOfField(data=data, auto_id="f_%s", renderer=renderer)
        if form.is_bound:
            form.is_valid()
        return str(form)

    written = rendered(FormRenderer())
    assert written == rendered(TemplateRenderer())
    assert shown in written


def _without_tokens(html):
    """CSRF tokens are masked afresh on every response, a form's submission token is new."""
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html)
    return re.sub(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "UUID", html)


@pytest.mark.django_db
def test_the_pages_with_forms_are_the_same_as_with_django_s_templates(
    client, settings, clerk, handler, leader, office, unit_a
):
    people = {"clerk": clerk, "handler": handler, "leader": leader, "office": office}
    petition = advance(register(by=clerk), "in_progress", unit=unit_a, **people)
    pages = [
        (clerk, reverse("petitions:create")),
        (clerk, reverse("petitions:list") + "?q=" + TRICKY),
        (handler, reverse("petitions:detail", args=[petition.number])),
        (office, reverse("petitions:detail", args=[petition.number])),
    ]
    for user, url in pages:
        client.force_login(user)
        written = client.get(url)
        settings.FORM_RENDERER = "tests.organization.test_form_html.TemplateRenderer"
        templated = client.get(url)
        settings.FORM_RENDERER = "organization.forms.FormRenderer"
        assert written.status_code == templated.status_code == 200
        assert "<select" in written.text
        assert "<input" in written.text
        assert _without_tokens(written.text) == _without_tokens(templated.text), url


TREE_CHOICES = [("", "---------"), (1, "甲煤矿"), (2, "\u3000" + TRICKY), (None, "无"), ("3", "丙")]


@pytest.mark.fast
@pytest.mark.parametrize("value", [None, "", 1, "2", 3, [2], "9", TRICKY])
def test_a_tree_select_is_written_as_django_s_select_template_writes_it(value):
    from organization.forms import TreeSelect

    widget = TreeSelect(attrs={"class": "form-select form-select-sm"}, choices=TREE_CHOICES)
    attrs = {"id": "id_unit", "required": True, "aria-describedby": "id_unit_helptext"}
    expected = forms.Select.render(widget, "unit", value, attrs=attrs, renderer=TemplateRenderer())
    assert widget.render("unit", value, attrs=attrs, renderer=FormRenderer()) == expected
    # Grouped choices are Django's to write.
    widget.choices = [("煤矿", [(1, "综采"), (2, "掘进")]), (3, "其他")]
    expected = forms.Select.render(widget, "unit", value, attrs=attrs, renderer=TemplateRenderer())
    assert widget.render("unit", value, attrs=attrs, renderer=FormRenderer()) == expected


@pytest.mark.django_db
def test_a_unit_choice_is_written_as_django_s_select_template_writes_it(people, section_a1):
    from organization.forms import TreeChoiceField, TreeSelect
    from organization.models import Unit

    field = TreeChoiceField(queryset=Unit.objects.order_by("path"), empty_label="全部")
    assert isinstance(field.widget, TreeSelect)
    for value in (None, section_a1.pk, str(people["unit"].pk)):
        expected = forms.Select.render(field.widget, "unit", value, renderer=TemplateRenderer())
        written = field.widget.render("unit", value, renderer=FormRenderer())
        assert written == expected
        chosen = "" if value is None else value
        assert written.count(" selected") == 1
        assert f'<option value="{chosen}" selected>' in written
