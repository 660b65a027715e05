"""The project's form renderer: Bootstrap markup without crispy's per-field templates."""

from django import forms
from django.template import Context, Template

from organization.forms import BootstrapForm


class SampleForm(BootstrapForm):
    name = forms.CharField(label="姓名", help_text="全名")
    kind = forms.ChoiceField(label="类别", choices=[("a", "甲"), ("b", "乙<丙>")])
    nature = forms.ChoiceField(
        label="性质", choices=[("x", "建议"), ("y", "申诉")], widget=forms.RadioSelect
    )
    urgent = forms.BooleanField(label="紧急", required=False)


def render(template, **context):
    return Template(template).render(Context(context))


def test_a_field_group_carries_bootstrap_classes_label_and_help():
    html = render("{{ form.name.as_field_group }}{{ form.kind.as_field_group }}", form=SampleForm())
    assert 'id="div_id_name"' in html
    required_label = 'class="form-label requiredField">姓名<span class="asteriskField">*</span>'
    assert required_label + "</label>" in html
    assert 'class="form-control"' in html
    assert '<div id="id_name_helptext" class="form-text">全名</div>' in html
    assert '<select name="kind" class="form-select"' in html


def test_select_options_are_escaped_and_the_bound_value_is_selected():
    html = render("{{ form.kind }}", form=SampleForm(data={"kind": "b"}))
    assert '<option value="b" selected>乙&lt;丙&gt;</option>' in html
    assert '<option value="a">甲</option>' in html


def test_errors_mark_the_widget_invalid_and_show_the_message():
    form = SampleForm(data={"name": "", "kind": "z", "nature": "y"})
    html = render("{{ form.name.as_field_group }}{{ form.kind.as_field_group }}", form=form)
    assert 'class="form-control is-invalid"' in html
    assert 'class="form-select is-invalid"' in html
    assert html.count('class="invalid-feedback d-block"') == 2


def test_radios_and_checkbox_keep_their_choice_and_their_own_classes():
    html = render("{{ form }}", form=SampleForm(data={"nature": "y", "urgent": "on"}))
    assert 'value="y" id="id_nature_1" checked' in html
    assert 'value="x" id="id_nature_0" required>' in html
    checkbox = '<input type="checkbox" name="urgent" class="form-check-input" id="id_urgent"'
    assert checkbox + " checked>" in html


def test_non_field_errors_are_an_alert():
    form = SampleForm(data={"name": "x", "kind": "a", "nature": "x"})
    form.is_valid()
    form.add_error(None, "整体有误")
    alert = '<div class="alert alert-danger"><ul class="m-0"><li>整体有误</li></ul></div>'
    assert alert in render("{{ form }}", form=form)
