"""The leader learns from the inbox that a report waits for sign-off and signs it there."""

import pytest
from playwright.sync_api import expect

from petitions.models import Petition
from tests.browser.test_petition_flow import act, sign_in_as
from tests.petitions.factories import advance, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_gets_the_sign_off_notice_and_signs_from_the_inbox_link(page, login, people):
    case = advance(register(by=people["clerk"]), Petition.State.AWAITING_SIGNOFF, **people)

    sign_in_as(page, login, people["leader"])
    page.goto("/notifications/")
    notice = page.locator("[data-notification='handoff']").filter(has_text=case.number)
    expect(notice).to_contain_text("办结报告待您签发")
    notice.get_by_role("button").click()  # "Open": the one button of the notice

    assert page.url.endswith(case.get_absolute_url())
    act(page, "签发")
    expect(page.locator(".badge-state")).to_have_text("待信访办审核")
