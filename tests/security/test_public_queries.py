"""Public pages answer without loading a session or a user they do not need.

The login check asks whether a view is public before it looks at request.user, so a
public page costs only its own queries, for a visitor and for a signed-in user alike.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PUBLIC = ["/query/", "/accounts/login/", "/reception/public/", "/healthz"]


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url", ["/query/", "/accounts/login/"])
def test_public_form_page_makes_no_query_for_a_signed_in_user(client, clerk, url):
    assert _queries(client, url) == []
    client.force_login(clerk)
    assert _queries(client, url) == []


@pytest.mark.parametrize("url", PUBLIC)
def test_public_page_reads_no_session_or_user_table(client, clerk, url):
    anonymous = _queries(client, url)
    client.force_login(clerk)
    signed_in = _queries(client, url)
    assert len(signed_in) == len(anonymous)
    for sql in signed_in:  # the page's own data may name people; the session user is not read
        assert 'FROM "django_session"' not in sql, sql
        assert 'FROM "organization_user" WHERE "organization_user"."id" =' not in sql, sql


def test_public_page_for_a_signed_in_user_is_still_private(client, clerk):
    client.force_login(clerk)
    response = client.get("/query/")
    assert response["Cache-Control"] == "no-store, private"
    assert "nav-language" not in response.content.decode()  # no signed-in menu drawn


def test_a_private_page_still_sends_a_visitor_to_sign_in(client):
    response = client.get("/petitions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
