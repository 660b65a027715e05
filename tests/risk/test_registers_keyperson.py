from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from petitions.models import Nature, Petitioner
from risk import registers_services as services
from risk.models import KeyPerson, KeyPersonAccessLog
from risk.tasks import risk_key_persons
from tests.petitions.factories import petitioner, register, valid_id_number
from tests.reception.factories import make_skip_level

pytestmark = pytest.mark.django_db


def register_times(n, clerk, unit, *, days_ago=0, **fields):
    today = timezone.localdate()
    cases = []
    for i in range(n):
        cases.append(
            register(
                by=clerk,
                responsible_unit=unit,
                received_on=today - timedelta(days=days_ago + i),
                **fields,
            )
        )
    return cases


def test_flagged_at_the_threshold_not_before(clerk, unit_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_times(2, clerk, unit_a)
    assert not KeyPerson.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        register_times(1, clerk, unit_a)
    person = KeyPerson.objects.get()
    assert person.source == KeyPerson.Source.AUTOMATIC
    assert person.petition_count == 3
    assert person.unit == unit_a


def test_petitions_older_than_12_months_do_not_count(clerk, unit_a):
    register_times(2, clerk, unit_a)
    register_times(1, clerk, unit_a, days_ago=400)
    assert services.key_persons_evaluate() == []


@override_settings(RISK_KEY_PERSON_PETITIONS=5)
def test_threshold_is_a_setting(clerk, unit_a):
    register_times(3, clerk, unit_a)
    assert services.key_persons_evaluate() == []


def test_skip_level_visits_flag_and_the_command_is_idempotent(clerk, office, unit_a):
    register_times(1, clerk, unit_a)
    person = Petitioner.objects.get()
    today = timezone.localdate()
    for days in (10, 20):
        visit = make_skip_level(by=office, unit=unit_a, on=today - timedelta(days=days))
        visit.petitioners.add(person)
    assert risk_key_persons.delay().get() == 1  # the daily beat task
    call_command("risk_key_persons")
    flagged = KeyPerson.objects.get()
    assert flagged.skip_level_count == 2


def test_visible_to_office_and_the_units_leaders_only(
    client, clerk, office, leader, leader_b, handler, inspector, unit_a
):
    register_times(3, clerk, unit_a)
    (person,) = services.key_persons_evaluate()
    url = person.get_absolute_url()
    for user, status in ((office, 200), (leader, 200), (leader_b, 404), (handler, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(inspector)
    assert client.get(reverse("risk:keyperson_list")).status_code == 403
    assert KeyPersonAccessLog.objects.filter(person=person, purpose="key_person_file").count() == 2


def test_registration_panel_warns_those_allowed(client, clerk, office, unit_a):
    register_times(3, clerk, unit_a)
    (person,) = services.key_persons_evaluate()
    url = reverse("petitions:earlier")
    query = {"people-0-name": "张三", "people-0-id_number": valid_id_number(1)}
    client.force_login(office)
    assert person.get_absolute_url() in client.get(url, query).content.decode()
    assert KeyPersonAccessLog.objects.filter(purpose="registration", user=office).count() == 1
    client.force_login(clerk)  # the clerk may not see the key-person register
    assert person.get_absolute_url() not in client.get(url, query).content.decode()


def test_confidential_case_name_is_not_shown(client, clerk, office, leader, unit_a):
    accuser = petitioner(name="李四", id_number=valid_id_number(44))
    register_times(3, clerk, unit_a, nature=Nature.ACCUSATION, petitioners=[accuser])
    services.key_persons_evaluate()
    client.force_login(leader)
    page = client.get(reverse("risk:keyperson_list")).content.decode()
    assert "李四" not in page
    client.force_login(office)
    assert "李四" in client.get(reverse("risk:keyperson_list")).content.decode()


def test_list_query_count_is_constant(client, clerk, office, unit_a, django_assert_max_num_queries):
    def people(start, n):
        for i in range(start, start + n):
            register_times(3, clerk, unit_a, petitioners=[petitioner(id_number=valid_id_number(i))])

    people(100, 5)
    services.key_persons_evaluate()
    client.force_login(office)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("risk:keyperson_list"))
    people(200, 15)
    services.key_persons_evaluate()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("risk:keyperson_list"))


def test_office_flags_by_hand_and_leader_adds_a_note(client, clerk, office, leader, unit_a):
    register_times(1, clerk, unit_a)
    client.force_login(office)
    response = client.post(
        reverse("risk:keyperson_flag"),
        {"id_number": valid_id_number(1), "reason": "多次扬言进京"},
    )
    person = KeyPerson.objects.get()
    assert response.status_code == 302
    assert person.source == KeyPerson.Source.MANUAL
    client.force_login(leader)
    client.post(
        reverse("risk:keyperson_note", args=[person.pk]),
        {"kind": "visit", "on": timezone.localdate().isoformat(), "text": "上门走访，情绪稳定"},
    )
    assert person.notes.get().text == "上门走访，情绪稳定"
