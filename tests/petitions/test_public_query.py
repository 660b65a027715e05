"""The public progress query: code + last 4 phone digits → plain progress, nothing personal."""

import logging
import uuid
from datetime import date, datetime, timedelta

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError
from django.utils import timezone

from petitions import progress, services
from petitions.models import Petition, QueryAttemptCounter
from petitions.progress import client_ip, normalize_query_code

from .factories import advance, petitioner, register

pytestmark = pytest.mark.django_db

DAY = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
GENERIC = "查询码、手机号码后四位或查询密码不正确"
THROTTLED = "查询次数过多"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A private cache per test: the throttle's counts must not leak between tests
    (the suite's Redis is shared with other checkouts)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"query-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def on_the_day(monkeypatch):
    """Answer as if today were the day of the case, so no time limit has passed."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DAY.date())


def full_width(text):
    """The same text as a Chinese input method in full-width mode types it."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def ask(client, code, digits, ip="198.51.100.7"):
    return client.post("/query/", {"code": code, "phone_last4": digits}, REMOTE_ADDR=ip)


@pytest.fixture
def replied(people):
    petition = register(
        by=people["clerk"],
        at=DAY,
        petitioners=[petitioner(), petitioner(name="李四", id_number="", phone="139-0013-9111")],
    )
    return advance(petition, Petition.State.REPLIED, at=DAY, **people)


def test_query_page_is_public_and_chinese(client):
    response = client.get("/query/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "信访事项办理进展查询" in html
    assert "手机号码后四位" in html
    assert 'class="navbar' not in html  # no navigation on a public page


def test_right_code_and_digits_show_state_and_dates_and_nothing_personal(
    client, replied, on_the_day
):
    response = ask(client, replied.query_code, "8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "已答复" in html
    assert "已于2026年3月2日作出处理意见并书面答复" in html
    assert "可以在2026年4月1日前向原办理单位的上一级机关、单位请求复查" in html
    for label in ("信访日期", "受理日期", "答复日期"):
        assert label in html
    person = replied.petitioners.get(name="张三")
    for private in (
        "张三",
        "李四",
        person.id_number,
        person.phone,
        "13800138000",
        "139-0013-9111",
        replied.content,
        replied.summary,
        replied.number,
        replied.reply_text,
        "甲煤矿",
    ):
        assert private not in html, private


def test_any_petitioner_phone_opens_the_case(client, replied):
    # 李四's phone is stored with dashes; its last four digits are 9111.
    assert "已答复" in ask(client, replied.query_code, "9111").content.decode()


def test_wrong_digits_and_wrong_code_get_the_same_generic_message(client, replied):
    wrong_digits = ask(client, replied.query_code, "1234").content.decode()
    wrong_code = ask(client, "ZZZZ-ZZZZ", "8000").content.decode()
    assert GENERIC in wrong_digits
    assert GENERIC in wrong_code
    assert "已答复" not in wrong_digits


def test_code_is_accepted_in_any_case_without_dash_and_full_width(client, replied):
    code = replied.query_code
    for typed in (code.lower(), code.replace("-", ""), f" {code[:4]} {code[5:]} "):
        assert "已答复" in ask(client, typed, "8000").content.decode(), typed
    assert "已答复" in ask(client, full_width(code), full_width("8000")).content.decode()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcd-efgh", "ABCD-EFGH"),
        ("ABCDEFGH", "ABCD-EFGH"),
        ("abcd efgh", "ABCD-EFGH"),
        (full_width("ABCD-2345"), "ABCD-2345"),
        ("abc", "ABC"),
    ],
)
def test_normalize_query_code(typed, expected):
    assert normalize_query_code(typed) == expected


def test_malformed_input_is_explained_on_the_field(client, replied):
    html = ask(client, "ABC", "80").content.decode()
    assert "查询码应为8位字母和数字" in html
    assert "请输入4位数字" in html


def test_the_eleventh_attempt_in_an_hour_is_refused(client, replied, settings):
    assert settings.QUERY_ATTEMPTS_PER_HOUR == 10
    for _attempt in range(10):
        assert GENERIC in ask(client, replied.query_code, "0000").content.decode()
    response = ask(client, replied.query_code, "8000")  # right, but one too many
    assert response.status_code == 429
    html = response.content.decode()
    assert THROTTLED in html
    assert "约60分钟后）再试" in html
    assert 'id="query-form"' not in html  # nothing to try until the hour is over
    assert "已答复" not in html
    # Another address is not affected.
    assert "已答复" in ask(client, replied.query_code, "8000", ip="203.0.113.9").content.decode()


def test_viewing_the_form_is_not_an_attempt(client, replied, settings):
    settings.QUERY_ATTEMPTS_PER_HOUR = 1
    for _view in range(3):
        client.get("/query/", REMOTE_ADDR="198.51.100.7")
    assert "已答复" in ask(client, replied.query_code, "8000").content.decode()
    assert ask(client, replied.query_code, "8000").status_code == 429


class BrokenCache(LocMemCache):
    def add(self, *args, **kwargs):
        raise redis.exceptions.ConnectionError("cache is down")

    incr = get = set = add


BROKEN_CACHES = {
    # A cache backend that raises, as Django's Redis cache does when Redis is away.
    "patched": {"BACKEND": f"{__name__}.BrokenCache", "LOCATION": "broken"},
    # The real Redis cache, with nothing listening on its port.
    "redis-down": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
}


@pytest.fixture(params=BROKEN_CACHES)
def cache_down(request, settings):
    settings.CACHES = {"default": BROKEN_CACHES[request.param]}


def test_a_cache_failure_is_logged_and_the_query_still_answers(client, replied, cache_down, caplog):
    with caplog.at_level(logging.ERROR, logger="petitions.progress"):
        response = ask(client, replied.query_code, "8000")
    assert response.status_code == 200
    assert "已答复" in response.content.decode()
    assert "throttle unavailable in the cache" in caplog.text


def test_with_the_cache_down_the_eleventh_attempt_is_still_refused(
    client, replied, cache_down, settings
):
    """Guessing codes during a Redis outage is throttled as before, in the database."""
    assert settings.QUERY_ATTEMPTS_PER_HOUR == 10
    assert "已答复" in ask(client, replied.query_code, "8000").content.decode()
    for _attempt in range(9):
        assert GENERIC in ask(client, replied.query_code, "0000").content.decode()
    response = ask(client, replied.query_code, "8000")  # right, but one too many
    assert response.status_code == 429
    html = response.content.decode()
    assert THROTTLED in html
    assert "约60分钟后）再试" in html
    assert "已答复" not in html
    assert QueryAttemptCounter.objects.get(key="198.51.100.7").count == 11
    # Another address is not affected.
    assert "已答复" in ask(client, replied.query_code, "8000", ip="203.0.113.9").content.decode()


def test_with_the_cache_down_a_new_hour_opens_a_new_window(client, replied, cache_down, settings):
    settings.QUERY_ATTEMPTS_PER_HOUR = 1
    assert ask(client, replied.query_code, "8000").status_code == 200
    assert ask(client, replied.query_code, "8000").status_code == 429
    QueryAttemptCounter.objects.update(window_started_at=timezone.now() - timedelta(minutes=61))
    assert ask(client, replied.query_code, "8000").status_code == 200
    assert ask(client, replied.query_code, "8000").status_code == 429


def test_with_the_cache_and_the_counter_down_the_query_fails_closed(
    client, replied, cache_down, monkeypatch
):
    def database_down(ip):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(progress, "_count_in_database", database_down)
    response = ask(client, replied.query_code, "8000")
    assert response.status_code == 503
    html = response.content.decode()
    assert "查询服务暂时不可用，请稍后再试" in html
    assert "已答复" not in html
    assert 'id="query-form"' not in html


def test_the_throttle_works_on_the_configured_redis_cache(client, replied, settings):
    """The deployed cache is Redis: its add/incr must count too (unique address, cleaned)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "xinfang-test",
        }
    }
    ip = f"redis-test-{uuid.uuid4().hex}"
    settings.QUERY_ATTEMPTS_PER_HOUR = 2
    try:
        assert ask(client, replied.query_code, "8000", ip=ip).status_code == 200
        assert ask(client, replied.query_code, "8000", ip=ip).status_code == 200
        assert ask(client, replied.query_code, "8000", ip=ip).status_code == 429
    finally:
        key = f"petitions:query-attempts:{ip}"
        caches["default"].delete_many([key, f"{key}:started"])


def test_client_address_behind_a_trusted_proxy(rf, settings):
    request = rf.get("/query/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # a forged header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # what our proxy saw, not what the client said


# --- One plain sentence per state -----------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (Petition.State.REGISTERED, "正在审查，将于2026年3月17日前决定是否受理"),
        (Petition.State.ASSIGNED, "交由责任单位办理，该单位将于2026年3月17日前书面告知您"),
        (Petition.State.IN_PROGRESS, "正在调查办理，将于2026年5月1日前书面答复您"),
        (Petition.State.AWAITING_SIGNOFF, "正在调查办理"),
        (Petition.State.AWAITING_REVIEW, "正在调查办理"),
        (Petition.State.UNDER_REVIEW, "复查意见将于2026年4月1日前作出"),
        (Petition.State.REVIEWED, "可以在2026年4月1日前向复查机关的上一级机关、单位请求复核"),
        (Petition.State.UNDER_REREVIEW, "听证所需时间不计算在内"),
        (Petition.State.FINAL, "您的信访事项已终结"),
    ],
)
def test_each_state_reads_as_a_plain_sentence(client, people, state, words, on_the_day):
    petition = register(by=people["clerk"], at=DAY)
    petition = advance(petition, state, at=DAY, **people)
    html = ask(client, petition.query_code, "8000").content.decode()
    assert words in html


@pytest.mark.parametrize(
    ("action", "kwargs", "words"),
    [
        (
            services.petition_transfer,
            {"organ": "淮北市人力资源和社会保障局", "note": "属其职责。"},
            "转送有权处理的淮北市人力资源和社会保障局",
        ),
        (
            services.petition_redirect,
            {"route": "litigation", "note": "应当诉讼。"},
            "应当通过诉讼解决",
        ),
        (
            services.petition_reject,
            {"reason": "final", "note": "已终结。"},
            "决定不予受理，并已书面告知您。理由：已复核终结",
        ),
    ],
)
def test_routed_end_states_read_as_plain_sentences(client, people, action, kwargs, words):
    petition = register(by=people["clerk"], at=DAY)
    action(petition=petition, by=people["clerk"], at=DAY, **kwargs)
    html = ask(client, petition.query_code, "8000").content.decode()
    assert words in html
    for note in ("属其职责", "应当诉讼", "已终结。"):  # the internal notes stay inside
        assert note not in html


def test_a_late_reply_says_so(client, people, monkeypatch):
    petition = register(by=people["clerk"], at=DAY)
    advance(petition, Petition.State.IN_PROGRESS, at=DAY, **people)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 5, 2))
    html = ask(client, petition.query_code, "8000").content.decode()
    assert "书面答复已超过办理期限（2026年5月1日）" in html


def test_a_passed_review_window_is_stated(client, replied, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 4, 2))
    html = ask(client, replied.query_code, "8000").content.decode()
    assert "请求复查的期限已于2026年4月1日届满" in html


def test_closed_after_the_review_window(client, people):
    petition = register(by=people["clerk"], at=DAY)
    petition = advance(petition, Petition.State.REPLIED, at=DAY, **people)
    services.petition_close(
        petition=petition, reason="window_expired", by=None, at=DAY + timedelta(days=31)
    )
    html = ask(client, petition.query_code, "8000").content.decode()
    assert "已办结" in html
    assert "期满未申请复查（复核）" in html
    assert "办结日期" in html
