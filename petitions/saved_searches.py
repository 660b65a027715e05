"""Saved searches: a user's named filters of the petition list.

A saved search is the list's query string, kept per user. Every lookup goes
through `searches_of(user)`: nobody sees, applies, renames or deletes another
user's search (another's id answers 404). Only the list's own filter parameters
are kept (no page or cursor), so applying one always starts at the first page.
"""

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .filters import PetitionFilter
from .models import SavedSearch

# At most this many saved searches per user.
SAVED_SEARCH_LIMIT = 30
NAME_MAX = SavedSearch._meta.get_field("name").max_length
QUERY_MAX = SavedSearch._meta.get_field("query").max_length


class SavedSearchError(Exception):
    """The message is for the user."""


def clean_query(query: str | QueryDict) -> str:
    """The list's filter parameters of `query`, non-empty ones only, in the filter's
    order: what a saved search keeps, and where the list pages return to."""
    if isinstance(query, str):
        query = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in PetitionFilter.base_filters:
        values = [value for value in query.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def searches_of(user):
    return SavedSearch.objects.filter(owner=user).order_by("name", "pk")


def get_search_for_user(user, pk: int) -> SavedSearch:
    return get_object_or_404(searches_of(user), pk=pk)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SavedSearchError(_("Give the search a name."))
    if len(name) > NAME_MAX:
        raise SavedSearchError(_("A name has at most %(max)d characters.") % {"max": NAME_MAX})
    return name


def saved_search_save(*, owner, name: str, query: str) -> tuple[SavedSearch, bool]:
    """Save the filter `query` under `name`; a search of the same name is replaced.
    Returns the search and whether it is new."""
    name, query = _clean_name(name), clean_query(query)
    if len(query) > QUERY_MAX:
        raise SavedSearchError(_("This filter is too long to save."))
    with transaction.atomic():
        existing = searches_of(owner).select_for_update().filter(name=name).first()
        if existing is not None:
            existing.query = query
            existing.save(update_fields=["query"])
            return existing, False
        if searches_of(owner).count() >= SAVED_SEARCH_LIMIT:
            raise SavedSearchError(
                _("You have %(max)d saved searches, the most one may keep. Delete one first.")
                % {"max": SAVED_SEARCH_LIMIT}
            )
        try:
            with transaction.atomic():
                search = SavedSearch.objects.create(owner=owner, name=name, query=query)
        except IntegrityError as error:  # the same name saved at the same moment
            raise SavedSearchError(_("A search of this name was just saved; try again.")) from error
    return search, True


def saved_search_rename(*, search: SavedSearch, name: str, by) -> SavedSearch:
    if search.owner_id != by.pk:
        raise SavedSearchError(_("This is not your saved search."))
    name = _clean_name(name)
    if name == search.name:
        return search
    if searches_of(by).filter(name=name).exclude(pk=search.pk).exists():
        raise SavedSearchError(
            _("You already have a saved search named %(name)s.") % {"name": name}
        )
    search.name = name
    try:
        with transaction.atomic():
            search.save(update_fields=["name"])
    except IntegrityError as error:
        raise SavedSearchError(
            _("You already have a saved search named %(name)s.") % {"name": name}
        ) from error
    return search


def saved_search_delete(*, search: SavedSearch, by) -> None:
    if search.owner_id != by.pk:
        raise SavedSearchError(_("This is not your saved search."))
    search.delete()
