"""Leader reception days (领导信访接待日), the visits received on them, collective
visit alerts and the register of skip-level visits (越级访).

Every write goes through services.py; the querysets' visible_to methods apply
the unit-scope rule of organization.scope, so lists and detail pages agree.
"""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.dates import EARLIEST_DATE, LATEST_DATE, MAX_HEADCOUNT, validate_headcount
from organization.models import Unit
from organization.scope import sees_all_units, unit_scope_q
from petitions.models import Petition, Petitioner, SkipLevel

# Timestamps within the plausible dates, in UTC (the database compares instants).
EARLIEST_MOMENT = datetime(EARLIEST_DATE.year, 1, 1, tzinfo=UTC)
LATEST_MOMENT = datetime(LATEST_DATE.year, 12, 31, 23, 59, 59, tzinfo=UTC)

# --- Reception days ------------------------------------------------------------------


class ReceptionKind(models.TextChoices):
    RECEPTION_DAY = "reception_day", _("Reception day at the reception room")
    APPOINTMENT = "appointment", _("Appointment")
    VISIT_DOWN = "visit_down", _("Visit to a community")
    CASE_VISIT = "case_visit", _("Visit with a case")


class ReceptionDayQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReceptionDayQuerySet":
        """The unit-scope rule: the unit's subtree, and the leader's own days."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, "unit") | Q(leader=user))

    def published(self) -> "ReceptionDayQuerySet":
        return self.filter(published_at__isnull=False)

    def upcoming(self, today: date) -> "ReceptionDayQuerySet":
        return self.filter(date__gte=today)

    def not_cancelled(self) -> "ReceptionDayQuerySet":
        return self.filter(cancelled_at__isnull=True)


class ReceptionDay(models.Model):
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="reception_days",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reception_days"
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReceptionKind.choices, default=ReceptionKind.RECEPTION_DAY
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    published_at = models.DateTimeField(
        _("notice published at"), null=True, blank=True, editable=False
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notice published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    late_notice_reason = models.TextField(_("reason for short notice"), blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ReceptionDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        ordering = ["-date", "-starts_at"]
        indexes = [
            models.Index(fields=["date"], name="reception_day_date"),
            models.Index(fields=["unit", "date"], name="reception_day_unit_date"),
            models.Index(fields=["leader", "date"], name="reception_day_leader_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="reception_day_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="reception_day_cancel_reason",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE, date__lte=LATEST_DATE),
                name="reception_day_date_plausible",
            ),
        ]
        permissions = [
            ("publish_receptionday", _("Can publish reception days")),
            ("override_notice_receptionday", _("Can publish reception days at short notice")),
            ("view_duty_check", _("Can see the reception duty check")),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.leader}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def notice_deadline(self) -> date:
        """The last day it may be published without an override (公示 N days ahead)."""
        return self.date - timedelta(days=settings.RECEPTION_NOTICE_DAYS)

    def is_short_notice(self, today: date) -> bool:
        return today > self.notice_deadline()

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.date, self.starts_at)


class Visit(models.Model):
    """A petition received on a reception day (接访): the leader owns it to the end."""

    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("reception day"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    petition = models.OneToOneField(
        Petition, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="visit"
    )
    group_unit = models.ForeignKey(
        Unit,
        verbose_name=_("the group's unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.reception_day_id}/{self.petition_id}"


# --- Collective visit alerts -------------------------------------------------------------


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def visible_to(self, user) -> "AlertQuerySet":
        """The unit-scope rule: a unit sees the alerts of its subtree."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, "unit"))


class CollectiveVisitAlert(models.Model):
    """A collective visit of more than COLLECTIVE_ALERT_HEADCOUNT people: the office
    and the discipline inspectors look into its cause (source 004 §五)."""

    # Indexed by the constraint below (one alert per petition), not twice.
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    headcount = models.PositiveIntegerField(_("number of people"))
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    cause = models.TextField(_("cause found"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective visit alert")
        verbose_name_plural = _("collective visit alerts")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["petition"], name="collective_alert_once_per_petition")
        ]

    def __str__(self):
        return f"{self.petition_id} ({self.headcount})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


# --- Sensitive periods -------------------------------------------------------------------


class SensitivePeriodQuerySet(models.QuerySet):
    def covering(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class SensitivePeriod(models.Model):
    """A date range set by the office (重大节日, 重要会议) when petitions need extra care.

    Owned here, by the app that writes it (services.sensitive_period_save): reception
    marks skip-level visits made during one; risk will read it to ask for daily
    reports. (Until migration 0004 it lived in organization.)
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Major holiday")
        MEETING = "meeting", _("Important meeting")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SensitivePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("sensitive period")
        verbose_name_plural = _("sensitive periods")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="sensitive_period_range")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="sensitive_period_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d}）"


# --- Skip-level visits -------------------------------------------------------------------


class PersuasionOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETURNED = "returned", _("Persuaded to return")
    NOT_RETURNED = "not_returned", _("Not persuaded")


class SkipLevelVisitQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SkipLevelVisitQuerySet":
        """The unit-scope rule: a unit sees the visits it is responsible for."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, "responsible_unit") | Q(recorded_by=user))


class SkipLevelVisit(models.Model):
    """A visit to a higher level (越级访) reported back to the unit: one 批次,
    `headcount` 人次."""

    level = models.CharField(_("level"), max_length=10, choices=SkipLevel.choices)
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    headcount = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1), validate_headcount]
    )
    is_collective = models.BooleanField(_("collective visit"), default=False)
    summary = models.CharField(_("matter"), max_length=200)
    petitioner_names = models.CharField(
        _("petitioners (names)"),
        max_length=200,
        blank=True,
        help_text=_("Names of people not yet in the system; link known people below."),
    )
    petitioners = models.ManyToManyField(
        Petitioner, verbose_name=_("known petitioners"), blank=True, related_name="+"
    )
    petitions = models.ManyToManyField(
        Petition, verbose_name=_("related petitions"), blank=True, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="skip_level_visits",
    )
    # XG 19 ¶3: the matter was already accepted below and is within its time limits.
    accepted_below = models.BooleanField(_("already accepted below (XG 19 ¶3)"), default=False)
    sensitive_period = models.ForeignKey(
        SensitivePeriod,
        verbose_name=_("sensitive period"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    during_sensitive_period = models.BooleanField(_("during a sensitive period"), default=False)

    # Persuasion and return (劝返)
    reported_at = models.DateTimeField(_("reported to the unit at"), default=timezone.now)
    persuasion_team = models.CharField(_("persuasion team"), max_length=200, blank=True)
    persuasion_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    onsite_due = models.DateTimeField(_("on site by"), editable=False)
    arrived_at = models.DateTimeField(_("arrived on site at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=PersuasionOutcome.choices,
        default=PersuasionOutcome.PENDING,
    )
    outcome_note = models.TextField(_("outcome details"), blank=True)

    # Reverse check (倒查)
    was_on_screening_list = models.BooleanField(
        _("on the unit's risk screening list beforehand"), default=False
    )
    had_owning_leader = models.BooleanField(_("a leader owned the matter"), default=False)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SkipLevelVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("skip-level visit")
        verbose_name_plural = _("skip-level visits")
        ordering = ["-during_sensitive_period", "-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["visited_on", "responsible_unit"], name="skip_level_day_unit"),
            models.Index(fields=["responsible_unit", "visited_on"], name="skip_level_unit_day"),
            models.Index(
                fields=["-during_sensitive_period", "-visited_on", "-id"],
                name="skip_level_list_order",
            ),
        ]
        # No stored date or number a page cannot compute with (see organization.dates).
        constraints = [
            models.CheckConstraint(
                condition=Q(visited_on__gte=EARLIEST_DATE, visited_on__lte=LATEST_DATE),
                name="skip_level_visited_plausible",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__gte=EARLIEST_MOMENT, reported_at__lte=LATEST_MOMENT),
                name="skip_level_reported_plausible",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True)
                | Q(arrived_at__gte=EARLIEST_MOMENT, arrived_at__lte=LATEST_MOMENT),
                name="skip_level_arrived_plausible",
            ),
            models.CheckConstraint(
                condition=Q(headcount__lte=MAX_HEADCOUNT), name="skip_level_headcount_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.get_level_display()} {self.headcount}"

    @property
    def arrived_in_time(self) -> bool | None:
        if self.arrived_at is None:
            return None
        return self.arrived_at <= self.onsite_due

    def is_onsite_overdue(self, now: datetime | None = None) -> bool:
        return self.arrived_at is None and (now or timezone.now()) > self.onsite_due
