"""Reminder, SupervisionNotice and SupervisionSequence now live in the supervision app
(its 0001 keeps their tables and rows); petitions only forgets them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0011_notification_moved"),
        ("supervision", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="SupervisionNotice"),
                migrations.DeleteModel(name="SupervisionSequence"),
            ],
            database_operations=[],
        ),
    ]
