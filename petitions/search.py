"""Keyword search over Chinese text, served by an index.

PostgreSQL's word-based full-text search does not segment Chinese, and trigram
indexes cannot serve the one- and two-character terms clerks type most. So the
searchable text is stored as character n-grams (each CJK character and each
adjacent pair; each run of letters or digits as one word), its tsvector is
stored beside it with a GIN index, and a term becomes a phrase query of its
n-grams: an exact substring match for CJK, through the index, at any length.

Two documents: the case's text (number, summary, content) and its people
(names, phones), searched apart because who may search by a person depends on
confidentiality. Both live in PetitionSearchText, beside the case (written once, at
registration; a change of state does not rewrite their index entries).
"""

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+", re.IGNORECASE)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# The stored tsvector of each n-gram document.
VECTORS = {"search_document": "search_vector", "people_document": "people_vector"}
# From a petition, the row that holds them.
TEXT = "search_text"


def ngrams(text: str) -> list[str]:
    """Index terms: for CJK runs every character, then every adjacent pair."""
    terms = []
    for run in TOKEN.findall(text or ""):
        if CJK.match(run):
            terms.extend(run)
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            terms.append(run.lower())
    return terms


def search_document(*texts: str) -> str:
    return " ".join(term for text in texts for term in ngrams(text))


def people_document(*values: str) -> str:
    """The raw values (for substring matching without PostgreSQL) and their n-grams."""
    raw = [value for value in values if value]
    return " ".join(raw + [term for value in raw for term in ngrams(value)])


def phrase_query(term: str) -> str | None:
    """A tsquery matching `term` as a substring: bigram phrases for CJK runs."""
    parts = []
    for run in TOKEN.findall(term):
        if CJK.match(run):
            if len(run) == 1:
                parts.append(run)
            else:
                parts.append(" <-> ".join(run[i : i + 2] for i in range(len(run) - 1)))
        else:
            parts.append(f"{run.lower()}:*")
    if not parts:
        return None
    return " & ".join(f"({part})" for part in parts)


def store_documents(petition, *, search: str, people: str) -> None:
    """Save a new case's n-gram documents and, on PostgreSQL, their tsvectors (one INSERT
    of its PetitionSearchText row, the vectors computed by the database)."""
    from .models import PetitionSearchText

    vectors = {}
    if connection.vendor == "postgresql":
        vectors = {
            vector: SearchVector(Value(text), config="simple")
            for vector, text in (("search_vector", search), ("people_vector", people))
        }
    PetitionSearchText.objects.create(
        petition=petition, search_document=search, people_document=people, **vectors
    )


def keyword_q(
    term: str, field: str = "search_document", fallback_fields=(), *, per_row: bool = False
) -> Q:
    """A condition matching `term` in an n-gram document.

    On PostgreSQL it is served by the GIN index on the stored vector; elsewhere
    (the SQLite demo) it falls back to substring matching. `per_row`: the same test in
    a form the index cannot serve, for rows already found another way (a list's next
    rows): the planner, which underestimates a common phrase (its bigrams' frequencies
    multiplied: 532 for 13,663 cases at 10^5), would otherwise read the index's every
    match (120 ms) to keep the few of 400 rows.
    """
    term = term.strip()
    if connection.vendor == "postgresql":
        query = phrase_query(term)
        if query is None:
            return Q(pk__in=[])
        vector = f"{TEXT}__{VECTORS[field]}"
        search = SearchQuery(query, search_type="raw", config="simple")
        if per_row:
            # COALESCE(vector, '') is the vector (NULL matches nothing either way), but
            # no index is on that expression.
            tested = Coalesce(F(vector), Value("", output_field=SearchVectorField()))
            return Q(SearchVectorExact(tested, search))
        return Q(**{vector: search})
    condition = Q(**{f"{TEXT}__{field}__icontains": term})
    for name in fallback_fields:
        condition |= Q(**{f"{name}__icontains": term})
    return condition


def keyword_filter(queryset: QuerySet, term: str, fallback_fields=()) -> QuerySet:
    """Filter by keyword over the case's text (number, summary, content)."""
    if not term.strip():
        return queryset
    return queryset.filter(keyword_q(term, "search_document", fallback_fields))
