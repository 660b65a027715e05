"""Reception builders: everything made through reception's services."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from petitions.models import Channel, SkipLevel
from reception import services
from reception.models import ReceptionDay, SkipLevelVisit
from tests.petitions.factories import category, petitioner


def make_day(*, leader, unit, on: date, by, publish=False, **fields) -> ReceptionDay:
    day = ReceptionDay(
        leader=leader,
        unit=unit,
        date=on,
        starts_at=fields.pop("starts_at", time(8, 30)),
        ends_at=fields.pop("ends_at", time(11, 30)),
        place=fields.pop("place", "矿信访接待室"),
        **fields,
    )
    services.reception_day_save(day=day, by=by, today=min(on, timezone.localdate()))
    if publish:
        day.refresh_from_db()
        services.reception_day_publish(day=day, by=by, today=on - timedelta(days=7))
        day.refresh_from_db()
    return day


def visit_data(**overrides) -> services.RegistrationData:
    from petitions.models import Nature

    fields = {
        "channel": Channel.VISIT,
        "received_on": timezone.localdate(),
        "nature": Nature.APPEAL,
        "category": category(),
        "summary": "反映工人村供暖不足",
        "content": "工人村三栋居民反映今冬供暖温度不达标，请求解决。",
        "petitioners": [petitioner()],
    }
    fields.update(overrides)
    return services.RegistrationData(**fields)


def make_skip_level(*, by, unit, on: date, level=SkipLevel.CAPITAL, headcount=1, **fields):
    petitions = fields.pop("petitions", None)
    visit = SkipLevelVisit(
        level=level,
        visited_on=on,
        place=fields.pop("place", "国家信访局"),
        headcount=headcount,
        is_collective=headcount >= 5,
        summary=fields.pop("summary", "反映工龄认定问题"),
        responsible_unit=unit,
        reported_at=fields.pop(
            "reported_at", timezone.make_aware(datetime.combine(on, time(9, 0)))
        ),
        **fields,
    )
    return services.skip_level_save(visit=visit, by=by, petitions=petitions)
