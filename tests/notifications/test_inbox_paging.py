"""The inbox pages by its sort key (time, then id): ties never skip or repeat a
message, previous returns the page before, a jump goes to a day."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification

pytestmark = pytest.mark.django_db

TEXT = re.compile(r"<div>(消息\d+)</div>")


def shown(response):
    assert response.status_code == 200
    return TEXT.findall(response.content.decode())


def link(response, rel):
    found = re.search(rf'rel="{rel}" href="\?([^"]*)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def inbox(client, query=""):
    return client.get(f"/notifications/?{query}")


def test_messages_at_the_same_moment_page_without_gaps_or_repeats(client, people):
    user, now = people["handler"], timezone.now()
    # 31 messages at one instant (a daily job's batch) and 2 a day earlier; 30 a page.
    Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind="info", text=f"消息{i}", created_at=now)
            for i in range(31)
        ]
        + [
            Notification(
                recipient=user, kind="info", text=f"消息{i}", created_at=now - timedelta(days=1)
            )
            for i in range(31, 33)
        ]
    )
    Notification.objects.create(
        recipient=people["leader"], kind="info", text="消息99", created_at=now
    )
    client.force_login(user)

    first = inbox(client)
    assert len(shown(first)) == 30
    assert link(first, "prev") is None
    second = inbox(client, link(first, "next"))
    assert len(shown(second)) == 3
    assert link(second, "next") is None
    assert sorted(shown(first) + shown(second)) == sorted(f"消息{i}" for i in range(33))
    assert shown(inbox(client, link(second, "prev"))) == shown(first)

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert sorted(shown(inbox(client, f"jump={yesterday}"))) == ["消息31", "消息32"]


def test_unread_filter_is_kept_on_the_next_page(client, people):
    user, now = people["handler"], timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind="info",
            text=f"消息{i}",
            created_at=now - timedelta(minutes=i),
            read_at=now if i % 2 else None,
        )
        for i in range(64)
    )
    client.force_login(user)
    first = inbox(client, "unread=1")
    assert "unread=1" in link(first, "next")
    second = inbox(client, link(first, "next"))
    assert {int(t[2:]) % 2 for t in shown(first) + shown(second)} == {0}
    assert len(shown(first) + shown(second)) == 32
