"""Notification now lives in the notifications app (its 0001-0003 keep the table and
its rows); petitions only forgets it here, after those have copied the case numbers."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0010_plausible_dates_headcount"),
        ("notifications", "0002_notification_subject"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
