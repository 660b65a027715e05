"""Filters of the petition list; each is served by an index (see models.Meta)."""

import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.dates import bound_date_fields
from organization.models import subtree_pks
from organization.scope import sees_all_units, visible_units

from .forms import CategoryChoiceField, DateInput, UnitChoiceField
from .models import Category, Channel, Nature, Petition, identity_visible_q
from .search import keyword_q

OPEN = "open"
# Due dates lie at most a few years ahead: a wider window means "all".
MAX_DUE_WITHIN = 3660
# A case number or its beginning: served by the number's prefix index.
# XF, the year, a yearly sequence of six digits or more (a province passes 999 999).
CASE_NUMBER = re.compile(r"XF\d{0,12}", re.IGNORECASE)


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="filter_keyword")
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(OPEN, _("All open cases")), *Petition.State.choices],
        method="filter_state",
        empty_label=_("Any state"),
    )
    unit = UnitFilter(
        label=_("Responsible unit"),
        queryset=None,
        method="filter_unit",
        empty_label=_("Any unit"),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("Any channel")
    )
    nature = django_filters.ChoiceFilter(
        label=_("Nature"), choices=Nature.choices, empty_label=_("Any nature")
    )
    category = CategoryFilter(
        label=_("Category"),
        queryset=Category.objects.order_by("path"),
        method="filter_category",
        empty_label=_("Any category"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(
        label=_("My cases (I am the handler)"), method="filter_mine", widget=forms.CheckboxInput
    )
    due_within = django_filters.NumberFilter(
        label=_("Due within (days)"),
        method="filter_due_within",
        min_value=0,
        max_value=MAX_DUE_WITHIN,
        decimal_places=0,
    )
    is_backlog = django_filters.BooleanFilter(
        label=_("Backlog case"), method="filter_flag", widget=forms.CheckboxInput
    )
    is_key_case = django_filters.BooleanFilter(
        label=_("Key case"), method="filter_flag", widget=forms.CheckboxInput
    )
    is_listed = django_filters.BooleanFilter(
        label=_("Listed supervision"), method="filter_flag", widget=forms.CheckboxInput
    )
    received_after = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte", widget=DateInput()
    )
    received_before = django_filters.DateFilter(
        label=_("Received to"), field_name="received_on", lookup_expr="lte", widget=DateInput()
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("received_on", "received_on"),
            ("current_due", "current_due"),
            ("number", "number"),
        ],
        field_labels={
            "received_on": _("Received date"),
            "current_due": _("Due date"),
            "number": _("Number"),
        },
        empty_label=_("Newest first"),
    )

    class Meta:
        model = Petition
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["unit"].queryset = visible_units(user).order_by("path")
        bound_date_fields(self.form)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    @property
    def today(self):
        return timezone.localdate()

    def filter_keyword(self, queryset, name, value):
        term = value.strip()
        if not term:
            return queryset
        if CASE_NUMBER.fullmatch(term):
            return queryset.filter(number__startswith=term.upper())
        return queryset.filter(self.keyword_condition(term))

    def keyword_condition(self, term: str, *, per_row: bool = False) -> Q:
        """Cases whose text has the term, or found by it as a person (`per_row`: tested
        on each row, not read from the index; see keyword_q)."""
        condition = keyword_q(term, "search_document", ["summary", "content"], per_row=per_row)
        return condition | self.person_q(term, per_row=per_row)

    def keyword_scan(self) -> tuple[QuerySet, Q] | None:
        """For a search by words, the list under every filter but the keyword, and the
        keyword's condition (page_of's `scan`: a common term's page is found among the
        list's next rows, each tested for it, not by counting its matches). None for no
        keyword, a case number (its own index finds it) or filters that are not valid."""
        if not self.is_bound or not self.is_valid():
            return None
        term = (self.form.cleaned_data.get("q") or "").strip()
        if not term or CASE_NUMBER.fullmatch(term):
            return None
        without = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                without = self.filters[name].filter(without, value)
        return without, self.keyword_condition(term, per_row=True)

    def person_q(self, term: str, *, per_row: bool = False) -> Q:
        """Cases found by a person's name, identity number or phone.

        The list's queryset is already scoped by visible_to; with identity_visible_q
        this is PetitionQuerySet.findable_by_person: searching by a person never
        reveals who filed a 检举控告 case to someone who may not know.
        """
        found = keyword_q(term, "people_document", per_row=per_row)
        return found & identity_visible_q(self.user)

    def person_term(self) -> str:
        """The keyword, when it may be a person's name, number or phone."""
        term = (self.data.get("q") or "").strip() if self.is_bound else ""
        return "" if CASE_NUMBER.fullmatch(term) else term

    def cleaned(self) -> dict:
        """The valid filters' values; none when the filters are not valid."""
        return self.form.cleaned_data if self.is_valid() else {}

    def sort_key(self) -> str:
        """The chosen order, a key of LIST_ORDERS ("" for the default, newest first)."""
        return (self.cleaned().get("sort") or [""])[0]

    def counts_in_sort_order(self) -> bool:
        """Whether the list's capped count should walk the sort key's index: only for an
        unscoped, unfiltered list (an index-only walk). A filter or a unit scope counts
        faster by its own indexes: walking the sort key, a handler's count read 35 rows
        for each one it counted."""
        data = self.cleaned()
        filtered = any(value for name, value in data.items() if name != "sort")
        return sees_all_units(self.user) and not filtered

    def reads_ids_first(self) -> bool:
        """Whether the list's page is found as ids first (page_of's ids_first): running
        clocks (overdue, due within days) in received order, which an index holds with
        the unit scope's columns (petition_running_received), so the walk past recent
        running cases to the old overdue ones reads no row."""
        data = self.cleaned()
        clocked = data.get("overdue") or data.get("due_within") is not None
        return bool(clocked) and self.sort_key() in ("", "-received_on")

    def count_parts(self) -> list:
        """The list as parts for its capped count (page_of's count_parts): each part of the
        unit scope (PetitionQuerySet.visible_parts; the whole list for those who see every
        unit) under the list's filters, each counted from an index with no id read. None
        for a keyword, which each part would test again, for filters that are not valid,
        or for the unfiltered list of every unit."""
        if self.counts_in_sort_order():
            return []  # the sort key's index counts it, as well as a part would
        parts = Petition.objects.visible_parts(self.user)
        if not self.is_bound:
            return parts
        if not self.is_valid() or self.form.cleaned_data.get("q", "").strip():
            return []
        if self.reads_ids_first():
            # The running clocks' index holds every column of the scope, so the list's own
            # count is index-only; only the part that usually holds the most is asked first
            # (a handler's overdue at 10^6: past the cap, 2.5 ms), not all four (at 10^5,
            # none past it, the four cost more than the count they precede).
            parts = parts[:1]
        return [self.filter_queryset(part) for part in parts]

    def confidential_found_by_person(self, queryset) -> list[int]:
        """Of `queryset`, the ids of the 检举控告 cases the keyword found by a person
        (to be logged)."""
        term = self.person_term()
        if not term:
            return []
        found = queryset.filter(self.person_q(term), nature=Nature.ACCUSATION)
        return list(found.order_by().values_list("pk", flat=True))

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(state=value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(responsible_unit__in=subtree_pks(value))

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=subtree_pks(value))

    def filter_mine(self, queryset, name, value):
        if value:
            return queryset.filter(handler=self.user)
        return queryset

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue(self.today)
        return queryset

    def filter_flag(self, queryset, name, value):
        """积案 / 重点案件 / 挂牌督办: ticked shows only the flagged cases."""
        return queryset.filter(**{name: True}) if value else queryset

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.due_within(self.today, int(value))
