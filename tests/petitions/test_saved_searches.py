"""Saved searches: a user's named filters of the list, never visible to anyone else."""

import pytest

from petitions import saved_searches
from petitions.models import SavedSearch

from .factories import advance, register

pytestmark = pytest.mark.django_db

SAVE = "/petitions/searches/save/"
MANAGE = "/petitions/searches/"


def test_saving_the_current_filter_keeps_only_the_lists_own_parameters(client, people):
    client.force_login(people["office"])
    response = client.post(
        SAVE,
        {"name": "  超期  积案 ", "query": "state=open&overdue=true&page=4&cursor=x&evil=1&q="},
    )
    assert response.status_code == 302
    assert response["Location"] == "/petitions/?state=open&overdue=true"
    search = SavedSearch.objects.get()
    assert (search.owner, search.name, search.query) == (
        people["office"],
        "超期 积案",
        "state=open&overdue=true",
    )


def test_saving_under_an_existing_name_replaces_its_filter(client, people):
    client.force_login(people["office"])
    client.post(SAVE, {"name": "我的", "query": "state=open"})
    response = client.post(SAVE, {"name": "我的", "query": "state=assigned"}, follow=True)
    assert "已更新查询“我的”" in response.content.decode()
    assert list(SavedSearch.objects.values_list("name", "query")) == [("我的", "state=assigned")]


def test_a_name_is_required_and_the_number_kept_is_capped(client, people, monkeypatch):
    client.force_login(people["office"])
    response = client.post(SAVE, {"name": "  ", "query": "state=open"}, follow=True)
    assert "请为查询命名" in response.content.decode()
    monkeypatch.setattr(saved_searches, "SAVED_SEARCH_LIMIT", 2)
    for name in ("一", "二"):
        client.post(SAVE, {"name": name, "query": ""})
    response = client.post(SAVE, {"name": "三", "query": ""}, follow=True)
    assert "已达上限" in response.content.decode()
    assert SavedSearch.objects.count() == 2


def test_saved_searches_are_never_visible_to_other_users(client, people):
    mine = SavedSearch.objects.create(
        owner=people["office"], name="信访办的查询", query="state=open"
    )
    client.force_login(people["clerk"])

    assert "信访办的查询" not in client.get("/petitions/").content.decode()
    assert "信访办的查询" not in client.get(MANAGE).content.decode()
    assert client.post(f"/petitions/searches/{mine.pk}/rename/", {"name": "改"}).status_code == 404
    assert client.post(f"/petitions/searches/{mine.pk}/delete/").status_code == 404
    # Saving the same name makes the clerk's own search, leaving the office's alone.
    client.post(SAVE, {"name": "信访办的查询", "query": "state=registered"})
    mine.refresh_from_db()
    assert (mine.name, mine.query) == ("信访办的查询", "state=open")
    assert SavedSearch.objects.filter(owner=people["clerk"]).count() == 1

    client.force_login(people["office"])
    page = client.get("/petitions/").content.decode()
    assert "信访办的查询" in page
    assert 'href="/petitions/?state=open"' in page


def test_owner_applies_renames_and_deletes_their_search(client, people):
    case = advance(register(by=people["clerk"], summary="已交办的事项"), "assigned", **people)
    register(by=people["clerk"], summary="待处理的事项")
    client.force_login(people["office"])
    client.post(SAVE, {"name": "已交办", "query": "state=assigned"})
    search = SavedSearch.objects.get()

    applied = client.get("/petitions/?" + search.query).content.decode()
    assert case.number in applied
    assert "待处理的事项" not in applied

    response = client.post(f"/petitions/searches/{search.pk}/rename/", {"name": "交办件"})
    assert response["Location"] == MANAGE
    search.refresh_from_db()
    assert search.name == "交办件"
    assert "交办件" in client.get(MANAGE).content.decode()

    client.post(f"/petitions/searches/{search.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_renaming_to_a_name_already_taken_is_refused(client, people):
    client.force_login(people["office"])
    client.post(SAVE, {"name": "甲", "query": "state=open"})
    client.post(SAVE, {"name": "乙", "query": "state=assigned"})
    second = SavedSearch.objects.get(name="乙")
    response = client.post(f"/petitions/searches/{second.pk}/rename/", {"name": "甲"}, follow=True)
    assert "您已有名为“甲”的查询" in response.content.decode()
    second.refresh_from_db()
    assert second.name == "乙"


def test_save_rename_and_delete_are_post_only(client, people):
    search = SavedSearch.objects.create(owner=people["office"], name="甲", query="")
    client.force_login(people["office"])
    assert client.get(SAVE).status_code == 405
    assert client.get(f"/petitions/searches/{search.pk}/rename/").status_code == 405
    assert client.get(f"/petitions/searches/{search.pk}/delete/").status_code == 405


def test_the_list_marks_the_saved_search_it_shows(client, people):
    SavedSearch.objects.create(owner=people["office"], name="未办结", query="state=open")
    client.force_login(people["office"])
    page = client.get("/petitions/", {"state": "open", "page": "1"}).content.decode()
    assert 'class="dropdown-item rounded active"' in page


def test_list_page_queries_stay_constant_with_saved_searches_and_rows(
    client, people, django_assert_max_num_queries
):
    """The saved-search menu and the batch toolbar add a fixed number of queries,
    whatever the number of saved searches and cases."""
    office = people["office"]
    client.force_login(office)
    for _index in range(2):
        register(by=people["clerk"])
    SavedSearch.objects.create(owner=office, name="一", query="state=open")
    client.get("/petitions/")  # warm the session and permission caches
    with django_assert_max_num_queries(40) as few:
        assert client.get("/petitions/").status_code == 200
    baseline = len(few.captured_queries)

    for index in range(20):
        SavedSearch.objects.create(owner=office, name=f"查询{index}", query=f"q=XF{index}")
        register(by=people["clerk"])
    with django_assert_max_num_queries(baseline):
        response = client.get("/petitions/")
    assert response.status_code == 200
    assert "查询19" in response.content.decode()
