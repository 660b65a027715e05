"""The petition list's batch toolbar and saved-search menu, as page sections.

They sit in the list's template as tags, so the list view stays as it is; each asks
the rules in bulk.py and saved_searches.py (one query each at most).
"""

from django import template

from petitions import bulk, saved_searches

register = template.Library()


@register.inclusion_tag("petitions/_batch_toolbar.html", takes_context=True)
def batch_toolbar(context):
    user = context["request"].user
    offered = bulk.offered_actions(user)
    assign = bulk.ASSIGN in offered
    flags = [action for action in offered if action is not bulk.ASSIGN]
    return {
        "csrf_token": context.get("csrf_token"),
        "query": context.get("query", ""),
        "selectable": bulk.may_select(user),
        "assign_form": bulk.BatchAssignForm(user=user) if assign else None,
        "flag_form": bulk.BatchFlagForm(user=user) if flags else None,
        "limit": bulk.BATCH_LIMIT,
    }


@register.inclusion_tag("petitions/_saved_searches.html", takes_context=True)
def saved_search_menu(context):
    request = context["request"]
    current = saved_searches.clean_query(request.GET)
    searches = list(saved_searches.searches_of(request.user))
    return {
        "csrf_token": context.get("csrf_token"),
        "searches": searches,
        "query": current,
        "current": next((search for search in searches if search.query == current), None),
    }


@register.simple_tag(takes_context=True)
def may_select(context) -> bool:
    return bulk.may_select(context["request"].user)
