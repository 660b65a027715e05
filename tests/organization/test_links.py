"""organization.links.reverser: the links reverse() gives, built once per view."""

import pytest
from django.urls import NoReverseMatch, reverse

from organization.links import reverser


@pytest.mark.fast
@pytest.mark.parametrize(
    "value",
    ["XF2026000001", "GDB2026-0001", 42, "a b", "甲乙", "x?y#z", "100%", "~:@!$&'()*+,;="],
)
def test_each_link_is_the_one_reverse_gives(value):
    for view in ("petitions:detail", "supervision:notice"):
        assert reverser(view)(value) == reverse(view, args=[value])


@pytest.mark.fast
@pytest.mark.parametrize("value", ["", "a/b"])
def test_a_value_the_url_refuses_is_refused_as_reverse_refuses_it(value):
    link = reverser("petitions:detail")
    with pytest.raises(NoReverseMatch):
        link(value)
