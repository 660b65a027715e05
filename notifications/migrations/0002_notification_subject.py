"""The label of what a notification is about (the case number), copied from the
petition it pointed at while that link still exists."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_case_numbers(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Petition = apps.get_model("petitions", "Petition")
    number = Petition.objects.filter(pk=OuterRef("petition_id")).values("number")[:1]
    Notification.objects.exclude(petition=None).update(subject=Subquery(number))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="subject",
            field=models.CharField(blank=True, default="", max_length=40, verbose_name="about"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_case_numbers, migrations.RunPython.noop),
    ]
