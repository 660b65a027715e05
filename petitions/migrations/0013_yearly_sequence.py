"""Petition numbers move to organization's YearlySequence (key "petition")."""

from django.db import migrations

KEY = "petition"


def to_yearly_sequence(apps, schema_editor):
    PetitionSequence = apps.get_model("petitions", "PetitionSequence")
    YearlySequence = apps.get_model("organization", "YearlySequence")
    YearlySequence.objects.bulk_create(
        YearlySequence(key=KEY, year=row.year, last_number=row.last_number)
        for row in PetitionSequence.objects.all()
    )


def from_yearly_sequence(apps, schema_editor):
    PetitionSequence = apps.get_model("petitions", "PetitionSequence")
    YearlySequence = apps.get_model("organization", "YearlySequence")
    PetitionSequence.objects.bulk_create(
        PetitionSequence(year=row.year, last_number=row.last_number)
        for row in YearlySequence.objects.filter(key=KEY)
    )
    YearlySequence.objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0005_yearly_sequence"),
        ("petitions", "0012_supervision_moved"),
    ]

    operations = [
        migrations.RunPython(to_yearly_sequence, from_yearly_sequence),
        migrations.DeleteModel(name="PetitionSequence"),
    ]
