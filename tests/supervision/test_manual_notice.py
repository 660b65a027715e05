"""A 督办单 the office issues by hand (XG 40: 推诿, 敷衍, 弄虚作假) from the case page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from organization.models import YearlySequence
from petitions.models import CaseEvent, Petition
from supervision import services
from supervision.models import SupervisionNotice
from tests.factories import UserFactory
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "supervise-cause": "shirking",
        "supervise-facts": "承办单位以不属本单位职责为由推诿，三次未予答复。",
        "supervise-suggestions": "明确承办人，五日内当面答复信访人。",
        "supervise-feedback_due": (timezone.localdate() + timedelta(days=5)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def case(people):
    return advance(register(by=people["clerk"]), "in_progress", **people)


def issue_url(petition):
    return f"/supervision/cases/{petition.number}/issue/"


def test_the_office_issues_a_notice_from_the_case_page(client, people, case):
    owner = UserFactory(unit=people["office"].unit, roles=["leader"])
    Petition.objects.filter(pk=case.pk).update(owning_leader=owner)
    client.force_login(people["office"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="supervise-form"' in page
    assert issue_url(case) in page

    response = client.post(issue_url(case), form_data())
    notice = SupervisionNotice.objects.get(petition=case)
    assert response.status_code == 302
    assert response["Location"] == notice.get_absolute_url()
    assert notice.cause == "shirking"
    assert notice.suggestions == "明确承办人，五日内当面答复信访人。"
    assert notice.unit == people["unit"]
    assert notice.issued_by == people["office"]
    assert CaseEvent.objects.filter(
        petition=case, action="supervision_notice", payload__notice=notice.number
    ).exists()
    told = set(
        Notification.objects.filter(kind="supervision", subject=case.number).values_list(
            "recipient", flat=True
        )
    )
    assert told == {people["handler"].pk, people["leader"].pk, owner.pk}
    assert Notification.objects.filter(url=notice.get_absolute_url()).count() == 3
    # It appears in the notices list, and on the case page.
    assert notice.number in client.get("/supervision/notices/").content.decode()
    assert notice.number in client.get(case.get_absolute_url()).content.decode()


def test_a_unit_user_is_refused_on_the_page_the_endpoint_and_the_service(client, people, case):
    for user in (people["handler"], people["leader"]):
        client.force_login(user)
        assert 'id="supervise-form"' not in client.get(case.get_absolute_url()).content.decode()
        assert client.post(issue_url(case), form_data()).status_code == 403
        with pytest.raises(services.ActionNotAllowed):
            services.supervision_notice_issue(
                petition=case, cause="shirking", facts="推诿", suggestions="", by=user
            )
    assert not SupervisionNotice.objects.exists()


def test_a_closed_case_is_refused(client, people, case):
    Petition.objects.filter(pk=case.pk).update(state=Petition.State.CLOSED)
    case.refresh_from_db()
    client.force_login(people["office"])
    assert 'id="supervise-form"' not in client.get(case.get_absolute_url()).content.decode()
    assert client.post(issue_url(case), form_data()).status_code == 403
    with pytest.raises(services.ActionNotAllowed):
        services.supervision_notice_issue(
            petition=case, cause="perfunctory", facts="敷衍", suggestions="", by=people["office"]
        )
    assert not SupervisionNotice.objects.exists()


def test_numbering_continues_the_years_sequence(people, case):
    year = timezone.localdate().year
    YearlySequence.objects.create(
        key="supervision", year=year, last_number=41
    )  # e.g. the daily run's
    first = services.supervision_notice_issue(
        petition=case, cause="falsification", facts="虚报办结", suggestions="", by=people["office"]
    )
    second = services.supervision_notice_issue(
        petition=case, cause="other", facts="其他", suggestions="", by=people["office"]
    )
    assert (first.number, second.number) == (f"DB{year}000042", f"DB{year}000043")
    assert YearlySequence.objects.get(key="supervision", year=year).last_number == 43


def test_the_notice_prints_with_its_cause_and_suggestions(client, people, case):
    notice = services.supervision_notice_issue(
        petition=case,
        cause="perfunctory",
        facts="调查流于形式，未见信访人。",
        suggestions="重新调查，当面听取信访人意见。",
        by=people["office"],
    )
    client.force_login(people["handler"])
    html = client.get(f"/supervision/notices/{notice.number}/print/").content.decode()
    assert notice.number in html
    assert "调查流于形式，未见信访人。" in html
    assert "重新调查，当面听取信访人意见。" in html
    assert str(notice.get_cause_display()) in html
