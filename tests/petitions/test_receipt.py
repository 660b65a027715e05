"""The registration receipt (登记回执), the check code (查询密码) that opens the public
query for a petitioner without a phone, and a walk-in's visit time and receiving officer."""

import re
import subprocess
import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from petitions import services
from petitions.models import CaseEvent, Channel, IdentityAccessLog, Nature, Petition
from petitions.receipt import SESSION_KEY

from .factories import advance, petitioner, register
from .test_views import registration_post

pytestmark = pytest.mark.django_db

DAY = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
GENERIC = "查询码、手机号码后四位或查询密码不正确"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A private cache: the query throttle's counts must not leak between tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"receipt-{uuid.uuid4()}",
        }
    }


@pytest.fixture(autouse=True)
def calendar_days(settings):
    settings.DEADLINE_DAYS = "calendar"
    settings.CLOCK_DAY_MODES = {}
    settings.DEADLINE_ROLL_TO_WORKDAY = False


def receipt(client, petition, suffix="/"):
    return client.get(f"/petitions/{petition.number}/receipt{suffix}")


def no_phone(**overrides):
    return petitioner(phone="", **overrides)


def ask(client, code, *, phone="", check=""):
    return client.post("/query/", {"code": code, "phone_last4": phone, "check_code": check})


# --- The receipt -----------------------------------------------------------------------------


def test_receipt_carries_number_query_code_dates_and_query_address(client, clerk, settings):
    settings.PETITION_OFFICE_NAME = "集团公司信访办公室"
    settings.PETITION_OFFICE_PHONE = "0561-3012345"
    petition = register(by=clerk, at=DAY)
    client.force_login(clerk)
    response = receipt(client, petition)
    assert response.status_code == 200
    html = response.content.decode()
    assert "信访事项登记回执" in html
    assert petition.number in html
    assert petition.query_code in html
    assert "http://testserver/query/" in html
    # The case's own clocks: routing and the acceptance notice 15 days after receipt;
    # the reply 60 days after acceptance, at the latest when accepted on the 15th day.
    assert "2026年3月17日前" in html
    assert "2026年5月16日前" in html
    assert "集团公司信访办公室" in html
    assert "0561-3012345" in html
    # A phone was given: its last four digits are the second factor, no check code.
    assert "（8000）" in html
    assert "data-receipt-check-code" not in html
    assert 'class="navbar' in html
    assert "no-print" in html


def test_receipt_dates_follow_the_clock_settings_not_fixed_text(client, clerk, settings):
    settings.PETITION_CLOCK_DAYS = {**settings.PETITION_CLOCK_DAYS, "route": 10, "handling": 30}
    petition = register(by=clerk, at=DAY)
    client.force_login(clerk)
    html = receipt(client, petition).content.decode()
    assert "2026年3月12日前" in html  # 10 days after receipt
    assert "2026年4月11日前" in html  # then 30 days
    assert "10日内" in html
    assert "30日内" in html


def test_receipt_of_an_accepted_case_gives_its_reply_due_date(client, clerk, office):
    petition = register(by=clerk, at=DAY)
    services.petition_accept(petition=petition, by=office, at=DAY + timedelta(days=2))
    client.force_login(clerk)
    html = receipt(client, petition).content.decode()
    assert "2026年5月3日前" in html  # accepted on 4 March + 60 days


def test_user_outside_the_scope_gets_404_for_receipt_pdf_and_new_code(client, people, outsider):
    petition = advance(register(by=people["clerk"], petitioners=[no_phone()]), "assigned", **people)
    client.force_login(outsider)
    assert receipt(client, petition).status_code == 404
    assert receipt(client, petition, ".pdf").status_code == 404
    response = client.post(f"/petitions/{petition.number}/receipt/check-code/")
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(action="issue_check_code").exists()


def test_anonymous_is_sent_to_login(client, clerk):
    petition = register(by=clerk)
    response = receipt(client, petition)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_accusers_name_is_masked_on_the_receipt_for_the_unit_and_not_logged(client, people):
    accusation = register(
        by=people["clerk"],
        nature=Nature.ACCUSATION,
        petitioners=[petitioner(name="李举报")],
    )
    accusation = advance(accusation, "in_progress", **people)
    client.force_login(people["handler"])
    response = receipt(client, accusation)
    assert response.status_code == 200
    html = response.content.decode()
    assert "李举报" not in html
    assert "（保密）" in html
    assert "8000" not in html  # not even the phone's last digits
    assert accusation.number in html
    assert not IdentityAccessLog.objects.filter(user=people["handler"]).exists()
    pdf = receipt(client, accusation, ".pdf")
    assert pdf.status_code == 200
    assert not IdentityAccessLog.objects.filter(user=people["handler"]).exists()


def test_accusers_name_on_the_receipt_for_the_registering_clerk_is_logged(client, people):
    accusation = register(
        by=people["clerk"], nature=Nature.ACCUSATION, petitioners=[petitioner(name="李举报")]
    )
    client.force_login(people["clerk"])
    html = receipt(client, accusation).content.decode()
    assert "李举报" in html
    assert "严格保密" in html
    log = IdentityAccessLog.objects.get(user=people["clerk"], petition=accusation)
    assert log.purpose == "receipt"


def test_a_plain_case_receipt_names_the_petitioner_unlogged(client, people):
    petition = advance(register(by=people["clerk"]), "assigned", **people)
    client.force_login(people["handler"])
    assert "张三" in receipt(client, petition).content.decode()
    assert not IdentityAccessLog.objects.exists()


def test_receipt_pdf_is_one_a5_page_with_the_same_content(client, clerk, tmp_path):
    petition = register(by=clerk, at=DAY)
    client.force_login(clerk)
    response = receipt(client, petition, ".pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"{petition.number}-receipt.pdf" in response["Content-Disposition"]
    path = tmp_path / "receipt.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    assert re.search(r"^Page size:\s+419\.\d+ x 595\.\d+ pts", info.stdout, re.M)  # A5
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())
    assert petition.number in text
    assert petition.query_code in text
    assert "2026年3月17日前" in text
    assert "http://testserver/query/" in text


def test_receipt_page_runs_a_constant_number_of_queries(
    client, clerk, django_assert_max_num_queries
):
    one = register(by=clerk)
    many = register(
        by=clerk,
        headcount=5,
        petitioners=[petitioner(name=f"人{i}", id_number="", phone="") for i in range(5)],
    )
    client.force_login(clerk)
    receipt(client, one)
    with django_assert_max_num_queries(12):
        assert receipt(client, one).status_code == 200
    with django_assert_max_num_queries(12):
        assert receipt(client, many).status_code == 200


# --- After registering ---------------------------------------------------------------------


def walk_in_post(**overrides):
    return registration_post(
        **{"people-0-phone": "", "people-0-id_number": "", "submission_token": str(uuid.uuid4())},
        **overrides,
    )


def test_after_registering_the_case_page_offers_the_receipt_first(client, clerk):
    client.force_login(clerk)
    response = client.post("/petitions/new/", walk_in_post(), follow=True)
    petition = Petition.objects.get()
    html = response.content.decode()
    assert 'id="receipt-prompt"' in html
    assert "打印登记回执" in html
    assert f"/petitions/{petition.number}/receipt/" in html
    # Once: the case page opened again shows the receipt among the letters only.
    html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert 'id="receipt-prompt"' not in html
    assert "data-receipt-link" in html


def test_walk_in_without_phone_gets_a_check_code_that_opens_the_query(client, clerk):
    client.force_login(clerk)
    client.post(
        "/petitions/new/", walk_in_post(visit_at=timezone.localtime().strftime("%Y-%m-%dT00:05"))
    )
    petition = Petition.objects.get()
    code = client.session[SESSION_KEY][petition.number]
    assert re.fullmatch(r"\d{6}", code)
    # Stored hashed only, and shown nowhere but the receipt.
    assert petition.check_code_hash
    assert code not in petition.check_code_hash
    assert petition.check_code_matches(code)
    assert code not in client.get(f"/petitions/{petition.number}/").content.decode()
    html = receipt(client, petition).content.decode()
    assert f"data-receipt-check-code>{code}<" in html
    assert 'data-receipt-factor="check_code"' in html
    assert "00:05" in html  # the visit's time
    assert clerk.get_full_name() in html  # the receiving officer

    client.logout()
    response = ask(client, petition.query_code, check=code)
    assert response.status_code == 200
    assert "已登记" in response.content.decode()
    assert 'id="progress-result"' in response.content.decode()


def test_wrong_check_code_or_phone_fails_with_the_one_message(client, clerk):
    client.force_login(clerk)
    client.post("/petitions/new/", walk_in_post())
    petition = Petition.objects.get()
    code = client.session[SESSION_KEY][petition.number]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    client.logout()
    wrong_check = ask(client, petition.query_code, check=wrong).content.decode()
    wrong_phone = ask(client, petition.query_code, phone="8000").content.decode()
    unknown_code = ask(client, "ZZZZ-ZZZZ", check=code).content.decode()
    for html in (wrong_check, wrong_phone, unknown_code):
        assert GENERIC in html
        assert 'id="progress-result"' not in html


def test_a_check_code_does_not_open_a_case_with_a_phone(client, clerk):
    petition = register(by=clerk)
    assert petition.check_code_hash == ""
    assert GENERIC in ask(client, petition.query_code, check="123456").content.decode()


def test_the_check_code_attempts_are_throttled(client, clerk, settings):
    settings.QUERY_ATTEMPTS_PER_HOUR = 2
    petition = register(by=clerk, petitioners=[no_phone()])
    for _attempt in range(2):
        assert GENERIC in ask(client, petition.query_code, check="000000").content.decode()
    assert ask(client, petition.query_code, check="000000").status_code == 429


def test_query_needs_a_phone_ending_or_a_check_code(client, clerk):
    petition = register(by=clerk, petitioners=[no_phone()])
    html = ask(client, petition.query_code).content.decode()
    assert "请输入手机号码后四位；登记时未留手机号码的，请输入登记回执上的查询密码。" in html
    html = ask(client, petition.query_code, check="12ab").content.decode()
    assert "查询密码为6位数字。" in html


def test_registration_form_explains_the_check_code(client, clerk):
    client.force_login(clerk)
    html = client.get("/petitions/new/").content.decode()
    assert "data-no-phone-note" in html
    assert "6位查询密码" in html


# --- A new check code ------------------------------------------------------------------------


def test_clerk_issues_a_new_check_code_and_the_old_one_stops_working(client, clerk):
    petition = register(by=clerk, petitioners=[no_phone()])
    old = petition.issued_check_code
    client.force_login(clerk)
    # Not in this session: the receipt says where the code went and offers a new one.
    html = receipt(client, petition).content.decode()
    assert "data-receipt-check-code" not in html
    assert "重新生成查询密码" in html
    response = client.post(f"/petitions/{petition.number}/receipt/check-code/")
    assert response.status_code == 302
    new = client.session[SESSION_KEY][petition.number]
    petition.refresh_from_db()
    assert petition.check_code_matches(new)
    if new != old:  # one chance in a million that they are the same
        assert not petition.check_code_matches(old)
    event = petition.events.get(action="issue_check_code")
    assert event.actor == clerk
    assert event.payload == {}
    assert new in receipt(client, petition).content.decode()


def test_a_unit_handler_may_not_issue_a_check_code(client, people):
    petition = advance(register(by=people["clerk"], petitioners=[no_phone()]), "assigned", **people)
    client.force_login(people["handler"])
    html = receipt(client, petition).content.decode()
    assert "重新生成查询密码" not in html
    response = client.post(f"/petitions/{petition.number}/receipt/check-code/")
    assert response.status_code == 403


def test_no_check_code_for_a_case_a_phone_opens(client, clerk):
    petition = register(by=clerk)
    client.force_login(clerk)
    response = client.post(f"/petitions/{petition.number}/receipt/check-code/")
    assert response.status_code == 403
    with pytest.raises(services.ActionNotAllowed):
        services.petition_issue_check_code(petition=petition, by=clerk)


def test_issuing_a_code_needs_post(client, clerk):
    petition = register(by=clerk, petitioners=[no_phone()])
    client.force_login(clerk)
    assert client.get(f"/petitions/{petition.number}/receipt/check-code/").status_code == 405


# --- A walk-in's visit time and receiving officer -----------------------------------------


def test_a_visit_needs_its_time_and_receiving_officer(client, clerk):
    client.force_login(clerk)
    response = client.post("/petitions/new/", walk_in_post(visit_at="", received_by=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "来访登记须填写来访时间。" in html
    assert "来访登记须选择接待人。" in html
    assert not Petition.objects.exists()


def test_the_visit_is_on_the_received_day(client, clerk):
    client.force_login(clerk)
    yesterday = timezone.localtime() - timedelta(days=1)
    response = client.post(
        "/petitions/new/", walk_in_post(visit_at=yesterday.strftime("%Y-%m-%dT%H:%M"))
    )
    assert "来访时间应在收到日期当天" in response.content.decode()
    assert not Petition.objects.exists()


def test_the_receiving_officer_is_of_the_registering_unit(client, clerk, handler):
    client.force_login(clerk)
    response = client.post("/petitions/new/", walk_in_post(received_by=handler.pk))
    assert response.status_code == 200
    assert not Petition.objects.exists()


def test_visit_time_and_officer_are_recorded_and_shown(client, clerk, office):
    client.force_login(clerk)
    visit_at = timezone.localtime().replace(hour=0, minute=15, second=0, microsecond=0)
    client.post(
        "/petitions/new/",
        walk_in_post(visit_at=visit_at.strftime("%Y-%m-%dT%H:%M"), received_by=office.pk),
    )
    petition = Petition.objects.get()
    assert petition.visit_at == visit_at
    assert petition.received_by == office
    html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert "来访时间" in html
    assert "00:15" in html
    assert "接待人" in html
    assert office.get_full_name() in html


def test_other_channels_record_no_visit(client, clerk):
    client.force_login(clerk)
    client.post(
        "/petitions/new/", walk_in_post(channel=Channel.LETTER, visit_at="", received_by="")
    )
    petition = Petition.objects.get()
    assert petition.visit_at is None
    assert petition.received_by is None


def test_a_visit_registered_by_a_service_defaults_to_now_and_the_registering_user(clerk):
    petition = register(by=clerk, at=DAY, channel=Channel.VISIT)
    assert petition.visit_at == DAY
    assert petition.received_by == clerk
    assert register(by=clerk, at=DAY).visit_at is None
