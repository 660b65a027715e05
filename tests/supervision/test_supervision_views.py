"""督查督办 screens, 督办单 and the inbox: scope, permissions, constant queries, feedback."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from organization.roles import Role
from petitions.dashboard import ROWS_PER_QUEUE
from petitions.models import CaseEvent, Category, Petition
from supervision import alerts
from supervision.models import SupervisionNotice
from tests.factories import UnitFactory, UserFactory
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def overdue_cases(count, unit, clerk, start=0):
    """Open cases in handling whose due date passed yesterday, written in bulk."""
    yesterday = timezone.localdate() - timedelta(days=1)
    category = Category.objects.first()
    Petition.objects.bulk_create(
        Petition(
            number=f"XF2026{start + index + 1:06d}",
            query_code=f"Q{start + index:08d}",
            channel="letter",
            received_on=yesterday - timedelta(days=60),
            nature="appeal",
            category=category,
            summary=f"反映问题{start + index}",
            content="内容",
            registered_unit=clerk.unit,
            registered_by=clerk,
            responsible_unit=unit,
            state=Petition.State.IN_PROGRESS,
            accepted_on=yesterday - timedelta(days=59),
            handling_due=yesterday,
            current_clock="handling",
            current_due=yesterday,
        )
        for index in range(count)
    )


@pytest.fixture
def notices(people, office, unit_b):
    overdue_cases(2, people["unit"], people["clerk"])
    overdue_cases(1, unit_b, people["clerk"], start=10)
    alerts.run_deadline_checks()
    return SupervisionNotice.objects.order_by("number")


def test_the_office_sees_every_notice_and_a_unit_only_its_own(client, notices, people, office):
    client.force_login(office)
    html = client.get("/supervision/notices/").content.decode()
    assert all(notice.number in html for notice in notices)

    client.force_login(people["handler"])
    html = client.get("/supervision/notices/").content.decode()
    mine = notices.filter(unit=people["unit"])
    theirs = notices.exclude(unit=people["unit"]).get()
    assert all(notice.number in html for notice in mine)
    assert theirs.number not in html
    assert client.get(f"/supervision/notices/{theirs.number}/").status_code == 404
    assert client.get(f"/supervision/notices/{theirs.number}/print/").status_code == 404


def test_the_unit_answers_in_the_browser_and_the_answer_is_logged(client, notices, people):
    notice = notices.filter(unit=people["unit"]).first()
    client.force_login(people["handler"])
    response = client.post(
        f"/supervision/notices/{notice.number}/", {"feedback": "已约谈信访人，本周内办结。"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.feedback == "已约谈信访人，本周内办结。"
    assert notice.feedback_by == people["handler"]
    event = CaseEvent.objects.get(petition=notice.petition, action="supervision_feedback")
    assert event.actor == people["handler"]
    assert event.payload == {"notice": notice.number}
    assert Notification.objects.filter(kind="feedback", recipient=people["office"]).exists()
    # Answered once.
    response = client.post(f"/supervision/notices/{notice.number}/", {"feedback": "再次"})
    assert response.status_code == 403


def test_the_office_and_other_units_cannot_answer(client, notices, people, office, outsider):
    notice = notices.filter(unit=people["unit"]).first()
    client.force_login(office)
    assert client.post(f"/supervision/notices/{notice.number}/", {"feedback": "x"}).status_code == (
        403
    )
    client.force_login(outsider)
    assert client.post(f"/supervision/notices/{notice.number}/", {"feedback": "x"}).status_code == (
        404
    )


def test_print_view_and_exports(client, notices, office):
    client.force_login(office)
    notice = notices.first()
    html = client.get(f"/supervision/notices/{notice.number}/print/").content.decode()
    assert notice.number in html
    for url in (
        "/supervision/notices/export.xlsx?status=awaiting",
        "/supervision/export.xlsx?view=overdue",
        "/supervision/export.xlsx?view=due_soon&days=7",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_supervision_lists_need_the_office_or_a_leader(client, people, office):
    client.force_login(people["handler"])
    assert client.get("/supervision/").status_code == 403
    client.force_login(people["leader"])
    assert client.get("/supervision/").status_code == 200
    client.force_login(office)
    assert client.get("/supervision/?view=due_soon&days=10").status_code == 200


def test_a_leader_sees_only_the_overdue_cases_of_the_unit(client, people, unit_b):
    overdue_cases(1, people["unit"], people["clerk"])
    overdue_cases(1, unit_b, people["clerk"], start=10)
    client.force_login(people["leader"])
    html = client.get("/supervision/?view=overdue").content.decode()
    assert "XF2026000001" in html
    assert "XF2026000011" not in html


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_run_the_same_queries_for_few_and_many(client, people, office, unit_b):
    # More than a dashboard queue shows: a shorter queue is not counted apart.
    overdue_cases(ROWS_PER_QUEUE + 1, people["unit"], people["clerk"])
    alerts.run_deadline_checks()
    client.force_login(office)
    urls = ["/supervision/", "/supervision/notices/", "/notifications/", "/"]
    few = [_queries(client, url) for url in urls]
    overdue_cases(40, unit_b, people["clerk"], start=100)
    alerts.run_deadline_checks()
    assert [_queries(client, url) for url in urls] == few


def test_notice_detail_runs_constant_queries(client, people, office):
    overdue_cases(1, people["unit"], people["clerk"])
    alerts.run_deadline_checks()
    notice = SupervisionNotice.objects.get()
    client.force_login(people["handler"])
    few = _queries(client, f"/supervision/notices/{notice.number}/")
    overdue_cases(30, people["unit"], people["clerk"], start=100)
    alerts.run_deadline_checks()
    assert _queries(client, f"/supervision/notices/{notice.number}/") == few


def test_the_office_runs_the_checks_from_the_page(client, people, office):
    overdue_cases(1, people["unit"], people["clerk"])
    client.force_login(office)
    response = client.post("/supervision/run/", follow=True)
    assert response.status_code == 200
    assert SupervisionNotice.objects.count() == 1
    client.force_login(people["leader"])
    assert client.post("/supervision/run/").status_code == 403


def test_the_dashboard_panel_counts_overdue_cases_per_unit(client, people, office):
    overdue_cases(3, people["unit"], people["clerk"])
    client.force_login(office)
    html = client.get("/").content.decode()
    assert 'id="supervision-panel"' in html
    assert people["unit"].name in html
    client.force_login(people["handler"])
    assert 'id="supervision-panel"' not in client.get("/").content.decode()


# --- Inbox and profile ---------------------------------------------------------------


def test_inbox_bell_mark_read_and_mark_all(client, people, office):
    petition = register(by=UserFactory(unit=people["unit"], roles=[Role.CLERK]))
    Notification.objects.create(recipient=office, kind="other", text="另一条")
    client.force_login(office)
    html = client.get("/").content.decode()
    assert "data-unread>2<" in html
    html = client.get("/notifications/").content.decode()
    assert petition.number in html
    note = Notification.objects.get(recipient=office, subject=petition.number)
    response = client.post(f"/notifications/{note.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.number}/"
    note.refresh_from_db()
    assert note.read_at is not None
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=office, read_at=None).exists()
    assert "data-unread" not in client.get("/").content.decode()


def test_nobody_reads_someone_elses_notifications(client, people, office):
    note = Notification.objects.create(recipient=office, kind="other", text="只给信访办")
    client.force_login(people["handler"])
    assert "只给信访办" not in client.get("/notifications/").content.decode()
    client.post(f"/notifications/{note.pk}/read/")
    note.refresh_from_db()
    assert note.read_at is None
    assert client.get(f"/notifications/{note.pk}/read/").status_code == 405


def test_profile_chooses_email_reminders(client, people):
    user = people["handler"]
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    response = client.post("/accounts/profile/", {"email_notifications": "on", "email": ""})
    assert response.status_code == 200  # an address is needed
    response = client.post(
        "/accounts/profile/", {"email_notifications": "on", "email": "li@example.cn"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_notifications
    assert user.email == "li@example.cn"


# --- 挂牌督办 -----------------------------------------------------------------------------


def test_the_office_lists_a_case_and_every_page_of_it_shows_the_badge(client, people, office):
    petition = register(by=people["clerk"])
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    client.force_login(office)
    response = client.post(
        f"/petitions/{petition.number}/act/set_listing/",
        {
            "set_listing-version": petition.version,
            "set_listing-is_listed": "on",
            "set_listing-due": due,
            "set_listing-reason": "群众反映强烈",
        },
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.is_listed
    assert petition.listed_due == date.fromisoformat(due)
    assert CaseEvent.objects.filter(petition=petition, action="set_listing").exists()
    assert "data-listed" in client.get(f"/petitions/{petition.number}/").content.decode()
    client.force_login(people["handler"])
    response = client.post(
        f"/petitions/{petition.number}/act/set_listing/",
        {"set_listing-version": petition.version, "set_listing-is_listed": ""},
    )
    petition.refresh_from_db()
    assert petition.is_listed


def test_the_bell_stops_counting_at_ninety_nine(client, office):
    Notification.objects.bulk_create(
        Notification(recipient=office, kind="other", text=f"第{n}条") for n in range(105)
    )
    client.force_login(office)
    assert "data-unread>99+<" in client.get("/").content.decode()


def test_the_owning_leader_opens_the_notices_of_a_case_they_own(client, notices, group_root):
    # A leader of another unit owns one of unit B's cases (包案): the notice is theirs too.
    owner = UserFactory(
        unit=UnitFactory(code="C", name="丙煤矿", parent=group_root), roles=[Role.LEADER]
    )
    owned = notices.get(unit__code="B")
    Petition.objects.filter(pk=owned.petition_id).update(owning_leader=owner)
    client.force_login(owner)
    assert client.get(f"/supervision/notices/{owned.number}/").status_code == 200
    listed = client.get("/supervision/notices/").content.decode()
    assert owned.number in listed
    others = notices.exclude(pk=owned.pk)
    assert not any(notice.number in listed for notice in others)


def test_the_profile_speaks_the_users_language(client, people):
    client.force_login(people["handler"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/profile/"})
    html = client.get("/accounts/profile/").content.decode()
    assert "E-mail address" in html
    assert "电子邮箱" not in html


def test_the_admin_lists_reminders_messages_and_notices_read_only(admin_client, notices):
    for url in (
        "/admin/supervision/reminder/",
        "/admin/notifications/notification/",
        "/admin/supervision/supervisionnotice/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert f"{url}add/" not in response.content.decode()
    html = admin_client.get("/admin/supervision/supervisionnotice/").content.decode()
    assert all(notice.number in html for notice in notices)


def test_a_case_page_lists_the_notices_the_scope_rule_lets_the_user_see(
    client, notices, people, office, outsider, group_root
):
    # One case's notices are read without joining the petitions; the rule is visible_to's.
    owner = UserFactory(
        unit=UnitFactory(code="C", name="丙煤矿", parent=group_root), roles=[Role.LEADER]
    )
    bystander = UserFactory(unit=owner.unit, roles=[Role.LEADER])
    owned = notices.get(unit__code="B")
    Petition.objects.filter(pk=owned.petition_id).update(owning_leader=owner)
    users = [office, people["handler"], people["leader"], outsider, owner, bystander]
    for notice in notices.select_related("petition"):
        for user in users:
            expected = set(
                SupervisionNotice.objects.visible_to(user).filter(petition=notice.petition)
            )
            with CaptureQueriesContext(connection) as queries:
                found = set(SupervisionNotice.objects.of_case_visible_to(notice.petition, user))
            assert found == expected, (notice.number, user.username)
            assert all("petitions_petition" not in query["sql"] for query in queries)
    assert set(SupervisionNotice.objects.of_case_visible_to(owned.petition, owner)) == {owned}
    assert not SupervisionNotice.objects.of_case_visible_to(owned.petition, bystander).exists()
    assert not SupervisionNotice.objects.of_case_visible_to(owned.petition, people["handler"])
    client.force_login(owner)
    assert owned.number in client.get(owned.petition.get_absolute_url()).content.decode()
