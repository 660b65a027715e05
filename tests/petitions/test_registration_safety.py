"""Registration is safe to repeat: the form's one-time token makes a second submission
(back button, double click, two at once) show the case already registered."""

import re
import uuid

import pytest
from django.utils import timezone

from petitions import services
from petitions.forms import ExtensionForm
from petitions.models import Petition

from .factories import category, petitioner, register
from .test_concurrency import run_at_once, transactional
from .test_views import registration_post

pytestmark = pytest.mark.django_db


def test_the_empty_form_carries_a_fresh_token(client, clerk):
    client.force_login(clerk)
    tokens = [
        re.search(r'name="submission_token" value="([0-9a-f-]{36})"', html).group(1)
        for html in (client.get("/petitions/new/").content.decode() for _ in range(2))
    ]
    assert tokens[0] != tokens[1]


def test_submitting_the_form_twice_shows_the_case_already_registered(client, clerk):
    client.force_login(clerk)
    data = registration_post(submission_token=str(uuid.uuid4()))
    first = client.post("/petitions/new/", data)
    petition = Petition.objects.get()
    assert first.url == petition.get_absolute_url()

    again = client.post("/petitions/new/", data, follow=True)
    assert Petition.objects.count() == 1
    assert again.redirect_chain[-1][0] == petition.get_absolute_url()
    assert "已经提交过" in again.content.decode()
    assert petition.number in again.content.decode()


def test_a_new_token_registers_a_new_case(client, clerk):
    client.force_login(clerk)
    client.post("/petitions/new/", registration_post(submission_token=str(uuid.uuid4())))
    client.post("/petitions/new/", registration_post(submission_token=str(uuid.uuid4())))
    assert Petition.objects.count() == 2


@transactional
def test_the_same_token_posted_at_once_gives_one_case_and_no_error(clerk):
    token = uuid.uuid4()

    def submit():
        data = services.RegistrationData(
            channel="letter",
            received_on=timezone.localdate(),
            nature="appeal",
            category=category(),
            summary="反映拖欠工资问题",
            content="反映单位拖欠三个月工资。",
            petitioners=[petitioner()],
        )
        try:
            return services.petition_register(data=data, by=clerk, token=token)
        except services.AlreadyRegistered as already:
            return already

    results = run_at_once(submit, submit)
    assert Petition.objects.count() == 1
    petition = Petition.objects.get()
    created = [r for r in results if isinstance(r, Petition)]
    repeated = [r for r in results if isinstance(r, services.AlreadyRegistered)]
    assert len(created) == 1, results
    assert len(repeated) == 1, results
    assert repeated[0].petition == petition


@transactional
def test_the_same_form_posted_at_once_through_the_view_never_gives_500(clerk):
    from django.test import Client

    data = registration_post(submission_token=str(uuid.uuid4()))

    def post():
        client = Client()
        client.force_login(clerk)
        return client.post("/petitions/new/", data).status_code

    assert run_at_once(post, post) == [302, 302]
    assert Petition.objects.count() == 1


# --- Messages in the clerk's words, not the framework's ---------------------------------


def test_a_registration_without_petitioners_says_so_in_plain_words(client, clerk):
    client.force_login(clerk)
    data = registration_post(**{"people-TOTAL_FORMS": "0"})
    html = client.post("/petitions/new/", data).content.decode()
    assert "请至少填写一名信访人" in html
    assert "请至少提交" not in html
    assert not Petition.objects.exists()


def test_a_registration_without_a_category_asks_for_one(client, clerk):
    client.force_login(clerk)
    html = client.post("/petitions/new/", registration_post(category="")).content.decode()
    assert "请选择事项类别" in html
    assert "这个字段是必填项" not in html


def test_a_too_long_extension_cites_the_regulation(clerk):
    petition = register(by=clerk)
    for days, message in [
        ("31", "延期不得超过30日（《信访工作条例》第三十四条）"),
        ("0", "请填写延期天数（至少1日）"),
    ]:
        form = ExtensionForm(
            data={"version": petition.version, "days": days, "reason": "情况复杂"},
            petition=petition,
            user=clerk,
        )
        assert not form.is_valid()
        assert form.errors["days"] == [message] or message in form.errors["days"][0]
        assert "确保该值" not in str(form.errors)
