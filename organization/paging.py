"""Paging for every list page: one page of the rows, and the query string (the
current filter) that its page links and its Excel export keep."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def page_of(request, rows, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
