"""督办单 numbers move to organization's YearlySequence (key "supervision")."""

from django.db import migrations

KEY = "supervision"


def to_yearly_sequence(apps, schema_editor):
    SupervisionSequence = apps.get_model("supervision", "SupervisionSequence")
    YearlySequence = apps.get_model("organization", "YearlySequence")
    YearlySequence.objects.bulk_create(
        YearlySequence(key=KEY, year=row.year, last_number=row.last_number)
        for row in SupervisionSequence.objects.all()
    )


def from_yearly_sequence(apps, schema_editor):
    SupervisionSequence = apps.get_model("supervision", "SupervisionSequence")
    YearlySequence = apps.get_model("organization", "YearlySequence")
    SupervisionSequence.objects.bulk_create(
        SupervisionSequence(year=row.year, last_number=row.last_number)
        for row in YearlySequence.objects.filter(key=KEY)
    )
    YearlySequence.objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0005_yearly_sequence"),
        ("supervision", "0002_manual_notices"),
    ]

    operations = [
        migrations.RunPython(to_yearly_sequence, from_yearly_sequence),
        migrations.DeleteModel(name="SupervisionSequence"),
    ]
