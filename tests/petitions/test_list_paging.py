"""Keyset pages of the petition list: next/previous from the sort key, jumps by
date and case number, the capped count, and the unit scope on every page."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organization import paging
from organization.roles import Role
from petitions import services
from petitions.models import Nature
from tests.factories import UserFactory

from .factories import advance, petitioner, register, valid_id_number

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r'href="/petitions/(XF\d+)/"')


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def listed(response) -> list[str]:
    assert response.status_code == 200
    return NUMBER.findall(response.content.decode())


def link(response, rel) -> str | None:
    found = re.search(rf'rel="{rel}" href="\?([^"]*)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def get(client, query="", **params):
    return client.get(f"/petitions/?{query}" if query else "/petitions/", params or None)


def pages_from_first(client, **params) -> tuple[list[list[str]], object]:
    """The numbers of every page, following "next" from the first; and the last page."""
    response, pages = get(client, **params), []
    while True:
        pages.append(listed(response))
        following = link(response, "next")
        if following is None:
            return pages, response
        response = get(client, following)


def test_every_row_labels_its_unit_and_due_cells_for_the_narrow_screen(client, people):
    # The cards' labels are translated once for the page and named on every row.
    for _ in range(2):
        register(by=people["clerk"])
    client.force_login(people["office"])
    page = get(client).content.decode()
    assert page.count('data-label="单位"') == 2
    assert page.count('data-label="期限"') == 2


def test_exactly_one_page_has_no_next_link_and_one_more_row_adds_it(client, people):
    for _ in range(3):
        register(by=people["clerk"])
    client.force_login(people["office"])
    first = get(client)
    assert len(listed(first)) == 3
    assert link(first, "next") is None
    assert link(first, "prev") is None

    register(by=people["clerk"])
    first = get(client)
    assert len(listed(first)) == 3
    assert link(first, "prev") is None
    second = get(client, link(first, "next"))
    assert len(listed(second)) == 1
    assert link(second, "next") is None
    assert link(second, "prev") is not None


def test_equal_dates_are_never_skipped_or_repeated_and_previous_returns_the_first_page(
    client, people
):
    # Seven cases on one day and two on the day before: the number breaks the ties.
    same_day = [register(by=people["clerk"], at=days_ago(2)).number for _ in range(7)]
    older = [register(by=people["clerk"], at=days_ago(3)).number for _ in range(2)]
    client.force_login(people["office"])

    pages, response = pages_from_first(client)
    walked = [number for page in pages for number in page]
    assert walked == sorted(same_day, reverse=True) + sorted(older, reverse=True)
    assert [len(page) for page in pages] == [3, 3, 3]

    first = get(client)
    second = get(client, link(first, "next"))
    back = get(client, link(second, "prev"))
    assert listed(back) == listed(first)
    assert link(back, "prev") is None
    # And backwards from the last page, the same pages in reverse.
    last = response
    middle = get(client, link(last, "prev"))
    assert listed(middle) == pages[1]


def test_every_sort_order_walks_all_rows_once(client, people):
    numbers = {register(by=people["clerk"], at=days_ago(day % 3)).number for day in range(7)}
    client.force_login(people["office"])
    for sort in ("received_on", "-received_on", "current_due", "-current_due", "number", "-number"):
        pages, _last = pages_from_first(client, sort=sort)
        walked = [number for page in pages for number in page]
        assert sorted(walked) == sorted(numbers), sort
        assert len(walked) == len(numbers), sort


def test_jump_to_a_date_starts_at_the_newest_case_of_that_day_or_before(client, people):
    newest = [register(by=people["clerk"], at=days_ago(1)).number for _ in range(4)]
    middle = register(by=people["clerk"], at=days_ago(5)).number
    oldest = register(by=people["clerk"], at=days_ago(9)).number
    client.force_login(people["office"])

    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = get(client, jump=day)
    assert listed(response) == [middle, oldest]
    assert link(response, "prev") is not None
    back = get(client, link(response, "prev"))
    assert listed(back) == sorted(newest, reverse=True)[1:]
    # The jump keeps the filter; an empty or unreadable jump is the first page.
    assert listed(get(client, jump="not a date")) == sorted(newest, reverse=True)[:3]


def test_jump_to_a_case_number_starts_at_that_case(client, people):
    numbers = sorted((register(by=people["clerk"]).number for _ in range(6)), reverse=True)
    client.force_login(people["office"])
    response = get(client, jump=numbers[4].lower())
    assert listed(response) == numbers[4:]
    assert link(response, "prev") is not None
    # A number not in the list: an empty page, not an error.
    assert listed(get(client, jump="XF1999000001")) == []


def test_the_count_is_capped(client, people, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    for _ in range(4):
        register(by=people["clerk"])
    client.force_login(people["office"])
    assert "4 件" in get(client).content.decode() or "4 petitions" in get(client).content.decode()
    register(by=people["clerk"])
    page = get(client).content.decode()
    assert "4+" in page


def test_the_count_label_groups_thousands_above_the_cap():
    page = paging.KeysetPage(
        rows=[],
        has_next=True,
        has_previous=False,
        keys=[],
        base_query="",
        count=10_001,
        cap=10_000,
        jumped=False,
    )
    assert page.count_label == "10 000+"
    assert paging.KeysetPage(
        rows=[], has_next=False, has_previous=False, keys=[], base_query="", count=999,
        cap=1000, jumped=False,
    ).count_label == "999"  # fmt: skip


def test_a_handler_never_sees_another_units_case_on_a_later_page(client, people, outsider, unit_b):
    mine, theirs = set(), set()
    for index in range(8):
        petition = register(by=people["clerk"], at=days_ago(index))
        if index % 2:
            services.petition_assign(
                petition=petition,
                unit=unit_b,
                due=timezone.localdate() + timedelta(days=30),
                by=people["clerk"],
            )
            theirs.add(petition.number)
        else:
            advance(petition, "assigned", **people)
            mine.add(petition.number)

    for user, own in ((people["handler"], mine), (outsider, theirs)):
        client.force_login(user)
        pages, _last = pages_from_first(client)
        walked = [number for page in pages for number in page]
        assert set(walked) == own
        # A cursor copied from another user's list shows nothing of theirs either.
        assert set(listed(get(client, jump=sorted(mine | theirs)[0]))) <= own


def _count_query(queries) -> str:
    """The capped count's query: the one that reads at most COUNT_CAP + 1 cases' ids."""
    limit = f"LIMIT {paging.COUNT_CAP + 1}"
    return next(
        query["sql"]
        for query in queries
        if limit in query["sql"] and '"petitions_petition"."id"' in query["sql"]
    )


def test_a_scoped_count_reads_the_scope_not_the_sort_key(client, people):
    # Walking the sort key's index, a handler's count read every case of the group to
    # find those of the unit (35 rows per row counted at 10^5); unordered, the scope's
    # own indexes find them. The office's unfiltered count is the sort key's index.
    for index in range(5):
        petition = register(by=people["clerk"], at=days_ago(index))
        advance(petition, "assigned", **people)
    register(by=people["clerk"])
    for user, count, ordered in ((people["handler"], 5, False), (people["office"], 6, True)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = get(client)
        assert response.context["page"].count == count
        assert ("ORDER BY" in _count_query(queries.captured_queries)) is ordered


def _ids_counted(queries) -> bool:
    """Whether the capped count read the cases' ids (the whole filter, scope and all)."""
    limit = f"LIMIT {paging.COUNT_CAP + 1}"
    return any(
        query["sql"].startswith('SELECT "petitions_petition"."id" AS "pk"')
        and limit in query["sql"]
        for query in queries
    )


def test_a_scoped_count_is_capped_at_its_boundary_through_parts_that_overlap(
    client, people, unit_b, monkeypatch
):
    # A leader sees the cases of the unit's subtree and those they own wherever they are:
    # parts of the scope that overlap. No part holds more than the cap, so the count
    # reads the ids of the whole scope, exact up to the cap.
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    leader, due = people["leader"], timezone.localdate() + timedelta(days=30)

    def owned(unit):
        petition = services.petition_assign(
            petition=register(by=people["clerk"]), unit=unit, due=due, by=people["clerk"]
        )
        return services.petition_set_owning_leader(
            petition=petition, leader=leader, by=people["office"]
        )

    for unit in (people["unit"], people["unit"], unit_b, unit_b):
        owned(unit)  # the unit's two are in both parts; four owned, the cap itself
    client.force_login(leader)
    with CaptureQueriesContext(connection) as queries:
        page = get(client).context["page"]
    assert (page.count, page.count_capped, page.count_label) == (4, False, "4")
    assert _ids_counted(queries.captured_queries)

    advance(register(by=people["clerk"]), "assigned", **people)  # five; no part over four
    page = get(client).context["page"]
    assert (page.count, page.count_capped, page.count_label) == (4, True, "4+")


def test_a_scoped_count_stops_at_a_part_that_holds_more_than_the_cap(
    client, people, outsider, monkeypatch
):
    # Five cases for which the unit is responsible: that part alone is over the cap, read
    # from its unit's index; the scope's OR, which the planner counts by reading the
    # table, is never counted.
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    for _ in range(5):
        advance(register(by=people["clerk"]), "assigned", **people)
    client.force_login(people["handler"])
    with CaptureQueriesContext(connection) as queries:
        response = get(client)
    page = response.context["page"]
    assert (page.count, page.count_capped, page.count_label) == (4, True, "4+")
    assert not _ids_counted(queries.captured_queries)
    assert len(listed(response)) == 3
    # Under a filter the parts are filtered too: none of the five is closed, so no part
    # is over the cap and the count is exact.
    page = get(client, state="closed").context["page"]
    assert (page.count, page.count_capped) == (0, False)
    # Another unit's handler counts none of them.
    client.force_login(outsider)
    assert get(client).context["page"].count == 0


def test_the_unit_filter_names_the_subtree_s_units(client, people, section_a1, unit_b):
    # The units as constants (responsible_unit_id IN (…)): a join on the unit's path
    # left the planner guessing, and it walked the table (28 ms of a 76 ms page at 10^5).
    in_unit = advance(register(by=people["clerk"]), "assigned", **people)
    in_section = advance(register(by=people["clerk"]), "assigned", **{**people, "unit": section_a1})
    advance(register(by=people["clerk"]), "assigned", **{**people, "unit": unit_b})
    client.force_login(people["office"])
    with CaptureQueriesContext(connection) as queries:
        response = get(client, unit=people["unit"].pk)
    assert set(listed(response)) == {in_unit.number, in_section.number}
    counted = _count_query(queries.captured_queries)
    assert '"organization_unit"' not in counted
    assert f"IN ({people['unit'].pk}, {section_a1.pk})" in counted


def test_a_search_with_few_matches_reads_its_page_by_their_ids(client, people, monkeypatch):
    # The list's next rows hold less than a page of matches, so the search counts: the
    # count found the matches (scope and keyword); the page reads them by id, and does
    # not test every one's search vector again.
    monkeypatch.setattr(paging, "SCAN_ROWS", 2)
    wages = {register(by=people["clerk"], summary="反映拖欠工资").number for _ in range(4)}
    register(by=people["clerk"], summary="采煤塌陷区搬迁", content="补偿不到位。")
    client.force_login(people["office"])
    with CaptureQueriesContext(connection) as queries:
        first = get(client, q="工资")
    # The last rows read are the page's (the scan's two before them fell short).
    page_query = [
        query["sql"] for query in queries.captured_queries if '."query_code"' in query["sql"]
    ][-1]
    assert "search_vector" not in page_query
    assert "search_document" not in page_query
    walked = listed(first) + listed(get(client, link(first, "next")))
    assert set(walked) == wages


def test_an_old_page_link_still_works(client, people):
    numbers = sorted((register(by=people["clerk"]).number for _ in range(4)), reverse=True)
    client.force_login(people["office"])
    assert listed(get(client, page="2")) == numbers[:3]
    assert listed(get(client, page="abc")) == numbers[:3]
    # A forged or stale cursor is the first page, not an error.
    assert listed(get(client, after_key="bm90IGpzb24")) == numbers[:3]
    assert listed(get(client, before_key="WzEsMl0")) == numbers[:3]


def test_the_filter_is_kept_on_every_page(client, people):
    wages = sorted(
        (register(by=people["clerk"], summary="反映拖欠工资").number for _ in range(4)),
        reverse=True,
    )
    register(by=people["clerk"], summary="采煤塌陷区搬迁", content="补偿不到位。")
    client.force_login(people["office"])
    first = get(client, q="工资")
    assert "q=" in link(first, "next")
    assert listed(first) + listed(get(client, link(first, "next"))) == wages


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "工资"}, {"state": "open", "overdue": "true"}, {"sort": "current_due"}],
)
def test_list_pages_run_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries, params
):
    for index in range(9):
        petition = register(
            by=people["clerk"],
            at=days_ago(index * 10),
            petitioners=[petitioner(name=f"信访人{index}", id_number=valid_id_number(index + 50))],
        )
        advance(petition, "assigned", **people)
    client.force_login(people["handler"])
    first = get(client, **params)  # warms the session
    # 15 = the page's rows, count, scope, session, user… and one for the saved-search menu.
    with django_assert_max_num_queries(15):
        first = get(client, **params)
    with django_assert_max_num_queries(15):
        second = get(client, link(first, "next"))
    with django_assert_max_num_queries(16):
        get(client, link(second, "prev"))
    with django_assert_max_num_queries(16):
        get(client, jump=timezone.localdate().isoformat(), **params)


# --- Search -------------------------------------------------------------------------


def test_search_finds_two_and_four_characters_a_name_and_a_number(client, people):
    wages = register(by=people["clerk"], summary="反映拖欠工资", content="三个月未发放。")
    subsidence = register(
        by=people["clerk"],
        summary="采煤塌陷区搬迁",
        content="补偿不到位。",
        petitioners=[petitioner(name="司马光", id_number=valid_id_number(61))],
    )
    client.force_login(people["office"])
    assert listed(get(client, q="工资")) == [wages.number]
    assert listed(get(client, q="采煤塌陷")) == [subsidence.number]
    assert listed(get(client, q="塌陷采煤")) == []  # a phrase, not two words anywhere
    assert listed(get(client, q="司马光")) == [subsidence.number]
    assert listed(get(client, q=wages.number)) == [wages.number]
    assert listed(get(client, q=wages.number[:6])) == sorted(
        [wages.number, subsidence.number], reverse=True
    )


COUNT_LINK = re.compile(r'hx-get="/petitions/count/\?([^"]*)"')


def counted(response) -> str | None:
    """The count the page shows in its card header, or None when it is left for later."""
    page = response.context["page"]
    return None if page.count_deferred else page.count_label


@pytest.mark.parametrize("scan_rows", [2, 6, 400])
def test_every_page_of_a_search_by_words_is_the_list_s_matches_in_order(
    client, people, monkeypatch, scan_rows
):
    # Matches and others interleaved over 14 days: a page is found among the next
    # `scan_rows` rows of the list without the keyword when they hold a page of matches,
    # by counting otherwise (2: always; 6: the first page scanned, the next counted),
    # never differently.
    monkeypatch.setattr(paging, "SCAN_ROWS", scan_rows)
    pattern = "MNMMNMNNNNNMMN"
    wages = []
    for day, kind in enumerate(pattern):
        text = (
            ("反映拖欠工资", "三个月未发放。")
            if kind == "M"
            else ("采煤塌陷区搬迁", "补偿不到位。")
        )
        petition = register(by=people["clerk"], at=days_ago(day), summary=text[0], content=text[1])
        if kind == "M":
            wages.append(petition.number)
    client.force_login(people["office"])

    assert _walk(client, q="工资") == wages
    first = get(client, q="工资")
    if scan_rows == 2:
        assert counted(first) == "6"
    else:
        assert counted(first) is None  # found among the next rows: counted after
        link_query = html.unescape(COUNT_LINK.search(first.content.decode()).group(1))
        assert "q=" in link_query
        count = client.get(f"/petitions/count/?{link_query}")
        assert count.status_code == 200
        assert re.search(r"\b6\b", count.content.decode())
    # A jump to a date lands on the same rows either way.
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert listed(get(client, q="工资", jump=day)) == wages[3:6]


def test_a_search_counts_with_its_page_when_asked(client, people):
    for _ in range(4):
        register(by=people["clerk"], summary="反映拖欠工资")
    client.force_login(people["office"])
    first = get(client, q="工资")
    assert counted(first) is None
    # Without script, the header's link asks for the same page with its count.
    assert "count=1" in first.content.decode()
    assert counted(get(client, q="工资", count="1")) == "4"
    # A case number is found by its own index: counted with the page.
    assert counted(get(client, q=first.context["rows"][0][0].number)) == "1"


def test_a_handler_s_search_and_its_count_hold_only_the_scope_s_cases(
    client, people, unit_b, monkeypatch
):
    monkeypatch.setattr(paging, "SCAN_ROWS", 4)
    mine = []
    for index in range(10):
        petition = register(by=people["clerk"], at=days_ago(index), summary="反映拖欠工资")
        unit = unit_b if index % 3 else people["unit"]
        advance(petition, "assigned", **{**people, "unit": unit})
        if unit == people["unit"]:
            mine.append(petition.number)
    client.force_login(people["handler"])
    assert _walk(client, q="工资") == mine
    count = client.get("/petitions/count/", {"q": "工资"})
    assert re.search(rf"\b{len(mine)}\b", count.content.decode())


def test_the_count_of_a_name_search_does_not_count_a_confidential_accuser(client, people):
    accusation = register(
        by=people["clerk"],
        nature=Nature.ACCUSATION,
        summary="举报区长违规",
        petitioners=[petitioner(name="欧阳明", id_number=valid_id_number(31))],
    )
    advance(accusation, "in_progress", **people)
    ordinary = register(
        by=people["clerk"],
        petitioners=[petitioner(name="欧阳明", id_number=valid_id_number(31))],
    )
    advance(ordinary, "in_progress", **people)
    client.force_login(people["handler"])
    assert listed(get(client, q="欧阳明")) == [ordinary.number]
    assert re.search(r"\b1\b", client.get("/petitions/count/", {"q": "欧阳明"}).content.decode())
    client.force_login(people["office"])
    assert re.search(r"\b2\b", client.get("/petitions/count/", {"q": "欧阳明"}).content.decode())


def test_a_count_asked_for_again_within_the_minute_is_not_counted_again(client, people):
    for _ in range(3):
        register(by=people["clerk"], summary="反映拖欠工资")
    client.force_login(people["office"])
    first = client.get("/petitions/count/", {"q": "工资"})
    assert re.search(r"\b3\b", first.content.decode())
    register(by=people["clerk"], summary="反映拖欠工资")
    # The next page asks for the same count: kept, not counted again.
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/petitions/count/", {"q": "工资", "after_key": "x"})
    assert again.content == first.content
    assert not any('"petitions_petition"' in query["sql"] for query in queries.captured_queries)
    # Another user, or another filter, is counted for itself.
    client.force_login(people["clerk"])
    assert re.search(r"\b4\b", client.get("/petitions/count/", {"q": "工资"}).content.decode())
    client.force_login(people["office"])
    other = client.get("/petitions/count/", {"q": "工资", "channel": "letter"})
    assert re.search(r"\b4\b", other.content.decode())


def test_a_kept_count_is_not_kept_past_a_change_of_the_user_s_unit(client, people, unit_b):
    for unit in (people["unit"], unit_b, unit_b):
        advance(register(by=people["clerk"], summary="反映拖欠工资"), "assigned",
                **{**people, "unit": unit})  # fmt: skip
    handler = people["handler"]
    client.force_login(handler)
    assert re.search(r"\b1\b", client.get("/petitions/count/", {"q": "工资"}).content.decode())
    handler.unit = unit_b
    handler.save()  # moves the access generation
    assert re.search(r"\b2\b", client.get("/petitions/count/", {"q": "工资"}).content.decode())


def test_the_count_refuses_filters_that_are_not_valid(client, people):
    client.force_login(people["office"])
    assert client.get("/petitions/count/", {"due_within": "many"}).status_code == 400


def test_an_overdue_list_past_the_cap_by_a_part_not_asked_first_is_still_capped(
    client, people, unit_a, unit_b, monkeypatch
):
    # A running-clock list asks only its scope's first part (the responsible unit) whether
    # it is past the cap; cases in the scope by their registering unit are then counted
    # with the list, and the count and pages are the same.
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    unit_clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])
    registered_here = set()
    for index in range(3):
        petition = register(by=unit_clerk, at=days_ago(40 + index))
        petition = services.petition_assign(
            petition=petition, unit=unit_b, due=timezone.localdate() + timedelta(days=30),
            by=people["clerk"], at=days_ago(38 + index),
        )  # fmt: skip
        assert petition.registered_unit == unit_a
        assert petition.current_due < timezone.localdate()
        registered_here.add(petition.number)
    client.force_login(people["handler"])
    assert counted(get(client, overdue="true")) == "2+"
    walked = _walk(client, overdue="true")
    assert set(walked) == registered_here
    assert len(walked) == 3


def _walk(client, **params) -> list[str]:
    """Every page of the list from the first, forward, then back again from the last."""
    pages, response = pages_from_first(client, **params)
    back = [listed(response)]
    while (previous := link(response, "prev")) is not None:
        response = get(client, previous)
        back.append(listed(response))
    assert back[::-1] == pages
    return [number for page in pages for number in page]


def test_a_capped_overdue_list_is_found_as_ids_then_read_by_them(client, people, monkeypatch):
    # More overdue cases than the cap: the count stops, and each page is walked for.
    # Its ids come from the running clocks' index (index-only at volume), then its rows
    # by them: the same pages, in the same order, as reading the rows as it walks.
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    overdue = [register(by=people["clerk"], at=days_ago(40 + index)) for index in range(7)]
    overdue.append(register(by=people["clerk"], at=days_ago(45)))  # a tie on the date
    for _ in range(2):
        register(by=people["clerk"], at=days_ago(1))  # running, not yet due
    today = timezone.localdate()
    assert all(petition.current_due < today for petition in overdue)
    client.force_login(people["office"])

    with CaptureQueriesContext(connection) as queries:
        first = get(client, overdue="true")
    assert first.context["page"].count_label == "4+"
    found = [query["sql"] for query in queries.captured_queries]
    ids_read = [sql for sql in found if sql.startswith('SELECT "petitions_petition"."id"')]
    assert any(f"LIMIT {paging.PAGE_SIZE + 1}" in sql for sql in ids_read)
    page_query = next(sql for sql in found if '."query_code"' in sql)
    assert '"petitions_petition"."id" IN (' in page_query
    assert "current_due" not in page_query.split("WHERE", 1)[1]

    by_ids = _walk(client, overdue="true")
    expected = sorted(overdue, key=lambda petition: (petition.received_on, petition.number))
    assert by_ids == [petition.number for petition in reversed(expected)]
    # A jump to a date starts at the newest overdue case received that day or before.
    day = expected[3].received_on.isoformat()
    jumped = listed(get(client, overdue="true", jump=day))
    assert jumped == by_ids[len(by_ids) - 4 :][: paging.PAGE_SIZE]
    monkeypatch.setattr("petitions.filters.PetitionFilter.reads_ids_first", lambda self: False)
    assert _walk(client, overdue="true") == by_ids
    assert listed(get(client, overdue="true", jump=day)) == jumped


def test_a_handler_s_capped_overdue_list_holds_only_the_scope_s_cases(
    client, people, outsider, unit_b, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    mine, theirs = set(), set()
    for index in range(8):
        petition = register(by=people["clerk"], at=days_ago(40 + index))
        unit = unit_b if index % 2 else people["unit"]
        petition = services.petition_assign(
            petition=petition, unit=unit, due=timezone.localdate() + timedelta(days=30),
            by=people["clerk"], at=days_ago(38 + index),
        )  # fmt: skip
        assert petition.current_due < timezone.localdate()
        (theirs if index % 2 else mine).add(petition.number)
    client.force_login(people["handler"])
    walked = _walk(client, overdue="true")
    assert set(walked) == mine
    assert len(walked) == len(mine)
