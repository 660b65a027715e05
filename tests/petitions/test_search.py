"""Keyword search over Chinese text: n-gram documents, phrase queries, and the GIN index."""

import pytest
from django.db import connection

from petitions.models import Petition
from petitions.search import (
    keyword_filter,
    keyword_q,
    ngrams,
    people_document,
    phrase_query,
    search_document,
)

from .factories import moment, petitioner, register

FALLBACK = ["summary", "content"]


# --- Units -------------------------------------------------------------------------------


def test_ngrams_of_a_chinese_run_are_its_characters_then_its_adjacent_pairs():
    assert ngrams("拖欠工资") == ["拖", "欠", "工", "资", "拖欠", "欠工", "工资"]


def test_ngrams_of_a_single_character_is_that_character():
    assert ngrams("矿") == ["矿"]


def test_ngrams_split_at_punctuation_and_keep_ascii_words_lowercased():
    assert ngrams("XF2026000001号，拖欠！Email: A1") == [
        "xf2026000001",
        "号",
        "拖",
        "欠",
        "拖欠",
        "email",
        "a1",
    ]


def test_ngrams_of_nothing_is_empty():
    assert ngrams("") == []
    assert ngrams(None) == []
    assert ngrams("，。！？ ") == []


def test_search_document_joins_the_ngrams_of_every_text():
    assert search_document("工资", "张三") == "工 资 工资 张 三 张三"


@pytest.mark.parametrize(
    ("term", "query"),
    [
        ("工", "(工)"),
        ("工资", "(工资)"),
        ("欠工资", "(欠工 <-> 工资)"),
        ("拖欠工资", "(拖欠 <-> 欠工 <-> 工资)"),
        ("XF2026", "(xf2026:*)"),
        ("拖欠 XF", "(拖欠) & (xf:*)"),
        ("工资，拖欠", "(工资) & (拖欠)"),
    ],
)
def test_phrase_query_chains_the_bigrams_of_each_run(term, query):
    assert phrase_query(term) == query


def test_phrase_query_of_only_punctuation_is_none():
    assert phrase_query("，。！") is None
    assert phrase_query("   ") is None


def test_phrase_query_cannot_inject_tsquery_syntax():
    # Operators are not tokens: only letters, digits and CJK reach the query.
    assert phrase_query("a & !b | (c") == "(a:*) & (b:*) & (c:*)"


# --- On PostgreSQL ------------------------------------------------------------------------


@pytest.fixture
def cases(people):
    clerk = people["clerk"]
    return {
        "wages": register(
            by=clerk,
            at=moment("2026-10-12"),
            summary="反映拖欠工资问题",
            content="本人系甲煤矿综采一区职工，单位拖欠三个月工资。",
            petitioners=[petitioner(name="张三")],
        ),
        "subsidence": register(
            by=clerk,
            at=moment("2026-10-12"),
            summary="采煤塌陷区房屋开裂",
            content="村民房屋因采煤塌陷出现裂缝，请求搬迁安置。",
            petitioners=[petitioner(name="李四", id_number="", phone="13700000000")],
        ),
    }


def found(term) -> set[str]:
    return set(
        keyword_filter(Petition.objects.all(), term, FALLBACK).values_list("summary", flat=True)
    )


WAGES = "反映拖欠工资问题"
SUBSIDENCE = "采煤塌陷区房屋开裂"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("欠", {WAGES}),  # one character
        ("煤", {WAGES, SUBSIDENCE}),
        ("工资", {WAGES}),  # two characters
        ("塌陷", {SUBSIDENCE}),
        ("拖欠工资", {WAGES}),  # four characters
        ("采煤塌陷", {SUBSIDENCE}),
        ("欠三个月工资", {WAGES}),  # across the content
        ("搬迁安置", {SUBSIDENCE}),
        ("工资 综采", {WAGES}),  # every term must match
        ("工资 塌陷", set()),
        ("信访", set()),
    ],
)
def test_keyword_filter_finds_chinese_terms_of_any_length(cases, term, expected):
    assert connection.vendor == "postgresql"
    assert found(term) == expected


@pytest.mark.django_db
def test_names_are_found_in_the_people_document_not_the_case_text(cases):
    def by_people(term):
        queryset = Petition.objects.filter(keyword_q(term, "people_document"))
        return set(queryset.values_list("summary", flat=True))

    assert found("张三") == set()
    assert by_people("张三") == {WAGES}
    assert by_people("李") == {SUBSIDENCE}
    assert by_people("13700000000") == {SUBSIDENCE}


def test_people_document_keeps_raw_values_and_their_ngrams():
    assert people_document("张三", "", "138") == "张三 138 张 三 张三 138"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "term",
    [
        "欠资",  # 欠 and 资 are both in 拖欠工资, not side by side
        "拖工",
        "工资拖欠",  # the right characters in the wrong order
        "拖欠工人",
        "塌陷裂缝",  # both words occur, apart
    ],
)
def test_keyword_filter_does_not_match_characters_that_are_not_adjacent(cases, term):
    assert found(term) == set()


@pytest.mark.django_db
def test_keyword_filter_finds_the_petition_number_by_its_prefix(cases):
    wages = cases["wages"]
    assert wages.number == "XF2026000001"
    assert found("XF2026000001") == {WAGES}
    assert found("xf2026000001") == {WAGES}
    assert found("XF2026") == {WAGES, SUBSIDENCE}
    assert found("XF2026000002") == {SUBSIDENCE}
    assert found("XF2025") == set()


@pytest.mark.django_db
def test_keyword_filter_finds_ascii_words_by_prefix(people):
    register(by=people["clerk"], summary="WiFi 信号差", content="矿区 Wi-Fi 与 4G 信号都差")
    assert found("wifi") == {"WiFi 信号差"}
    assert found("Wi") == {"WiFi 信号差"}
    assert found("4g") == {"WiFi 信号差"}
    assert found("wx") == set()


@pytest.mark.django_db
def test_an_empty_term_filters_nothing_and_punctuation_finds_nothing(cases):
    assert found("  ") == {WAGES, SUBSIDENCE}
    assert found("，。") == set()


@pytest.mark.django_db
def test_keyword_filter_combines_with_other_filters(cases):
    queryset = Petition.objects.filter(pk=cases["subsidence"].pk)
    assert not keyword_filter(queryset, "工资", FALLBACK).exists()
    assert keyword_filter(queryset, "塌陷", FALLBACK).get() == cases["subsidence"]


def plan(term, *, ordered: bool) -> str:
    queryset = keyword_filter(Petition.objects.all(), term, FALLBACK)
    return (queryset if ordered else queryset.order_by()).explain()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "column"),
    [("petition_search_vector", "search_vector"), ("petition_people_vector", "people_vector")],
)
def test_the_stored_vectors_have_gin_indexes(index, column):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
    assert f"USING gin ({column})" in definition


@pytest.mark.django_db
def test_registration_stores_the_vectors(cases):
    text = Petition.objects.get(pk=cases["wages"].pk).search_text
    assert "'工资'" in text.search_vector
    assert "'张三'" in text.people_vector


@pytest.mark.django_db
def test_a_change_of_state_leaves_the_search_index_alone(cases):
    """The documents are not on the case's row: closing a case does not rewrite them."""
    from petitions.models import PetitionSearchText

    case = cases["wages"]
    before = PetitionSearchText.objects.get(pk=case.pk)
    Petition.objects.filter(pk=case.pk).update(state=Petition.State.CLOSED)
    after = PetitionSearchText.objects.get(pk=case.pk)
    assert (after.search_vector, after.people_vector) == (
        before.search_vector,
        before.people_vector,
    )
    assert keyword_filter(Petition.objects.all(), "工资", FALLBACK).filter(pk=case.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = "
            "'petitions_petition' AND column_name LIKE %s",
            ["%_vector"],
        )
        assert cursor.fetchone() == (0,)


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["拖欠工资", "欠", "XF2026"])
def test_the_keyword_condition_is_served_by_the_ngram_index(cases, term):
    # On a table this small a sequential scan is cheapest; forbid it for this
    # transaction so the plan shows whether the condition can use the index at all.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "petition_search_vector" in plan(term, ordered=False)


@pytest.mark.django_db
def test_the_ordered_list_query_can_use_the_ngram_index(cases):
    # With the list's ordering the planner may instead walk the received_on index
    # and filter; forbidding plain index scans leaves the GIN bitmap scan.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "petition_search_vector" in plan("拖欠工资", ordered=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "field"),
    [
        ("欠", "search_document"),
        ("采煤塌陷", "search_document"),
        ("工资 综采", "search_document"),
        ("信访", "search_document"),
        ("张三", "people_document"),
        ("1370", "people_document"),
    ],
)
def test_the_per_row_keyword_test_finds_what_the_index_finds_without_it(cases, term, field):
    # The form a list's next rows are tested with (keyword_q(per_row=True)): the same
    # cases, and no plan of it can read the n-gram indexes, even with every other
    # access forbidden.
    indexed = Petition.objects.filter(keyword_q(term, field))
    per_row = Petition.objects.filter(keyword_q(term, field, per_row=True))
    assert set(per_row.values_list("pk", flat=True)) == set(indexed.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "_vector" not in "".join(
        line.split(" on ")[-1] for line in per_row.explain().splitlines() if "Index" in line
    )
