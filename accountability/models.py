"""Accountability (责任追究): the responsibility chain per unit, monthly unit scores from
admin-editable rules, the consequences the rules propose, referrals to discipline
inspection and the annual assessment with its 5% pay ledger (seeds 000 §二(一)(三),
002 §二(六), 004 §三). Written only through services.py; read through the
querysets' visible_to and the helpers of access.py."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from organization.models import Unit
from organization.scope import can_see_unit, sees_all_units, unit_scope_q
from petitions.models import Petition


class UnitScoped(models.QuerySet):
    unit_field = "unit"

    def visible_to(self, user):
        """The unit-scope rule (organization.scope): a unit sees its subtree's rows."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, self.unit_field))


# --- Responsibility chain ---


class ChainRole(models.TextChoices):
    MAIN = "main", _("First responsible person (main leader)")
    DIRECT = "direct", _("Leader in charge of petitions (directly responsible)")
    MEMBER = "member", _("Leadership member (one post, two duties)")
    STAFF = "staff", _("Petition staff")
    OWNER = "owner", _("Case owner duty (包案)")
    SUPERVISOR = "supervisor", _("Supervision duty (督查)")


class ChainMemberQuerySet(UnitScoped):
    def on(self, day: date):
        """The chain as it stood on `day`: a past month is judged by its own chain."""
        return self.filter(Q(until__isnull=True) | Q(until__gte=day), since__lte=day)


class ChainMember(models.Model):
    """One named person in a unit's responsibility chain, from `since` to `until`."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role in the chain"), max_length=12, choices=ChainRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chain_entries",
    )
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChainMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility chain entry")
        verbose_name_plural = _("responsibility chain entries")
        ordering = ["unit__path", "role", "since"]
        indexes = [models.Index(fields=["unit", "since"], name="chain_unit_since")]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="chain_until_after_since",
            )
        ]
        permissions = [("manage_chain", _("Can keep the responsibility chains"))]

    def __str__(self):
        return f"{self.unit} {self.get_role_display()} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()


# --- Rules and monthly scores ---


class Metric(models.TextChoices):
    """What a rule counts, per unit and month. Each is one SQL aggregate in scoring.py."""

    SKIP_CAPITAL_BATCHES = "skip_capital_batches", _("Skip-level visits to Beijing (batches)")
    SKIP_CAPITAL_PEOPLE = "skip_capital_people", _("Skip-level visits to Beijing (people)")
    SKIP_PROVINCE_BATCHES = (
        "skip_province_batches",
        _("Skip-level visits to the province (batches)"),
    )
    SKIP_PROVINCE_PEOPLE = "skip_province_people", _("Skip-level visits to the province (people)")
    SKIP_CITY_BATCHES = "skip_city_batches", _("Skip-level visits to the city or group (batches)")
    SKIP_CITY_PEOPLE = "skip_city_people", _("Skip-level visits to the city or group (people)")
    SKIP_DISTRICT_BATCHES = (
        "skip_district_batches",
        _("Skip-level visits to the district (batches)"),
    )
    SKIP_DISTRICT_PEOPLE = "skip_district_people", _("Skip-level visits to the district (people)")
    COLLECTIVE_BATCHES = "collective_batches", _("Collective visits (batches)")
    OVERDUE_CASES = (
        "overdue_cases",
        _("Cases overdue (handling due in the month, not replied by it)"),
    )
    OVERDUE_NOTICES = "overdue_notices", _("Supervision notices answered late or not at all")
    SCREENING_MISSING = "screening_missing", _("Screening report missing")
    SCREENING_LATE = "screening_late", _("Screening report filed late")
    REVERSE_CHECK_FAILED = (
        "reverse_check_failed",
        _("Skip-level visits whose reverse check found no screening or no case owner"),
    )
    DUTY_SHORTFALL = "duty_shortfall", _("Reception duty shortfall (days or weeks)")
    REPEAT_PETITIONS = "repeat_petitions", _("Repeat petitions")
    REPLIED_ON_TIME = "replied_on_time", _("Replies on time")
    FIRST_TIME_SETTLED = "first_time_settled", _("First petitions settled at once")
    SATISFIED = "satisfied", _("Satisfied ratings")


class RuleQuerySet(models.QuerySet):
    def active_in(self, first: date, last: date):
        return self.filter(
            Q(active_to__isnull=True) | Q(active_to__gte=first), active_from__lte=last
        )


class Rule(models.Model):
    """A scoring rule the administrator edits: what it counts, points per item (negative:
    a deduction), an optional cap per month, and when it applies."""

    name = models.CharField(_("name"), max_length=100)
    metric = models.CharField(_("counts"), max_length=30, choices=Metric.choices)
    points = models.DecimalField(
        _("points per item"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Negative for a deduction, positive for a credit."),
    )
    cap = models.DecimalField(
        _("cap per month"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most points this rule can take or give in one month (absolute)."),
    )
    veto = models.BooleanField(
        _("one-vote veto"),
        default=False,
        help_text=_("Any item counted in the year fails the unit's annual assessment."),
    )
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active to"), null=True, blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["metric", "-active_from"]

    def __str__(self):
        return self.name

    def points_for(self, count: int) -> Decimal:
        points = self.points * count
        if self.cap is not None and abs(points) > self.cap:
            points = self.cap if points > 0 else -self.cap
        return points


class ScoringMonthQuerySet(models.QuerySet):
    def current(self, year: int, month: int):
        """The month's latest version (a correction supersedes what it corrects)."""
        return self.filter(year=year, month=month).order_by("-version").first()


class ScoringMonth(models.Model):
    """One run of a month's scores. Frozen when the monthly notice is published (or
    by the office); a correction is a new version, never an edit."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FROZEN = "frozen", _("Frozen")

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = FSMField(
        _("state"), default=State.DRAFT, choices=State.choices, protected=True, max_length=8
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    base = models.DecimalField(_("base score"), max_digits=6, decimal_places=2)
    run_at = models.DateTimeField(_("run at"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason for the correction"), blank=True)

    objects = ScoringMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring month")
        verbose_name_plural = _("scoring months")
        ordering = ["-year", "-month", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "version"], name="scoring_month_version_once"
            )
        ]
        permissions = [("run_scoring", _("Can run, freeze and correct monthly scores"))]

    def __str__(self):
        return f"{self.key} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:month", args=[self.year, self.month])

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def is_frozen(self) -> bool:
        return self.state == self.State.FROZEN

    @transition(field=state, source=State.DRAFT, target=State.FROZEN)
    def freeze(self, *, at):
        self.frozen_at = at


class UnitScoreQuerySet(UnitScoped):
    pass


class UnitScore(models.Model):
    """A unit's score for one version of a month, with all its counts (whether or not a
    rule uses them: the quarter rules read them) and its rank."""

    scoring_month = models.ForeignKey(ScoringMonth, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"))
    is_last = models.BooleanField(_("last place"), default=False)
    counts = models.JSONField(default=dict)

    objects = UnitScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit score")
        verbose_name_plural = _("unit scores")
        ordering = ["rank", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["scoring_month", "unit"], name="unit_score_once")
        ]

    def __str__(self):
        return f"{self.unit} {self.scoring_month}: {self.score}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:score", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return can_see_unit(user, self.unit)


class ScoreLine(models.Model):
    """One rule's line of a unit's score: how many items, the points, and the items (each
    with a link to the petition, visit, report or notice behind it)."""

    unit_score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="lines")
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=100)
    metric = models.CharField(max_length=30, choices=Metric.choices)
    count = models.PositiveIntegerField()
    points = models.DecimalField(max_digits=7, decimal_places=2)
    capped = models.BooleanField(default=False)
    items = models.JSONField(default=list)  # [{"label": ..., "url": ...}]

    class Meta:
        ordering = ["points", "pk"]

    def __str__(self):
        return f"{self.label}: {self.points}"


# --- Consequences ---


class ConsequenceKind(models.TextChoices):
    CRITICISM = "criticism", _("Circulated criticism (通报批评)")
    KEY_MANAGEMENT = "key_management", _("Key management (重点管理)")
    SELF_EXAMINATION = "self_examination", _("Written self-examination (书面检查)")


class Measure(models.TextChoices):
    TALK = "talk", _("Talk (约谈)")
    CRITICISM = "criticism", _("Circulated criticism (通报批评)")
    ADMONITION = "admonition", _("Admonition (诫勉)")
    REASSIGN = "reassign", _("Post adjusted (调整岗位)")
    DISMISS = "dismiss", _("Removed from office (免职)")


class ConsequenceQuerySet(UnitScoped):
    def confirmed(self):
        return self.filter(state=Consequence.State.CONFIRMED)


class Consequence(models.Model):
    """A consequence proposed by the rules for a month, confirmed or waived (with a
    reason) by the office. A 通报批评 or 书面检查 then owes a report by a date."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        WAIVED = "waived", _("Waived")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsequenceKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    reason = models.TextField(_("reason"))
    state = FSMField(
        _("state"), default=State.PROPOSED, choices=State.choices, protected=True, max_length=10
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    report_text = models.TextField(_("report"), blank=True)
    report_received_on = models.DateField(_("report received on"), null=True, blank=True)
    report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("report submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ConsequenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("consequence")
        verbose_name_plural = _("consequences")
        ordering = ["-year", "-month", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "month"], name="consequence_once_per_month"
            )
        ]
        permissions = [("decide_consequence", _("Can confirm or waive consequences"))]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()} {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:consequence", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return can_see_unit(user, self.unit)

    @property
    def owes_report(self) -> bool:
        return self.state == self.State.CONFIRMED and self.kind in REPORTING_KINDS

    @property
    def report_status(self) -> str:
        if not self.owes_report:
            return ""
        if self.report_received_on:
            return "received"
        return "overdue" if self.report_due and self.report_due < timezone.localdate() else "due"

    @transition(field=state, source=State.PROPOSED, target=State.CONFIRMED)
    def confirm(self, *, by, at, note=""):
        self.decided_by, self.decided_at, self.decision_note = by, at, note
        self.decided_on = timezone.localtime(at).date()

    @transition(field=state, source=State.PROPOSED, target=State.WAIVED)
    def waive(self, *, by, at, note):
        self.decided_by, self.decided_at, self.decision_note = by, at, note
        self.decided_on = timezone.localtime(at).date()


REPORTING_KINDS = (ConsequenceKind.CRITICISM, ConsequenceKind.SELF_EXAMINATION)


class MeasureTaken(models.Model):
    """What was done about a unit under key management."""

    consequence = models.ForeignKey(Consequence, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    taken_on = models.DateField(_("taken on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["taken_on", "pk"]

    def __str__(self):
        return f"{self.taken_on} {self.get_measure_display()}"


# --- Referrals to discipline inspection ---


class ReferralSource(models.TextChoices):
    COLLECTIVE_PETITION = "collective_petition", _("Collective visit of more than 20 (petition)")
    COLLECTIVE_SKIP_LEVEL = (
        "collective_skip_level",
        _("Collective visit of more than 20 (skip-level record)"),
    )
    REVERSE_CHECK = "reverse_check", _("Reverse check: no screening or no case owner")
    MISCONDUCT = "misconduct", _("Officer misconduct (XG 43-46)")


class Misconduct(models.TextChoices):
    SHIRKING = "shirking", _("Shirking (推诿)")
    PERFUNCTORY = "perfunctory", _("Perfunctory (敷衍)")
    FALSIFICATION = "falsification", _("Falsification (弄虚作假)")
    RETALIATION = "retaliation", _("Retaliation (打击报复)")


class Outcome(models.TextChoices):
    TALK = "talk", _("Talk (谈话)")
    CIRCULATED = "circulated", _("Circulated (通报)")
    ADMONITION = "admonition", _("Admonition (诫勉)")
    REASSIGN = "reassign", _("Post adjusted (调岗)")
    DISMISS = "dismiss", _("Removed from office (免职)")
    SANCTION = "sanction", _("Party or administrative sanction (党纪政务处分)")
    NONE = "none", _("No responsibility found")


class ReferralQuerySet(UnitScoped):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Referral(models.Model):
    """A matter referred to discipline inspection (纪检监察)."""

    source = models.CharField(_("source"), max_length=24, choices=ReferralSource.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    skip_level_visit = models.ForeignKey(
        "reception.SkipLevelVisit",
        verbose_name=_("skip-level visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    misconduct = models.CharField(
        _("misconduct"), max_length=14, choices=Misconduct.choices, blank=True
    )
    headcount = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    summary = models.TextField(_("matter"))
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    findings = models.TextField(_("findings"), blank=True)
    people_responsible = models.TextField(_("people held responsible"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral to discipline inspection")
        verbose_name_plural = _("referrals to discipline inspection")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "petition"],
                condition=Q(petition__isnull=False) & ~Q(source="misconduct"),
                name="referral_once_per_petition",
            ),
            models.UniqueConstraint(
                fields=["source", "skip_level_visit"],
                condition=Q(skip_level_visit__isnull=False),
                name="referral_once_per_visit",
            ),
        ]
        permissions = [
            ("raise_referral", _("Can refer misconduct to discipline inspection")),
            ("work_referral", _("Can record a referral's findings and outcome")),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:referral", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return can_see_unit(user, self.unit)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def age_days(self, now=None) -> int:
        end = self.closed_at or now or timezone.now()
        return (end - self.raised_at).days


# --- Annual assessment and the pay ledger ---


class AssessmentYear(models.Model):
    """The year's pass mark (set in the admin): the sum of the year's monthly scores."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    pass_mark = models.DecimalField(_("pass mark (year total)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("annual pass mark")
        verbose_name_plural = _("annual pass marks")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.pass_mark}"


class AnnualAssessment(models.Model):
    """A unit's result for a year: its total, any veto, pass or fail."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("year total"), max_digits=8, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("months scored"))
    pass_mark = models.DecimalField(_("pass mark"), max_digits=8, decimal_places=2)
    veto = models.CharField(_("one-vote veto"), max_length=200, blank=True)
    passed = models.BooleanField(_("passed"))
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = UnitScoped.as_manager()

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="annual_assessment_once")
        ]
        permissions = [("assess_year", _("Can run the annual assessment and keep the pay ledger"))]

    def __str__(self):
        return f"{self.unit} {self.year}"


class LedgerQuerySet(UnitScoped):
    def visible_to(self, user):
        """Pay is personal: the office and the inspectors see every line, a leader their own."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(leader=user)


class LedgerEntry(models.Model):
    """5% of a leader's pay for a failed year: withheld (暂扣), then repaid (补发) after a
    passed next year, or forfeited (扣发) with the next year's after a second fail."""

    class State(models.TextChoices):
        WITHHELD = "withheld", _("Withheld")
        REPAID = "repaid", _("Repaid")
        FORFEITED = "forfeited", _("Forfeited")

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    chain_role = models.CharField(_("role in the chain"), max_length=12, choices=ChainRole.choices)
    year = models.PositiveSmallIntegerField(_("year of the pay"))
    assessment = models.ForeignKey(
        AnnualAssessment, on_delete=models.PROTECT, related_name="ledger"
    )
    percent = models.DecimalField(_("share of the year's pay"), max_digits=4, decimal_places=2)
    state = FSMField(
        _("state"), default=State.WITHHELD, choices=State.choices, protected=True, max_length=10
    )
    settled_year = models.PositiveSmallIntegerField(
        _("settled by the assessment of"), null=True, blank=True
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("pay ledger line")
        verbose_name_plural = _("pay ledger lines")
        ordering = ["-year", "unit__path", "leader__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "year"], name="ledger_once_per_leader_year")
        ]

    def __str__(self):
        return f"{self.leader} {self.year} {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:decision", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return self.leader_id == user.pk or sees_all_units(user)

    @transition(field=state, source=State.WITHHELD, target=State.REPAID)
    def repay(self, *, year, at):
        self.settled_year, self.settled_at = year, at

    @transition(field=state, source=State.WITHHELD, target=State.FORFEITED)
    def forfeit(self, *, year, at):
        self.settled_year, self.settled_at = year, at


class LedgerEvent(models.Model):
    """The ledger line's history: withheld, repaid, forfeited."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.action}"

    @property
    def label(self) -> str:
        """The state the line entered (暂扣, 补发, 扣发)."""
        labels = dict(LedgerEntry.State.choices)
        return str(labels.get(self.action, self.action))


class Event(models.Model):
    """The app's audit trail: who did what to which record, when."""

    action = models.CharField(max_length=30)
    subject = models.CharField(max_length=200)
    url = models.CharField(max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.subject}"
