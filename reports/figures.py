"""The figures of a monthly notice: what is frozen when it is published."""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from organization.offices import office_unit_name
from reception.exports import skip_level_rows
from reception.models import SkipLevelVisit

from .periods import Period
from .statistics import by_category, by_nature, overdue_cases, unit_statistics

# The order of the notice's table, stated on the notice itself.
RANKING_KEYS = ("skip_batches", "overdue_now", "received")


def ranking(rows: list[dict]) -> list[dict]:
    """Units ranked: most skip-level visits first, then most overdue, then most cases."""
    units = [row for row in rows if row["kind"] == "unit"]
    return sorted(units, key=_ranking_key)


def _ranking_key(row: dict) -> tuple:
    return tuple(-(row["counts"].get(key) or 0) for key in RANKING_KEYS)


def places(keys: list) -> list[int]:
    """Competition places of values already in order: equal values share a place and
    the next one skips (1, 2, 2, 4)."""
    result = []
    for index, key in enumerate(keys):
        result.append(result[-1] if index and key == keys[index - 1] else index + 1)
    return result


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def change_text(value) -> str:
    if value is None:
        return _("no comparison")
    if value > 0:
        return _("up %(percent)s") % {"percent": percent(value)}
    if value < 0:
        return _("down %(percent)s") % {"percent": percent(-value)}
    return _("unchanged")


def summary(figures: dict) -> str:
    """The notice's opening paragraph, generated from its figures."""
    total = figures["table"]["rows"][-1]
    values, counts = total["values"], total["counts"]
    parts = [
        _(
            "From %(first)s to %(last)s, %(total)d petitions were registered (received), "
            "%(mom)s on the previous month and %(yoy)s on the same month last year: "
            "%(letters)d letters, %(visits)d visits, %(phone)d calls, %(online)d online and "
            "%(other)d by other channels."
        )
        % {
            "first": figures["period"]["first"],
            "last": figures["period"]["last"],
            "total": values["received"],
            "mom": change_text(values["month_on_month"]),
            "yoy": change_text(values["year_on_year"]),
            "letters": values["letter"],
            "visits": values["visit"],
            "phone": values["phone"],
            "online": values["online"],
            "other": values["other"],
        }
    ]
    natures = {row["key"]: row["count"] for row in figures.get("by_nature", [])}
    if natures:
        parts.append(
            _(
                "By nature: %(suggestion)d suggestions or opinions, %(accusation)d reports or "
                "accusations, %(appeal)d appeals or claims."
            )
            % {key: natures.get(key, 0) for key in ("suggestion", "accusation", "appeal")}
        )
    if "accepted" in values:
        parts.append(
            _("%(accepted)d cases were accepted in the period.") % {"accepted": values["accepted"]}
        )
    parts.append(
        _("Collective visits: %(batches)d batches, %(people)d people.")
        % {"batches": values["collective_batches"], "people": values["collective_people"]}
    )
    if "skip_batches" in counts:
        parts.append(
            _(
                "Skip-level visits: %(capital_b)d batches (%(capital_p)d people) to Beijing, "
                "%(province_b)d (%(province_p)d) to the province, %(city_b)d (%(city_p)d) to "
                "the city or group, %(district_b)d (%(district_p)d) to the district."
            )
            % {
                "capital_b": counts.get("skip_capital_batches", 0),
                "capital_p": counts.get("skip_capital_people", 0),
                "province_b": counts.get("skip_province_batches", 0),
                "province_p": counts.get("skip_province_people", 0),
                "city_b": counts.get("skip_city_batches", 0),
                "city_p": counts.get("skip_city_people", 0),
                "district_b": counts.get("skip_district_batches", 0),
                "district_p": counts.get("skip_district_people", 0),
            }
        )
    busiest = top_three(figures["ranking_by_received"])
    if busiest:
        parts.append(_("Most petitions concerned %(units)s.") % {"units": busiest})
    parts.append(
        _(
            "Replied on time: %(on_time)s; accepted on time: %(accepted)s; satisfied: "
            "%(satisfied)s; %(overdue)d cases are overdue now."
        )
        % {
            "on_time": percent(values["on_time_rate"]),
            "accepted": percent(values["acceptance_rate"]),
            "satisfied": percent(values["satisfaction_rate"]),
            "overdue": values["overdue_now"],
        }
    )
    # Chinese sentences follow each other without a space; English ones need one.
    separator = "" if (get_language() or "").startswith("zh") else " "
    return separator.join(parts)


def top_three(rows: list[dict]) -> str:
    """The units in the first three places by cases received; tied units share a
    place (and a unit tied for third is named too)."""
    rows = [row for row in rows if row["received"]]
    ranks = places([row["received"] for row in rows])
    groups: list[tuple[int, list[dict]]] = []
    for place, row in zip(ranks, rows, strict=True):
        if place > 3:
            break
        if groups and groups[-1][0] == place:
            groups[-1][1].append(row)
        else:
            groups.append((place, [row]))
    parts = []
    for place, tied in groups:
        if len(tied) == 1:
            parts.append(
                _("%(unit)s (%(count)d)") % {"unit": tied[0]["unit"], "count": tied[0]["received"]}
            )
        else:
            parts.append(
                _("%(units)s (tied for place %(place)d, %(count)d each)")
                % {
                    "units": list_separator().join(row["unit"] for row in tied),
                    "place": place,
                    "count": tied[0]["received"],
                }
            )
    if any(len(tied) > 1 for _p, tied in groups):
        return pgettext("separator of groups in a sentence", "; ").join(parts)
    return list_separator().join(parts)


def list_separator() -> str:
    """Between the names of a list in a sentence: 、 in Chinese, a comma in English."""
    return pgettext("separator of names in a sentence", ", ")


def _plain(value):
    """A cell's value as JSON keeps it (dates as ISO text, read back by the workbook)."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def skip_level_visits(period: Period) -> list[list]:
    """The period's skip-level visit list, kept with the counts it explains."""
    visits = SkipLevelVisit.objects.filter(
        visited_on__gte=period.first, visited_on__lte=period.last
    ).order_by("visited_on", "pk")
    return [[_plain(value) for value in row] for row in skip_level_rows(visits)]


def issuer() -> str:
    """The organ that issues the notice: the petition office, not the company."""
    return settings.LETTER_ISSUER or office_unit_name()


def build_figures(period: Period, *, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    table = unit_statistics(period, today=today)
    ranked = ranking(table["rows"])
    figures = {
        "mode": settings.REPORT_MONTH,
        "issuer": issuer(),
        "period": {
            "key": period.key,
            "label": period.label,
            "first": period.first.isoformat(),
            "last": period.last.isoformat(),
        },
        "as_of": today.isoformat(),
        "table": table,
        "ranking": [row["unit_id"] for row in ranked],
        # Each ranked unit's place: units with equal figures share one.
        "places": places([_ranking_key(row) for row in ranked]),
        "ranking_by_received": sorted(
            (
                {"unit": row["unit"], "received": row["values"]["received"]}
                for row in table["rows"]
                if row["kind"] == "unit"
            ),
            key=lambda row: -row["received"],  # stable: ties keep the table order
        ),
        "without_skip_level": [
            row["unit"] for row in ranked if not row["counts"].get("skip_batches")
        ],
        "by_nature": by_nature(period),
        "by_category": by_category(period),
        "skip_level_visits": skip_level_visits(period),
        # The overdue sheet's rows, taken with the overdue count they list.
        "overdue": overdue_cases(today),
    }
    figures["summary"] = summary(figures)
    return figures


def unit_figures(period: Period, *, user) -> dict:
    """The figures of the units `user` may see, live (no notice is theirs)."""
    return {
        "period": {
            "key": period.key,
            "label": period.label,
            "first": period.first.isoformat(),
            "last": period.last.isoformat(),
        },
        "table": unit_statistics(period, user=user),
        "by_category": by_category(period, user=user),
    }
