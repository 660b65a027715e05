"""Stability risk assessments (稳评), key petitioners (重点人员), backlog plans (积案
一案一策) and the override of a skip-level visit's reverse check (倒查).

Each kind has the scope trio: `objects.visible_to(user)`, `obj.is_visible_to(user)`
and an access helper in risk/registers_access.py. Services (risk/registers_services.py)
are the only writers; every change writes a RegisterEvent row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Unit
from organization.scope import can_see_unit, sees_all_units, unit_scope_q
from petitions.models import Petition, Petitioner

__all__ = [
    "AssessmentOpinion",
    "BacklogPlan",
    "BacklogProgress",
    "KeyPerson",
    "KeyPersonAccessLog",
    "KeyPersonNote",
    "RegisterEvent",
    "ReverseCheckOverride",
    "StabilityAssessment",
]


def _scoped(queryset, user, *fields):
    if sees_all_units(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(unit_scope_q(user, *fields))


# --- 重大事项社会稳定风险评估 -----------------------------------------------------------------


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped(self, user, "unit")


class StabilityAssessment(models.Model):
    class Kind(models.TextChoices):
        RESTRUCTURING = "restructuring", _("Restructuring")
        RELOCATION = "relocation", _("Relocation")
        PAY = "pay", _("Pay adjustment")
        LAYOFF = "layoff", _("Staff reduction")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Conclusion(models.TextChoices):
        IMPLEMENT = "implement", _("Implement")
        POSTPONE = "postpone", _("Postpone")
        REJECT = "reject", _("Do not implement")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of decision"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("decision"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    # The four tests
    legality = models.TextField(_("legality findings"), blank=True)
    rationality = models.TextField(_("rationality findings"), blank=True)
    feasibility = models.TextField(_("feasibility findings"), blank=True)
    safety = models.TextField(_("safety findings"), blank=True)
    level = models.CharField(_("risk level"), max_length=10, choices=Level.choices, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=Conclusion.choices, blank=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("stability risk assessment")
        verbose_name_plural = _("stability risk assessments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="assessment_unit_created")]
        permissions = [("sign_stabilityassessment", _("Can sign off stability assessments"))]
        constraints = [
            # The decision is implemented only on a signed assessment that says 实施.
            models.CheckConstraint(
                condition=Q(implemented_on__isnull=True)
                | Q(signed_at__isnull=False, conclusion="implement"),
                name="assessment_implemented_when_signed_implement",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:assessment_detail", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return can_see_unit(user, self.unit)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def may_edit(self, user) -> bool:
        return (
            not self.is_signed
            and user.has_perm("risk.change_stabilityassessment")
            and self.is_visible_to(user)
        )

    def is_complete(self) -> bool:
        return bool(
            self.legality
            and self.rationality
            and self.feasibility
            and self.safety
            and self.level
            and self.conclusion
        )

    def may_sign(self, user) -> bool:
        """Sign-off: a leader of the unit (or above), or the office; once, when complete."""
        return (
            not self.is_signed
            and self.is_complete()
            and user.has_perm("risk.sign_stabilityassessment")
            and self.is_visible_to(user)
        )

    def may_mark_implemented(self, user) -> bool:
        """The decision is implemented only on a signed assessment concluding 实施."""
        return (
            self.implemented_on is None
            and self.is_signed
            and self.conclusion == self.Conclusion.IMPLEMENT
            and user.has_perm("risk.change_stabilityassessment")
            and self.is_visible_to(user)
        )


class AssessmentOpinion(models.Model):
    class Source(models.TextChoices):
        PETITION_OFFICE = "petition", _("Petition office")
        LEGAL = "legal", _("Legal department")
        STABILITY = "stability", _("Stability department")
        EXPERT = "expert", _("Expert")
        PUBLIC = "public", _("The public")

    assessment = models.ForeignKey(
        StabilityAssessment, on_delete=models.CASCADE, related_name="opinions"
    )
    source = models.CharField(_("opinion source"), max_length=12, choices=Source.choices)
    who = models.CharField(_("who"), max_length=100)
    given_on = models.DateField(_("when"))
    text = models.TextField(_("opinion"))

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["given_on", "pk"]

    def __str__(self):
        return f"{self.who} {self.given_on}"


# --- 重点人员 ------------------------------------------------------------------------------


class KeyPersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every key person; a unit's leaders those of their subtree;
        nobody else (not even the inspector: it is a watch list of people)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("risk.change_keyperson"):
            return self
        if not user.has_perm("risk.view_keyperson") or user.unit_id is None:
            return self.none()
        return self.filter(unit__path__startswith=user.unit.path)


class KeyPerson(models.Model):
    class Source(models.TextChoices):
        AUTOMATIC = "auto", _("Flagged automatically")
        MANUAL = "manual", _("Flagged by the office")

    class Status(models.TextChoices):
        WATCH = "watch", _("Under watch")
        STABLE = "stable", _("Stabilised")
        RESOLVED = "resolved", _("Resolved")

    petitioner = models.OneToOneField(
        Petitioner, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit_set_by_office = models.BooleanField(default=False, editable=False)
    source = models.CharField(_("flagged"), max_length=8, choices=Source.choices)
    reason = models.TextField(_("reason"))
    petition_count = models.PositiveIntegerField(_("petitions in 12 months"), default=0)
    skip_level_count = models.PositiveIntegerField(_("skip-level visits in 12 months"), default=0)
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owning leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_people = models.CharField(
        _("people responsible for stability"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WATCH
    )
    flagged_on = models.DateField(_("flagged on"), default=timezone.localdate)

    objects = KeyPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("key petitioner")
        verbose_name_plural = _("key petitioners")
        ordering = ["status", "-flagged_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="keyperson_unit_status")]

    def __str__(self):
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("risk:keyperson_detail", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser or user.has_perm("risk.change_keyperson"):
            return True
        return (
            user.has_perm("risk.view_keyperson")
            and user.unit_id is not None
            and self.unit is not None
            and user.unit.contains(self.unit)
        )

    def may_change(self, user) -> bool:
        """The office, or a leader of the person's unit."""
        return user.has_perm("risk.change_keyperson") or (
            user.has_perm("risk.add_keypersonnote") and self.is_visible_to(user)
        )


class KeyPersonNote(models.Model):
    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact")
        VISIT = "visit", _("Home visit")
        SITUATION = "situation", _("Situation")

    person = models.ForeignKey(KeyPerson, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.on} {self.kind}"


class KeyPersonAccessLog(models.Model):
    """Each view of a key person's file (an identity view, like IdentityAccessLog)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(KeyPerson, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    purpose = models.CharField(_("where"), max_length=30)

    class Meta:
        verbose_name = _("key person file access")
        verbose_name_plural = _("key person file access log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.person_id}"


# --- 积案 一案一策 -----------------------------------------------------------------------------


class BacklogPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(petition__in=Petition.objects.visible_to(user).values("pk")) | Q(owning_leader=user)
        )

    def past_deadline(self, today):
        return self.filter(closed_on__isnull=True, deadline__lt=today)


class BacklogPlan(models.Model):
    petition = models.OneToOneField(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="+"
    )
    causes = models.TextField(_("causes"))
    measures = models.TextField(_("measures"))
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owning leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("resolution deadline"))
    # 销号
    closed_on = models.DateField(_("closed out on"), null=True, blank=True)
    close_basis = models.TextField(_("basis for close-out"), blank=True)
    approved_by = models.CharField(_("approved by"), max_length=50, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = BacklogPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("backlog plan")
        verbose_name_plural = _("backlog plans")
        ordering = ["closed_on", "deadline", "pk"]
        indexes = [models.Index(fields=["closed_on", "deadline"], name="backlog_open_deadline")]
        permissions = [("close_backlogplan", _("Can close out backlog cases"))]

    def __str__(self):
        return f"{self.petition_id}"

    def get_absolute_url(self) -> str:
        return reverse("risk:backlog_detail", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return (
            sees_all_units(user)
            or self.owning_leader_id == user.pk
            or (self.petition.is_visible_to(user))
        )

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def is_past_deadline(self, today) -> bool:
        return not self.is_closed and self.deadline < today

    def may_edit(self, user) -> bool:
        """The office, or a leader of the responsible unit, while not closed out."""
        from petitions.models import can_sign_off, can_supervise

        return not self.is_closed and (
            can_supervise(self.petition, user) or can_sign_off(self.petition, user)
        )

    def may_close(self, user) -> bool:
        return not self.is_closed and user.has_perm("risk.close_backlogplan")


class BacklogProgress(models.Model):
    plan = models.ForeignKey(BacklogPlan, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.on}"


# --- 倒查 override ---------------------------------------------------------------------------


class ReverseCheckOverride(models.Model):
    """The office's correction of a derived reverse check, with its reason."""

    visit = models.OneToOneField(
        "reception.SkipLevelVisit", on_delete=models.CASCADE, related_name="+"
    )
    was_on_screening_list = models.BooleanField(
        _("on the unit's risk screening list beforehand"), default=False
    )
    had_owning_leader = models.BooleanField(_("a leader owned the matter"), default=False)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reverse check override")
        verbose_name_plural = _("reverse check overrides")

    def __str__(self):
        return f"{self.visit_id}"


class RegisterEvent(models.Model):
    """Who changed which register row, when, how (append-only)."""

    kind = models.CharField(max_length=20)  # assessment / keyperson / backlog / reverse_check
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="registerevent_object")]

    def __str__(self):
        return f"{self.kind}#{self.object_id} {self.action}"
