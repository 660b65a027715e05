"""Short English words that mean two things get a context (issue 17): the inbox's "Open"
button reads 查看, an open alert or referral keeps 待处理."""

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from notifications.services import notify


def test_ambiguous_short_words_are_told_apart_by_context():
    with translation.override("zh-hans"):
        assert pgettext("button", "Open") == "查看"
        assert pgettext("state", "Open") == "待处理"
        assert pgettext("button", "Close") == "关闭"
        assert pgettext("alert state", "Closed") == "已关闭"
        assert pgettext("column: when an alert was closed", "Closed") == "关闭时间"
        # A collective visit's headcount (人数), not the skip-level register's 人次.
        assert pgettext("headcount", "People") == "人数"
        assert pgettext("link to the pay decision document", "Decision") == "决定书"


@pytest.mark.django_db
def test_the_inbox_button_opens_the_notice_it_does_not_call_it_pending(client, handler):
    notify([handler], kind="handoff", text="XF2026000001 待您处理", url="/petitions/")
    client.force_login(handler)
    html = client.get("/notifications/").content.decode()
    button = html.split('btn-outline-primary text-nowrap">', 1)[1].split("</button>", 1)[0]
    assert "查看" in button
    assert "待处理" not in button
