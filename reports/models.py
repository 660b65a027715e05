from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .periods import Period


def is_office(notice, user) -> bool:
    return user.has_perm("reports.publish_monthlynotice")


class MonthlyNotice(ConcurrentTransitionMixin, models.Model):
    """The monthly notice (月通报) of one reporting period.

    Its figures are a snapshot taken when the draft is built: a published notice
    never changes when data is corrected later; a correction is a new version.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    figures = models.JSONField(_("figures"), default=dict)
    issues = models.TextField(
        _("Issues to explain"),
        blank=True,
        help_text=_("The office's own remarks, printed under “需要说明的问题”."),
    )
    # The official document's header and 版记.
    number = models.CharField(
        _("document number"), max_length=40, blank=True, help_text=_("Given when published.")
    )
    recipients = models.CharField(
        _("addressed to"), max_length=300, blank=True, help_text=_("Printed under the title.")
    )
    copy_to = models.CharField(
        _("copied to"), max_length=300, blank=True, help_text=_("Printed at the foot.")
    )
    correction_reason = models.TextField(
        _("reason for the correction"),
        blank=True,
        help_text=_("Why this version corrects the published one; printed with what changed."),
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    built_at = models.DateTimeField(_("figures taken at"))
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("built by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    workbook = models.FileField(_("workbook"), upload_to="reports/", blank=True)
    document = models.FileField(_("PDF"), upload_to="reports/", blank=True)

    class Meta:
        verbose_name = _("monthly notice")
        verbose_name_plural = _("monthly notices")
        ordering = ["-year", "-month", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "version"], name="one_notice_per_version"
            )
        ]
        permissions = [("publish_monthlynotice", _("Can build and publish monthly notices"))]

    def __str__(self):
        return f"{self.period.key} v{self.version}"

    @property
    def period(self) -> Period:
        return Period.of(self.year, self.month, self.figures.get("mode"))

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def columns(self) -> dict[str, dict]:
        return {column["key"]: column for column in self.figures["table"]["columns"]}

    @property
    def ranked_rows(self) -> list[dict]:
        """The units' rows in the notice's stated order."""
        rows = {row["unit_id"]: row for row in self.figures["table"]["rows"] if row["unit_id"]}
        return [rows[unit_id] for unit_id in self.figures["ranking"] if unit_id in rows]

    @property
    def ranked(self) -> list[tuple[int, dict]]:
        """(place, row) of the units in the stated order; equal figures share a place."""
        rows = self.ranked_rows
        stored = self.figures.get("places")
        if stored is None or len(stored) != len(rows):  # built before places were kept
            stored = list(range(1, len(rows) + 1))
        return list(zip(stored, rows, strict=True))

    @property
    def unassigned_row(self) -> dict | None:
        """The cases not yet assigned to a unit (待交办), a row of their own."""
        return next(
            (row for row in self.figures["table"]["rows"] if row["kind"] == "unassigned"), None
        )

    @property
    def total_row(self) -> dict:
        return self.figures["table"]["rows"][-1]

    @property
    def has_skip_level(self) -> bool:
        return "skip_batches" in self.total_row["counts"]

    @transition(field=state, source=State.DRAFT, target=State.PUBLISHED, permission=is_office)
    def publish(self, *, by, at):
        self.published_by = by
        self.published_at = at
