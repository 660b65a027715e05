"""Visits on a reception day go through the petitions registration path."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from petitions import services as petition_services
from petitions.models import CaseEvent, Channel, Petition
from reception import services
from reception.models import CollectiveVisitAlert, Visit
from tests.petitions.factories import petitioner, register, valid_id_number

from .factories import make_day, visit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(clerk, main_leader, unit_a):
    return make_day(leader=main_leader, unit=unit_a, on=timezone.localdate(), by=clerk)


def test_a_visit_registers_a_petition_owned_by_the_receiving_leader(
    clerk, day, main_leader, monkeypatch
):
    calls = []
    real = services.petition_register

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "petition_register", spy)
    visit = services.visit_record(day=day, data=visit_data(), by=clerk)

    assert len(calls) == 1  # the one registration path of petitions
    petition = visit.petition
    assert petition.channel == Channel.LEADER_RECEPTION
    assert petition.owning_leader == main_leader
    assert petition.received_on == day.date
    assert petition.number.startswith("XF")
    assert Visit.objects.get().reception_day == day
    event = CaseEvent.objects.get(petition=petition)
    assert event.action == "register"
    assert event.payload["reception_day"] == day.pk
    # The leader sees the case through the petitions' own rule.
    assert Petition.objects.visible_to(main_leader).filter(pk=petition.pk).exists()


def test_a_visit_cannot_be_recorded_before_the_day(clerk, main_leader, unit_a):
    later = make_day(
        leader=main_leader, unit=unit_a, on=timezone.localdate() + timedelta(days=4), by=clerk
    )
    with pytest.raises(services.ReceptionError):
        services.visit_record(day=later, data=visit_data(), by=clerk)
    assert not Petition.objects.exists()


def test_a_handler_may_not_record_visits(handler, day):
    with pytest.raises(services.ReceptionError):
        services.visit_record(day=day, data=visit_data(), by=handler)


def collective(headcount):
    people = [
        petitioner(name=f"代表{n}", id_number=valid_id_number(n + 10), is_representative=True)
        for n in range(3)
    ]
    return visit_data(headcount=headcount, petitioners=people)


def test_a_collective_visit_of_more_than_twenty_raises_one_alert(
    clerk, day, office, inspector, unit_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        visit = services.visit_record(day=day, data=collective(25), by=clerk, group_unit=unit_b)
    assert callbacks  # the registration signal ran too, and found the alert made
    alert = CollectiveVisitAlert.objects.get()
    assert alert.petition == visit.petition
    assert alert.headcount == 25
    assert alert.unit == unit_b
    assert visit.petition.is_collective

    # The office and the inspectors hear of it once, with a link to the alert.
    told = Notification.objects.filter(kind="collective_alert")
    assert {note.recipient for note in told} == {office, inspector}
    assert {note.url for note in told} == {f"/reception/alerts/{alert.pk}/"}
    assert "25" in told[0].text
    assert visit.petition.number in told[0].text

    # Raising it again (a retried job, the signal) changes nothing.
    assert services.collective_alert_raise(petition=visit.petition) == alert
    assert CollectiveVisitAlert.objects.count() == 1
    assert told.count() == 2


def test_twenty_people_are_collective_but_raise_no_alert(clerk, day):
    visit = services.visit_record(day=day, data=collective(20), by=clerk)
    assert visit.petition.is_collective
    assert not CollectiveVisitAlert.objects.exists()


def test_a_large_visit_registered_in_petitions_raises_the_alert_too(
    clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        petition = register(
            by=clerk,
            channel=Channel.VISIT,
            headcount=30,
            petitioners=[petitioner(is_representative=True)],
        )
    assert CollectiveVisitAlert.objects.get().petition == petition


def test_the_alert_is_unique_per_petition_in_the_database(clerk, day):
    from django.db import IntegrityError, transaction

    visit = services.visit_record(day=day, data=collective(25), by=clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiveVisitAlert.objects.create(petition=visit.petition, headcount=25)


def test_the_office_records_the_alerts_outcome(client, clerk, day, inspector, handler):
    visit = services.visit_record(day=day, data=collective(25), by=clerk)
    alert = CollectiveVisitAlert.objects.get(petition=visit.petition)
    client.force_login(handler)
    assert client.get("/reception/alerts/").status_code == 403
    client.force_login(inspector)
    assert alert.petition.number in client.get("/reception/alerts/").content.decode()
    response = client.post(
        f"/reception/alerts/{alert.pk}/",
        {"cause": "企业改制安置方案未公开", "outcome": "已约谈相关负责人", "close": "on"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.is_open
    assert alert.handled_by == inspector
    assert "企业改制" in alert.cause


def form_data(day, **overrides):
    data = {
        "nature": "appeal",
        "category": str(petition_services.Category.objects.get(name="工资待遇").pk),
        "summary": "反映拖欠工资",
        "content": "综采一区拖欠三个月工资。",
        "headcount": "1",
        "skip_level": "",
        "responsible_unit": str(day.unit_id),
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "1",
        "people-MAX_NUM_FORMS": "30",
        "people-0-name": "张三",
        "people-0-id_number": valid_id_number(3),
        "people-0-phone": "13800138000",
        "people-0-relation": "employee",
    }
    data.update(overrides)
    return data


def test_the_clerk_records_a_visit_from_the_days_page(client, clerk, day, main_leader):
    client.force_login(clerk)
    page = client.get(f"/reception/days/{day.pk}/visits/new/")
    assert page.status_code == 200
    response = client.post(
        f"/reception/days/{day.pk}/visits/new/", form_data(day, channel="letter")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    petition = Petition.objects.get()
    assert petition.channel == Channel.LEADER_RECEPTION  # the fixed field ignores input
    assert petition.owning_leader == main_leader
    assert "张三" in client.get(f"/reception/days/{day.pk}/").content.decode()


def test_more_than_five_representatives_get_a_clear_message(client, clerk, day):
    client.force_login(clerk)
    data = form_data(day, headcount="30")
    data["people-TOTAL_FORMS"] = "6"
    for n in range(6):
        data.update(
            {
                f"people-{n}-name": f"代表{n}",
                f"people-{n}-id_number": valid_id_number(40 + n),
                f"people-{n}-relation": "employee",
                f"people-{n}-is_representative": "on",
            }
        )
    response = client.post(f"/reception/days/{day.pk}/visits/new/", data)
    assert response.status_code == 200
    assert "最多推选5名代表（《信访工作条例》第二十条）" in response.content.decode()
    assert not Petition.objects.exists()


def test_the_leader_sees_what_they_received_and_where_it_stands(
    client, clerk, day, main_leader, leader
):
    visit = services.visit_record(day=day, data=visit_data(), by=clerk)
    client.force_login(main_leader)
    html = client.get("/reception/received/").content.decode()
    assert visit.petition.number in html
    assert "已登记" in html
    client.force_login(leader)  # another leader received nothing
    assert visit.petition.number not in client.get("/reception/received/").content.decode()


def test_the_petition_page_shows_the_reception_day_and_the_alert(
    client, clerk, day, office, main_leader, handler, unit_a
):
    data = collective(25)
    data.responsible_unit = unit_a
    visit = services.visit_record(day=day, data=data, by=clerk)
    client.force_login(office)
    html = client.get(f"/petitions/{visit.petition.number}/").content.decode()
    assert 'id="petition-reception"' in html
    assert f'href="/reception/days/{day.pk}/"' in html
    assert main_leader.get_full_name() in html
    alert = CollectiveVisitAlert.objects.get()
    assert f'href="/reception/alerts/{alert.pk}/"' in html

    # A handler sees the day but not the alert's investigation.
    client.force_login(handler)
    html = client.get(f"/petitions/{visit.petition.number}/").content.decode()
    assert "集体访预警：25人" in html
    assert f'href="/reception/alerts/{alert.pk}/"' not in html


def test_a_petition_from_elsewhere_costs_no_reception_query(client, clerk, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    petition = register(by=clerk)
    client.force_login(office)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert 'id="petition-reception"' not in html
    assert not [q for q in captured.captured_queries if "reception_" in q["sql"]]


def test_alerts_keep_to_the_users_unit_scope(client, clerk, day, office, unit_a, unit_b):
    from organization.roles import Role
    from reception.detail import reception_section
    from tests.factories import UserFactory

    from .test_exports import sheet_rows

    ours = services.visit_record(day=day, data=collective(25), by=clerk, group_unit=unit_a)
    theirs = services.visit_record(day=day, data=collective(30), by=clerk, group_unit=unit_b)
    alert_a = CollectiveVisitAlert.objects.get(petition=ours.petition)
    alert_b = CollectiveVisitAlert.objects.get(petition=theirs.petition)
    admin_b = UserFactory(username="admin_b", unit=unit_b, roles=[Role.ADMIN])
    assert admin_b.has_perm("reception.view_collectivevisitalert")

    client.force_login(admin_b)
    html = client.get("/reception/alerts/?show=all").content.decode()
    assert theirs.petition.number in html
    assert ours.petition.number not in html
    assert client.get(f"/reception/alerts/{alert_a.pk}/").status_code == 404
    assert client.get(f"/reception/alerts/{alert_b.pk}/").status_code == 200
    _heading, rows = sheet_rows(client, "/reception/alerts/export.xlsx?show=all")
    assert [row[1] for row in rows] == [theirs.petition.number]
    assert reception_section(ours.petition, admin_b)["context"]["alert_visible"] is False
    assert reception_section(theirs.petition, admin_b)["context"]["alert_visible"] is True

    client.force_login(office)
    html = client.get("/reception/alerts/?show=all").content.decode()
    assert ours.petition.number in html
    assert theirs.petition.number in html
    assert client.get(f"/reception/alerts/{alert_a.pk}/").status_code == 200
    _heading, rows = sheet_rows(client, "/reception/alerts/export.xlsx?show=all")
    assert {row[1] for row in rows} == {ours.petition.number, theirs.petition.number}


def test_open_alerts_come_first_among_all(client, clerk, day, office):
    older = services.visit_record(day=day, data=collective(25), by=clerk)
    newer = services.visit_record(day=day, data=collective(30), by=clerk)
    CollectiveVisitAlert.objects.filter(petition=older.petition).update(
        raised_at=timezone.now() - timedelta(days=2)
    )
    services.collective_alert_record(
        alert=CollectiveVisitAlert.objects.get(petition=newer.petition),
        cause="已查明",
        outcome="已处理",
        close=True,
        by=office,
    )
    client.force_login(office)
    html = client.get("/reception/alerts/?show=all").content.decode()
    assert html.index(older.petition.number) < html.index(newer.petition.number)


def test_a_visit_form_submitted_twice_records_one_visit(client, clerk, day):
    client.force_login(clerk)
    data = form_data(day, submission_token=str(uuid.uuid4()))
    client.post(f"/reception/days/{day.pk}/visits/new/", data)
    petition = Petition.objects.get()
    again = client.post(f"/reception/days/{day.pk}/visits/new/", data)
    assert again.url == petition.get_absolute_url()
    assert Petition.objects.count() == 1
    assert day.visits.count() == 1


def test_a_visit_form_that_comes_back_keeps_its_file_and_attaches_it(
    client, clerk, day, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from petitions.models import PendingUpload

    settings.MEDIA_ROOT = tmp_path
    client.force_login(clerk)
    url = f"/reception/days/{day.pk}/visits/new/"
    data = form_data(day, submission_token=str(uuid.uuid4()))
    scan = SimpleUploadedFile("接访记录.pdf", b"%PDF-1.4 x", content_type="application/pdf")

    html = client.post(url, {**data, "summary": "", "attachments": scan}).content.decode()
    assert "接访记录.pdf" in html
    assert PendingUpload.objects.get().original_name == "接访记录.pdf"

    assert client.post(url, data).status_code == 302
    assert Petition.objects.get().attachments.get().original_name == "接访记录.pdf"
    assert not PendingUpload.objects.exists()
