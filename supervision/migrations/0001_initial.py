"""Reminders, supervision notices and their numbering move here from petitions without
losing a row: created in this app's state over the existing tables, which are then
renamed (petitions' 0012 removes them from its own state only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organization", "0003_user_leadership_notifications_sensitive_period"),
        ("petitions", "0011_notification_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
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
                        ("clock", models.CharField(max_length=20, verbose_name="clock")),
                        ("kind", models.CharField(max_length=12, verbose_name="kind")),
                        ("due", models.DateField(verbose_name="due")),
                        ("sent_on", models.DateField(verbose_name="sent on")),
                        ("batch", models.UUIDField(db_index=True, editable=False)),
                        (
                            "petition",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="petitions.petition",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder",
                        "verbose_name_plural": "reminders",
                        "db_table": "petitions_reminder",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("petition", "clock", "kind", "due"),
                                name="reminder_once_per_due",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SupervisionSequence",
                    fields=[
                        (
                            "year",
                            models.PositiveSmallIntegerField(primary_key=True, serialize=False),
                        ),
                        ("last_number", models.PositiveIntegerField(default=0)),
                    ],
                    options={"db_table": "petitions_supervisionsequence"},
                ),
                migrations.CreateModel(
                    name="SupervisionNotice",
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
                        (
                            "number",
                            models.CharField(max_length=16, unique=True, verbose_name="number"),
                        ),
                        ("clock", models.CharField(max_length=20, verbose_name="clock")),
                        ("due", models.DateField(verbose_name="due date missed")),
                        ("reason", models.TextField(verbose_name="what is overdue")),
                        ("issued_on", models.DateField(verbose_name="issued on")),
                        ("feedback_due", models.DateField(verbose_name="feedback due")),
                        ("feedback", models.TextField(blank=True, verbose_name="feedback")),
                        (
                            "feedback_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                        ),
                        (
                            "feedback_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="answered by",
                            ),
                        ),
                        (
                            "issued_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="issued by",
                            ),
                        ),
                        (
                            "petition",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="supervision_notices",
                                to="petitions.petition",
                                verbose_name="petition",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organization.unit",
                                verbose_name="unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "supervision notice",
                        "verbose_name_plural": "supervision notices",
                        "ordering": ["-issued_on", "-number"],
                        "db_table": "petitions_supervisionnotice",
                        "indexes": [
                            models.Index(
                                fields=["unit", "issued_on"], name="supervision_unit_issued"
                            ),
                            models.Index(
                                fields=["-issued_on", "-number"], name="supervision_notice_order"
                            ),
                            models.Index(
                                fields=["feedback_at", "feedback_due"],
                                name="supervision_feedback",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("petition", "clock", "due"),
                                name="supervision_once_per_due",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="reminder", table=None),
        migrations.AlterModelTable(name="supervisionsequence", table=None),
        migrations.AlterModelTable(name="supervisionnotice", table=None),
    ]
