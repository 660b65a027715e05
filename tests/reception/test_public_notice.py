"""The published reception-day notice is signed by the petition office, not by the
software, and tells the public where to book an appointment (约访)."""

import pytest

from organization.roles import Role
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTICE = "/reception/public/notice/"
SCHEDULE = "/reception/public/"


@pytest.fixture
def office_unit(group_root):
    unit = UnitFactory(code="XFB", name="测试集团信访办公室", parent=group_root)
    UserFactory(username="office_xfb", unit=unit, roles=[Role.OFFICE])
    return unit


@pytest.fixture
def contact(settings):
    settings.LETTER_ISSUER = ""
    settings.PETITION_OFFICE_NAME = "集团公司信访办公室"
    settings.PETITION_OFFICE_PHONE = "0561-3000000"
    settings.PETITION_OFFICE_ADDRESS = "人民路1号办公楼一楼信访接待室"


def page(client, url, language=None):
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": url})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def signature(html):
    start = html.index("data-signature>") + len("data-signature>")
    return html[start : html.index("</p>", start)]


def test_the_notice_is_signed_by_the_office_and_gives_the_booking_contact(client, contact):
    html = page(client, NOTICE)
    assert signature(html).startswith("集团公司信访办公室<br>")
    assert "信访事项管理系统<br>" not in html
    assert (
        "预约领导接访（约访），请致电集团公司信访办公室（电话：0561-3000000），"
        "或到人民路1号办公楼一楼信访接待室预约。"
    ) in html


def test_the_english_notice_is_signed_by_the_office_and_gives_the_booking_contact(client, contact):
    html = page(client, NOTICE, "en")
    assert "Notice of leader reception days" in html
    assert signature(html).startswith("集团公司信访办公室<br>")
    assert "Petition Case Management<br>" not in html
    assert (
        "To book an appointment with a leader, call 集团公司信访办公室 at 0561-3000000 "
        "or come to 人民路1号办公楼一楼信访接待室."
    ) in html
    assert "约访" not in html


def test_the_letter_issuer_signs_when_it_is_set(client, contact, settings):
    settings.LETTER_ISSUER = "测试集团有限公司信访办公室"
    html = page(client, NOTICE)
    assert signature(html).startswith("测试集团有限公司信访办公室<br>")
    assert "请致电集团公司信访办公室（电话：0561-3000000）" in html  # still the contact


def test_without_settings_the_office_unit_signs_and_no_booking_line_is_made_up(
    client, settings, office_unit
):
    settings.LETTER_ISSUER = settings.PETITION_OFFICE_NAME = ""
    settings.PETITION_OFFICE_PHONE = settings.PETITION_OFFICE_ADDRESS = ""
    for language in (None, "en"):
        html = page(client, NOTICE, language)
        assert signature(html).startswith("测试集团信访办公室<br>")
        assert "data-appointment" not in html


@pytest.mark.parametrize(
    ("phone", "address", "chinese", "english"),
    [
        (
            "0561-3000000",
            "",
            "请致电集团公司信访办公室（电话：0561-3000000）。",
            "call 集团公司信访办公室 at 0561-3000000.",
        ),
        (
            "",
            "信访接待室",
            "请到集团公司信访办公室（地址：信访接待室）预约。",
            "come to 集团公司信访办公室 at 信访接待室.",
        ),
    ],
)
def test_a_phone_or_an_address_alone_is_enough_to_book(
    client, contact, settings, phone, address, chinese, english
):
    settings.PETITION_OFFICE_PHONE, settings.PETITION_OFFICE_ADDRESS = phone, address
    assert chinese in page(client, NOTICE)
    assert english in page(client, NOTICE, "en")


def test_the_public_schedule_gives_the_booking_contact_too(client, contact):
    assert "请致电集团公司信访办公室（电话：0561-3000000）" in page(client, SCHEDULE)
    assert "call 集团公司信访办公室 at 0561-3000000" in page(client, SCHEDULE, "en")
