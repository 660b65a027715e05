"""SensitivePeriod moves from organization to reception, the app that writes it.

No row is copied: the model enters reception's state on the existing table
(organization_sensitiveperiod), the skip-level visits' foreign key follows it in
state only, then the table is renamed to reception_sensitiveperiod (PostgreSQL
and SQLite carry the foreign key along). The content type is relabelled so that
its permissions, and whoever holds them, stay as they are.
organization/migrations/0004 then drops the model from organization's state.
"""

import django.db.models.deletion
from django.db import migrations, models


def relabel_content_type(apps, schema_editor, *, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="sensitiveperiod").exists():
        types.filter(app_label=old, model="sensitiveperiod").update(app_label=new)


def forwards(apps, schema_editor):
    relabel_content_type(apps, schema_editor, old="organization", new="reception")


def backwards(apps, schema_editor):
    relabel_content_type(apps, schema_editor, old="reception", new="organization")


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0003_receptionday_cancellation"),
        ("organization", "0003_user_leadership_notifications_sensitive_period"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SensitivePeriod",
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
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("holiday", "Major holiday"),
                                    ("meeting", "Important meeting"),
                                    ("other", "Other"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("starts_on", models.DateField(verbose_name="starts on")),
                        ("ends_on", models.DateField(verbose_name="ends on")),
                        (
                            "note",
                            models.CharField(blank=True, max_length=200, verbose_name="note"),
                        ),
                    ],
                    options={
                        "verbose_name": "sensitive period",
                        "verbose_name_plural": "sensitive periods",
                        "ordering": ["-starts_on"],
                        "db_table": "organization_sensitiveperiod",
                        "indexes": [
                            models.Index(
                                fields=["starts_on", "ends_on"], name="sensitive_period_range"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                                name="sensitive_period_ends_after_start",
                            )
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="skiplevelvisit",
                    name="sensitive_period",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reception.sensitiveperiod",
                        verbose_name="sensitive period",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="sensitiveperiod", table=None),
        migrations.RunPython(forwards, backwards),
    ]
