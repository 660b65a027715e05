"""The figures of a monthly notice: what is frozen when it is published."""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Unit
from reception.exports import skip_level_rows
from reception.models import SkipLevelVisit

from .periods import Period
from .statistics import by_category, by_nature, overdue_cases, unit_statistics

# The order of the notice's table, stated on the notice itself.
RANKING_KEYS = ("skip_batches", "overdue_now", "received")


def ranking(rows: list[dict]) -> list[dict]:
    """Units ranked: most skip-level visits first, then most overdue, then most cases."""
    units = [row for row in rows if row["kind"] == "unit"]
    return sorted(
        units, key=lambda row: tuple(-(row["counts"].get(key) or 0) for key in RANKING_KEYS)
    )


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
            "From %(first)s to %(last)s, %(total)d petitions were received, %(mom)s on the "
            "previous month and %(yoy)s on the same month last year: %(letters)d letters, "
            "%(visits)d visits, %(phone)d calls, %(online)d online and %(other)d by other "
            "channels."
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
    parts.append(
        _("Collective visits: %(batches)d batches, %(people)d people.")
        % {"batches": values["collective_batches"], "people": values["collective_people"]}
    )
    if "skip_batches" in counts:
        parts.append(
            _(
                "Skip-level visits: %(capital_b)d batches (%(capital_p)d people) to Beijing, "
                "%(province_b)d (%(province_p)d) to the province, %(city_b)d (%(city_p)d) to "
                "the city or group."
            )
            % {
                "capital_b": counts.get("skip_capital_batches", 0),
                "capital_p": counts.get("skip_capital_people", 0),
                "province_b": counts.get("skip_province_batches", 0),
                "province_p": counts.get("skip_province_people", 0),
                "city_b": counts.get("skip_city_batches", 0),
                "city_p": counts.get("skip_city_people", 0),
            }
        )
    busiest = [row for row in figures["ranking_by_received"] if row["received"]][:3]
    if busiest:
        parts.append(
            _("Most petitions concerned %(units)s.")
            % {
                "units": "、".join(
                    _("%(unit)s (%(count)d)") % {"unit": row["unit"], "count": row["received"]}
                    for row in busiest
                )
            }
        )
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
    return "".join(parts)


def _plain(value):
    """A cell's value as JSON keeps it (dates as ISO text, read back by the workbook)."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def skip_level_visits(period: Period) -> list[list]:
    """The period's skip-level visit list, kept with the counts it explains."""
    visits = SkipLevelVisit.objects.filter(
        visited_on__gte=period.first, visited_on__lte=period.last
    ).order_by("visited_on", "pk")
    return [[_plain(value) for value in row] for row in skip_level_rows(visits)]


def build_figures(period: Period, *, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    table = unit_statistics(period, today=today)
    ranked = ranking(table["rows"])
    root = Unit.objects.filter(depth=1).order_by("path").first()
    figures = {
        "mode": settings.REPORT_MONTH,
        "issuer": settings.LETTER_ISSUER or (root.name if root else ""),
        "period": {
            "key": period.key,
            "label": period.label,
            "first": period.first.isoformat(),
            "last": period.last.isoformat(),
        },
        "as_of": today.isoformat(),
        "table": table,
        "ranking": [row["unit_id"] for row in ranked],
        "ranking_by_received": sorted(
            (
                {"unit": row["unit"], "received": row["values"]["received"]}
                for row in table["rows"]
                if row["kind"] == "unit"
            ),
            key=lambda row: -row["received"],
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
