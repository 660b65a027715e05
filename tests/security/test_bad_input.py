"""Bad input gets a form message, a 400 or a 404: never a 500."""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from organization.dates import MAX_HEADCOUNT
from petitions import services
from petitions.models import Petition
from reception.models import SkipLevelVisit
from tests.petitions.factories import advance, receiving_officer_pk, register, valid_id_number

pytestmark = pytest.mark.django_db

FULLWIDTH_MONTH = "\uff12\uff10\uff12\uff16-\uff10\uff11"  # 2026-01 in full-width digits

LISTS = [
    "/",
    "/petitions/",
    "/petitions/export.xlsx",
    "/supervision/",
    "/supervision/export.xlsx",
    "/supervision/notices/",
    "/supervision/notices/export.xlsx",
    "/notifications/",
    "/reception/days/",
    "/reception/days/export.xlsx",
    "/reception/received/",
    "/reception/received/export.xlsx",
    "/reception/alerts/",
    "/reception/alerts/export.xlsx",
    "/reception/skip-level/",
    "/reception/skip-level/export.xlsx",
    "/reception/duty/",
    "/reception/duty/export.xlsx",
    "/reception/sensitive-periods/",
    "/reception/public/",
    "/reception/public/notice/",
    "/reports/",
]

PARAMS = [
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
    "view",
    "days",
    "status",
    "month",
    "leader",
    "show",
    "when",
    "level",
    "after",
    "before",
    "collective",
    "sensitive",
    "unread",
]

ABSURD = [
    "-1",
    "0",
    "999999999",
    "99999999999999999999999",
    "1e400",
    "-1e400",
    "NaN",
    "abc",
    "²",
    "0001-01-01",
    "9999-12-31",
    "0001-01",
    "9999-12",
    " ",
    "%",
    "XF",
]


def _client_as(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", LISTS)
def test_lists_survive_absurd_query_parameters(client, people, url):
    _client_as(client, people["office"])
    for value in ABSURD:
        response = client.get(url, dict.fromkeys(PARAMS, value))
        assert response.status_code < 500, (url, value)
    # Each parameter alone too (one bad value must not hide another's crash).
    for index, param in enumerate(PARAMS):
        for value in ABSURD[index % 4 :: 4]:
            response = client.get(url, {param: value})
            assert response.status_code < 500, (url, param, value)


def test_due_within_out_of_range_is_a_form_message_not_a_crash(client, people):
    register(by=people["clerk"])
    _client_as(client, people["office"])
    for value in ["99999999999", "1e400", "-5"]:
        response = client.get("/petitions/", {"due_within": value})
        assert response.status_code == 200
        assert response.context["filter"].errors["due_within"]
    assert client.get("/petitions/export.xlsx", {"due_within": "99999999999"}).status_code == 400


@pytest.mark.parametrize(
    "key",
    ["0001-01", "1999-12", "0000-00", "9999-12", "2026-13", "2026-00", FULLWIDTH_MONTH],
)
def test_absurd_months_are_404(client, people, key):
    _client_as(client, people["office"])
    for suffix in ["/", ".xlsx", ".pdf"]:
        assert client.get(f"/reports/monthly/{key}{suffix}").status_code == 404
    _client_as(client, people["handler"])
    assert client.get(f"/reports/monthly/{key}/").status_code == 404


def test_nul_in_a_path_is_404(client, people):
    petition = register(by=people["clerk"])
    _client_as(client, people["office"])
    for url in [
        f"/petitions/{petition.number}%00/",
        "/petitions/XF%00/",
        f"/petitions/{petition.number}%00/letters/acceptance/",
        "/supervision/notices/DB%00/",
        "/supervision/notices/DB%00/print/",
        "/reports/monthly/2026-0%00/",
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(f"/petitions/{petition.number}%00/act/accept/", {})
    assert response.status_code == 404


def test_nul_in_a_query_string_or_a_form_is_400(client, people):
    _client_as(client, people["office"])
    for url in ["/petitions/?q=%00", "/petitions/?unit=1%00", "/reception/skip-level/?level=%00"]:
        assert client.get(url).status_code == 400, url
    response = client.post("/petitions/new/", {"summary": "a\x00b", "repeat_of": "XF\x00"})
    assert response.status_code == 400
    response = client.post("/query/", {"code": "AB\x00", "phone_last4": "1234"})
    assert response.status_code == 400


def _registration(**overrides):
    data = {
        "channel": "visit",
        "received_on": timezone.localdate().isoformat(),
        "nature": "appeal",
        "summary": "反映拖欠工资",
        "content": "请求发放工资",
        "headcount": "1",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "1",
        "people-MAX_NUM_FORMS": "30",
        "people-0-name": "张三",
        "people-0-id_number": valid_id_number(7),
        "people-0-relation": "employee",
        "people-0-is_representative": "on",
        "visit_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "received_by": receiving_officer_pk(),
    }
    from petitions.models import Category

    data["category"] = Category.objects.get(name="工资待遇").pk
    data.update(overrides)
    return data


@pytest.mark.parametrize("headcount", [str(MAX_HEADCOUNT + 1), "3000000000", "10" * 30])
def test_a_huge_headcount_is_a_form_message(client, people, headcount):
    _client_as(client, people["clerk"])
    response = client.post("/petitions/new/", _registration(headcount=headcount))
    assert response.status_code == 200
    assert response.context["registration"].form.errors["headcount"]
    assert not Petition.objects.exists()


def test_the_largest_plausible_headcount_is_accepted(client, people):
    _client_as(client, people["clerk"])
    response = client.post("/petitions/new/", _registration(headcount=str(MAX_HEADCOUNT)))
    assert response.status_code == 302
    assert Petition.objects.get().headcount == MAX_HEADCOUNT


def test_the_database_refuses_implausible_petition_rows(people):
    petition = register(by=people["clerk"])
    for changes in [
        {"received_on": date(1999, 12, 31)},
        {"headcount": MAX_HEADCOUNT + 1},
        {"assigned_due": date(9999, 12, 31)},
        {"listed_due": date(2101, 1, 1)},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Petition.objects.filter(pk=petition.pk).update(**changes)


def _skip_level_data(unit, **overrides):
    data = {
        "level": "capital",
        "visited_on": timezone.localdate().isoformat(),
        "place": "国家信访局",
        "headcount": "2",
        "summary": "反映拖欠工资",
        "responsible_unit": unit.pk,
        "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "outcome": "pending",
        "petition_numbers": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reported_at", "0001-01-01T00:00"),
        ("reported_at", "1999-12-31T23:00"),
        ("visited_on", "0001-01-01"),
        ("visited_on", "1999-12-31"),
        ("arrived_at", "0001-01-01T08:00"),
        ("headcount", str(MAX_HEADCOUNT + 1)),
    ],
)
def test_skip_level_implausible_values_are_form_messages(client, people, field, value):
    _client_as(client, people["office"])
    response = client.post(
        "/reception/skip-level/new/", _skip_level_data(people["unit"], **{field: value})
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors[field]
    assert not SkipLevelVisit.objects.exists()


def test_the_database_refuses_an_ancient_skip_level_report(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        SkipLevelVisit.objects.create(
            level="capital",
            visited_on=timezone.localdate(),
            place="北京",
            summary="进京",
            responsible_unit=people["unit"],
            reported_at=datetime(1, 1, 1, 12, tzinfo=timezone.get_current_timezone()),
            onsite_due=timezone.now(),
            recorded_by=people["office"],
        )


def test_a_far_due_date_is_refused_when_assigning(client, people):
    petition = register(by=people["clerk"])
    _client_as(client, people["clerk"])
    response = client.post(
        f"/petitions/{petition.number}/act/assign/",
        {
            "assign-version": petition.version,
            "assign-unit": people["unit"].pk,
            "assign-due": "9999-12-31",
        },
    )
    assert response.status_code == 400
    assert response.context["open_action"] == "assign"
    assert Petition.objects.get(pk=petition.pk).state == Petition.State.REGISTERED


def test_a_far_listing_due_date_is_refused(client, people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    _client_as(client, people["office"])
    response = client.post(
        f"/petitions/{petition.number}/act/set_listing/",
        {
            "set_listing-version": petition.version,
            "set_listing-is_listed": "on",
            "set_listing-due": "9999-12-31",
        },
    )
    assert response.status_code == 400
    assert not Petition.objects.get(pk=petition.pk).is_listed


def test_extension_approval_on_the_latest_plausible_due_date_works(people):
    petition = register(by=people["clerk"])
    latest = timezone.localdate() + timedelta(days=5 * 365)
    petition = services.petition_assign(
        petition=petition, unit=people["unit"], due=latest, by=people["clerk"]
    )
    petition = advance(petition, "in_progress", **people)
    services.petition_request_extension(
        petition=petition, days=30, reason="需补充调查", by=people["handler"]
    )
    approved = services.petition_approve_extension(petition=petition, by=people["leader"])
    assert approved.handling_due == latest + timedelta(days=30)


@pytest.mark.parametrize("value", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_implausible_filter_dates_are_form_messages(client, people, value):
    _client_as(client, people["office"])
    response = client.get("/petitions/", {"received_after": value})
    assert response.status_code == 200
    assert response.context["filter"].errors["received_after"]
    response = client.get("/reception/skip-level/", {"after": value})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["after"]


def test_registration_dates_far_away_are_form_messages(client, people):
    _client_as(client, people["clerk"])
    for value in ["0001-01-01", "9999-12-31"]:
        response = client.post("/petitions/new/", _registration(received_on=value))
        assert response.status_code == 200
        assert response.context["registration"].form.errors["received_on"]


def test_an_unknown_people_field_is_harmless(client, people):
    _client_as(client, people["clerk"])
    data = _registration()
    data["people-0-name"] = "李四"
    data["people-TOTAL_FORMS"] = "999999999999"
    response = client.post("/petitions/new/", data)
    assert response.status_code < 500
