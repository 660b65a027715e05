"""Notification moves here from petitions without losing a row: the model is created in
this app's state over the existing table, which is then renamed (petitions'
0011 removes it from its own state only). The link to the petition goes in 0002/0003."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("petitions", "0010_plausible_dates_headcount"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=20, verbose_name="kind")),
                        ("due", models.DateField(blank=True, null=True, verbose_name="due")),
                        ("text", models.TextField(verbose_name="text")),
                        (
                            "url",
                            models.CharField(blank=True, max_length=200, verbose_name="link"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="time"
                            ),
                        ),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="read at"),
                        ),
                        ("send_email", models.BooleanField(default=False, editable=False)),
                        (
                            "emailed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at"),
                        ),
                        (
                            "email_claimed_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        (
                            "petition",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="petitions.petition",
                                verbose_name="petition",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "petitions_notification",
                        "indexes": [
                            models.Index(
                                fields=["recipient", "read_at"],
                                name="notification_recipient_read",
                            ),
                            models.Index(
                                fields=["recipient", "-created_at", "-id"],
                                name="notification_inbox_order",
                            ),
                            models.Index(
                                condition=models.Q(("emailed_at", None), ("send_email", True)),
                                fields=["created_at"],
                                name="notification_email_pending",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notification", table=None),
    ]
