"""Choice labels from a map built once per field, and tree selects read from three
columns: the same labels and options as Django's own, for less work per page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from organization.forms import TreeChoiceField
from organization.models import Unit
from petitions.models import Channel, Petition


def test_a_choice_label_follows_the_language_of_the_request():
    petition = Petition(channel=Channel.VISIT, state=Petition.State.IN_PROGRESS)
    with translation.override("en"):
        assert petition.get_channel_display() == str(Channel.VISIT.label)
        english = petition.get_state_display()
    with translation.override("zh-hans"):
        chinese = petition.get_state_display()
    assert english == "In progress"
    assert chinese != english  # the map keeps the lazy label, translated when shown


def test_a_value_outside_the_choices_shows_as_itself():
    assert Petition(channel="pigeon").get_channel_display() == "pigeon"


def test_a_tree_select_lists_the_units_indented_in_tree_order(group_root, unit_a, section_a1):
    field = TreeChoiceField(queryset=Unit.objects.order_by("path"), empty_label="任意")
    with CaptureQueriesContext(connection) as queries:
        options = [(str(value), label) for value, label in field.choices]
    assert len(queries) == 1  # three columns, one query, no model instance per option
    assert options == [
        ("", "任意"),
        (str(group_root.pk), "测试集团"),
        (str(unit_a.pk), "\u3000甲煤矿"),
        (str(section_a1.pk), "\u3000\u3000甲矿综采一区"),
    ]
    # Choosing still validates against the queryset, and returns the unit.
    assert field.clean(str(section_a1.pk)) == section_a1
    assert field.label_from_instance(section_a1) == section_a1.tree_label
