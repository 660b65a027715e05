"""督查督办: reminders of the petitions' clocks, and supervision notices (督办单).

The clocks themselves (due dates in indexed columns) belong to petitions; this app
reads them on its own schedule (alerts.py) and writes only its own rows, through
services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organization.models import Unit
from organization.scope import sees_all_units, unit_scope_q
from petitions.models import CLOCK_LABELS, Petition, acts_for_unit


class Reminder(models.Model):
    """One reminder of one clock's due date: sent at most once (the unique constraint)."""

    class Kind(models.TextChoices):
        BEFORE_5 = "before_5", _("5 days before")
        BEFORE_3 = "before_3", _("3 days before")
        BEFORE_1 = "before_1", _("1 day before")
        OVERDUE = "overdue", _("Overdue")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="reminders")
    clock = models.CharField(_("clock"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12)
    due = models.DateField(_("due"))
    sent_on = models.DateField(_("sent on"))
    # The run that inserted the row: a run re-selects by it what it really inserted.
    batch = models.UUIDField(editable=False, db_index=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "clock", "kind", "due"], name="reminder_once_per_due"
            )
        ]

    def __str__(self):
        return f"{self.petition_id} {self.clock} {self.kind} {self.due}"


class SupervisionNoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SupervisionNoticeQuerySet":
        """The unit-scope rule: the office sees every notice, a unit its subtree's, and
        the leader who owns a case (包案) its notices, wherever that leader sits."""
        if sees_all_units(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(unit_scope_q(user, "unit") | Q(petition__owning_leader=user))

    def of_case_visible_to(self, petition, user) -> "SupervisionNoticeQuerySet":
        """One case's notices under `visible_to`'s rule, for its page: whether the user
        owns the case is read off the case already loaded, so the query does not join
        the petitions (that join took the planner longer than the page's biggest query
        ran)."""
        notices = self.filter(petition=petition)
        if sees_all_units(user):
            return notices
        if not user.is_authenticated:
            return self.none()
        if petition.owning_leader_id == user.pk:
            return notices
        return notices.filter(unit_scope_q(user, "unit"))


class SupervisionNotice(models.Model):
    """督办单: an overdue case's unit (automatic), or a unit that shirked, went through the
    motions or falsified its work (issued by the office, XG 40), must report back by a
    date."""

    class Cause(models.TextChoices):
        OVERDUE = "overdue", _("Overdue")
        SHIRKING = "shirking", _("Shirking responsibility (推诿)")
        PERFUNCTORY = "perfunctory", _("Perfunctory handling (敷衍)")
        FALSIFICATION = "falsification", _("Falsification (弄虚作假)")
        OTHER = "other", _("Other")

    number = models.CharField(_("number"), max_length=16, unique=True)
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="supervision_notices",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(
        _("cause"), max_length=20, choices=Cause.choices, default=Cause.OVERDUE
    )
    # The clock and the due date an overdue notice is about; empty on a manual notice.
    clock = models.CharField(_("clock"), max_length=20, blank=True)
    due = models.DateField(_("due date missed"), null=True, blank=True)
    reason = models.TextField(_("facts"))
    suggestions = models.TextField(_("improvement suggestions"), blank=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback_due = models.DateField(_("feedback due"))
    feedback = models.TextField(_("feedback"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = SupervisionNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "clock", "due"], name="supervision_once_per_due"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "issued_on"], name="supervision_unit_issued"),
            models.Index(fields=["-issued_on", "-number"], name="supervision_notice_order"),
            models.Index(fields=["feedback_at", "feedback_due"], name="supervision_feedback"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("supervision:notice", args=[self.number])

    @property
    def is_answered(self) -> bool:
        return self.feedback_at is not None

    @property
    def is_manual(self) -> bool:
        return self.cause != self.Cause.OVERDUE

    def may_answer(self, user) -> bool:
        """The supervised unit's handlers and leaders answer it, once."""
        return (
            self.feedback_at is None
            and (
                user.has_perm("petitions.handle_petition")
                or user.has_perm("petitions.sign_off_petition")
            )
            and acts_for_unit(user, self.unit)
        )

    def clock_label(self) -> str:
        """What the notice is about: the missed clock, or the manual notice's cause."""
        if self.clock:
            return str(CLOCK_LABELS.get(self.clock, self.clock))
        return self.get_cause_display()
