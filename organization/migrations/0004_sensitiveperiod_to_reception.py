"""SensitivePeriod now belongs to reception (see reception/migrations/0004): drop it
from this app's state only; its table and rows were taken over there."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0003_user_leadership_notifications_sensitive_period"),
        ("reception", "0004_sensitiveperiod_from_organization"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SensitivePeriod")],
            database_operations=[],
        )
    ]
