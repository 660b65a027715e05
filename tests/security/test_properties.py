"""Property-based: whatever a user types into the registration form, the list
filters or the public query page, the answer is a form error or a result, never
a 500."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from petitions.models import Category
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db

PROPERTY = hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as people paste it: any character (NUL included), or something that looks
# like a value of the field (numbers, dates, codes).
any_text = st.text(max_size=40)
numberish = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "1e400", "NaN", "²", "١٢", "0x10", "--1"]),
)
dateish = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 99999),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026/01/01", "today"]),
)
value = st.one_of(any_text, numberish, dateish)


def _ok(response):
    assert response.status_code in (200, 302, 400, 404), response.status_code


@PROPERTY
@given(
    fields=st.fixed_dictionaries(
        {
            "channel": st.one_of(st.sampled_from(["visit", "letter", "online"]), any_text),
            "received_on": dateish,
            "nature": st.one_of(st.sampled_from(["appeal", "accusation"]), any_text),
            "summary": any_text,
            "content": any_text,
            "headcount": numberish,
            "skip_level": st.one_of(st.sampled_from(["", "capital"]), any_text),
            "responsible_unit": numberish,
            "repeat_of": st.one_of(st.just(""), any_text),
            "people-TOTAL_FORMS": st.one_of(st.just("1"), numberish),
            "people-INITIAL_FORMS": st.one_of(st.just("0"), numberish),
            "people-0-name": any_text,
            "people-0-id_number": st.one_of(st.text("0123456789Xx", max_size=20), any_text),
            "people-0-phone": st.one_of(st.text("0123456789-", max_size=20), any_text),
            "people-0-relation": st.one_of(st.just("employee"), any_text),
            "people-0-is_representative": st.sampled_from(["", "on"]),
        }
    ),
    category=st.booleans(),
)
def test_registration_never_fails_with_a_500(client, people, fields, category):
    client.force_login(people["clerk"])
    data = dict(fields)
    if category:
        data["category"] = str(Category.objects.get(name="工资待遇").pk)
    _ok(client.post("/petitions/new/", data))


FILTER_PARAMS = [
    "q",
    "state",
    "unit",
    "channel",
    "nature",
    "category",
    "overdue",
    "due_within",
    "received_after",
    "received_before",
    "sort",
    "page",
    "after_key",
    "before_key",
    "jump",
]


@PROPERTY
@given(query=st.dictionaries(st.sampled_from(FILTER_PARAMS), value, max_size=6))
def test_petition_list_filters_never_fail_with_a_500(client, people, query):
    client.force_login(people["office"])
    _ok(client.get("/petitions/", query))


OTHER_LIST_PARAMS = {
    "/supervision/": ["view", "days", "unit", "page"],
    "/supervision/notices/": ["status", "unit", "page", "after_key", "jump"],
    "/reception/skip-level/": ["level", "unit", "after", "before", "collective", "page", "jump"],
    "/reception/received/": ["leader", "page"],
    "/reception/duty/": ["month"],
    "/reception/days/": ["when", "page"],
}


@PROPERTY
@given(
    url=st.sampled_from(sorted(OTHER_LIST_PARAMS)),
    data=st.data(),
)
def test_other_list_filters_never_fail_with_a_500(client, people, url, data):
    query = data.draw(st.dictionaries(st.sampled_from(OTHER_LIST_PARAMS[url]), value, max_size=4))
    client.force_login(people["office"])
    _ok(client.get(url, query))


@pytest.fixture
def a_petition(people):
    return register(by=people["clerk"])


@PROPERTY
@given(
    code=st.one_of(any_text, st.text("23456789ABCDEFGHJKMNPQRSTUVWXYZ-", max_size=12)),
    phone=st.one_of(any_text, st.text("0123456789", max_size=6)),
)
def test_public_query_never_fails_with_a_500(client, a_petition, code, phone, settings):
    settings.QUERY_ATTEMPTS_PER_HOUR = 10**6
    response = client.post("/query/", {"code": code, "phone_last4": phone})
    assert response.status_code in (200, 400, 429), response.status_code
