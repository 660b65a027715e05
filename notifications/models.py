from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at=None)

    def email_pending(self):
        return self.filter(send_email=True, emailed_at=None)


class Notification(models.Model):
    """A message in a user's inbox; with send_email, also the e-mail outbox.

    It points at what it is about by a link and a label (e.g. the case number),
    not by a foreign key: this app knows no app above it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20)
    subject = models.CharField(_("about"), max_length=40, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    text = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    send_email = models.BooleanField(default=False, editable=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Set when a sender takes the e-mail to send it; an old claim is a sender that died.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
            # The inbox pages through one user's messages, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_inbox_order"
            ),
            models.Index(
                fields=["created_at"],
                name="notification_email_pending",
                condition=Q(send_email=True, emailed_at=None),
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.text[:40]}"

    def get_kind_display(self) -> str:
        return kinds.label(self.kind)
