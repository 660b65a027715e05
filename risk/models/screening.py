"""Monthly screening reports (隐患排查) and sensitive-period daily reports.

Every unit (Unit.Kind.UNIT, the 矿/厂/处 level) files one ScreeningReport per
reporting month: its hazards, or an explicit 零报告 by a named person. The unit's
leader signs it; only then is it filed, on time or late against its due date.
Reminders are rows (sent once, the unique constraint); every change writes a
ScreeningEvent. All writes go through risk/screening_services.py.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from organization.dates import validate_headcount
from organization.models import Unit
from organization.scope import can_see_unit, sees_all_units, unit_scope_q
from petitions.models import Category, Petition, Petitioner, SkipLevel
from reception.models import SensitivePeriod

__all__ = [
    "DailyReport",
    "Hazard",
    "HazardDispatch",
    "HazardLevel",
    "HazardPerson",
    "ScreeningEvent",
    "ScreeningReminder",
    "ScreeningReport",
]


class HazardLevel(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    SERIOUS = "serious", _("Serious")
    MAJOR = "major", _("Major")


class ScreeningReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ScreeningReportQuerySet":
        """The unit-scope rule: the office sees every unit's report, a unit its subtree's."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, "unit"))

    def filed(self) -> "ScreeningReportQuerySet":
        return self.filter(signed_at__isnull=False)

    def for_month(self, year: int, month: int) -> "ScreeningReportQuerySet":
        return self.filter(year=year, month=month)


class ScreeningReport(models.Model):
    """One unit's screening report for one reporting month."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="screening_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    period_first = models.DateField(_("period starts"))
    period_last = models.DateField(_("period ends"))
    due_on = models.DateField(_("due on"))
    # 零报告: an explicit statement, by a named person, that there is nothing to report.
    is_zero_report = models.BooleanField(_("zero report"), default=False)
    zero_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zero report declared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zero_declared_at = models.DateTimeField(_("zero report declared at"), null=True, blank=True)
    # Filed = signed by the unit's leader.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScreeningReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening report")
        verbose_name_plural = _("screening reports")
        ordering = ["-year", "-month", "unit__path"]
        permissions = [
            ("file_screeningreport", _("Can file screening and daily reports")),
            ("sign_screeningreport", _("Can sign the unit's screening report")),
            ("oversee_screening", _("Can oversee screening: roll-up, dispatch, notice")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"], name="screening_report_once_per_month"
            )
        ]
        indexes = [models.Index(fields=["year", "month", "unit"], name="screening_month_unit")]

    def __str__(self):
        return f"{self.unit} {self.year:04d}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("risk:screening_detail", args=[self.pk])

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def is_filed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.due_on

    @property
    def timeliness(self) -> str:
        """on_time / late once filed, else draft."""
        if self.filed_on is None:
            return "draft"
        return "late" if self.is_late else "on_time"

    def is_visible_to(self, user) -> bool:
        return can_see_unit(user, self.unit)


# A filed report is late when filed after its due date: one expression for SQL.
LATE_Q = Q(filed_on__gt=F("due_on"))
ON_TIME_Q = Q(filed_on__lte=F("due_on"))


class HazardQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HazardQuerySet":
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            unit_scope_q(user, "report__unit")
            | Q(owning_leader=user)
            | Q(dispatches__to_leader=user)
        ).distinct()

    def open(self) -> "HazardQuerySet":
        return self.exclude(status=Hazard.Status.RESOLVED)


class Hazard(models.Model):
    """One dispute or unstable factor found in a screening."""

    class Kind(models.TextChoices):
        DISPUTE = "dispute", _("Dispute (矛盾纠纷)")
        UNSTABLE = "unstable", _("Unstable factor (不稳定因素)")

    class Status(models.TextChoices):
        RESOLVING = "resolving", _("Being resolved")
        RESOLVED = "resolved", _("Resolved")
        ESCALATED = "escalated", _("Reported upwards")

    report = models.ForeignKey(
        ScreeningReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="hazards",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    summary = models.CharField(_("what"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    people_count = models.PositiveIntegerField(
        _("people involved"), validators=[MinValueValidator(1), validate_headcount], default=1
    )
    level = models.CharField(
        pgettext_lazy("hazard", "level"), max_length=10, choices=HazardLevel.choices
    )
    skip_level = models.CharField(
        _("skip-level visit feared"), max_length=10, choices=SkipLevel.choices, blank=True
    )
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owning leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_hazards",
    )
    measures = models.TextField(_("measures"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RESOLVING
    )
    due_on = models.DateField(_("resolve by"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["report", "pk"]
        indexes = [models.Index(fields=["level", "status"], name="hazard_level_status")]

    def __str__(self):
        return self.summary

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url() + f"#hazard-{self.pk}"

    @property
    def is_major(self) -> bool:
        return self.level == HazardLevel.MAJOR


class HazardPerson(models.Model):
    """A named person in a hazard, linked to a petitioner through a case the user who
    linked them could see the identity of (the snapshot name of that case)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="persons")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("person in a hazard")
        verbose_name_plural = _("persons in hazards")
        constraints = [
            models.UniqueConstraint(fields=["hazard", "petitioner"], name="hazard_person_once")
        ]

    def __str__(self):
        return self.name


class HazardDispatch(models.Model):
    """一调度: the office hands a hazard to a unit or a leader with a deadline."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="dispatches")
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("to unit"), on_delete=models.PROTECT, null=True, blank=True
    )
    to_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazard_dispatches",
    )
    deadline = models.DateField(_("deadline"))
    instructions = models.TextField(_("instructions"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dispatched by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("dispatched at"))

    class Meta:
        verbose_name = _("hazard dispatch")
        verbose_name_plural = _("hazard dispatches")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.hazard_id} → {self.to_unit or self.to_leader}"


class ScreeningEvent(models.Model):
    """Every change to a report or its hazards: who, when, what."""

    report = models.ForeignKey(ScreeningReport, on_delete=models.CASCADE, related_name="events")
    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("screening event")
        verbose_name_plural = _("screening events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id} {self.action}"

    @property
    def label(self) -> str:
        """The action in words for the report's history (never the raw code)."""
        payload = self.payload or {}
        if self.action == "sign":
            if payload.get("timeliness") == "late":
                return gettext("Signed and filed (late)")
            return gettext("Signed and filed")
        if self.action == "hazard_status":
            statuses = dict(Hazard.Status.choices)
            return gettext("Hazard status: %(before)s → %(after)s") % {
                "before": statuses.get(payload.get("from"), payload.get("from", "")),
                "after": statuses.get(payload.get("to"), payload.get("to", "")),
            }
        if self.action == "dispatch" and payload.get("deadline"):
            return gettext("Dispatched, deadline %(deadline)s") % {"deadline": payload["deadline"]}
        if self.action == "hazard_add" and payload.get("level"):
            levels = dict(HazardLevel.choices)
            return gettext("Hazard added (%(level)s)") % {
                "level": levels.get(payload["level"], payload["level"])
            }
        labels = {
            "start": gettext("Report started"),
            "hazard_add": gettext("Hazard added"),
            "zero_report": gettext("Zero report declared"),
            "sign": gettext("Signed and filed"),
            "hazard_status": gettext("Hazard status changed"),
            "dispatch": gettext("Dispatched"),
        }
        return labels.get(self.action, self.action)


class ScreeningReminder(models.Model):
    """One reminder to one unit about one report: sent at most once (unique)."""

    class Kind(models.TextChoices):
        MONTHLY_DUE = "monthly_due", _("Monthly report due today")
        DAILY = "daily", _("Daily report (sensitive period)")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    about = models.DateField(_("about"))  # the month's due date, or the day
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("screening reminder")
        verbose_name_plural = _("screening reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "about"], name="screening_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.kind} {self.about}"


class DailyReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DailyReportQuerySet":
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, "unit"))


class DailyReport(models.Model):
    """A unit's report for one day of a sensitive period (零报告 allowed)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    period = models.ForeignKey(
        SensitivePeriod,
        verbose_name=_("sensitive period"),
        on_delete=models.CASCADE,
        related_name="daily_reports",
    )
    day = models.DateField(_("day"))
    is_zero_report = models.BooleanField(_("nothing to report (零报告)"), default=False)
    content = models.TextField(_("situation"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT
    )
    filed_at = models.DateTimeField(_("filed at"))

    objects = DailyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-day", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="daily_report_once_per_day")
        ]

    def __str__(self):
        return f"{self.unit} {self.day}"
