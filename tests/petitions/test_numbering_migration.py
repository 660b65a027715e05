"""Migration petitions 0013 moves every year's last petition number into
organization's YearlySequence (key "petition") and back."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from organization.models import YearlySequence

pytestmark = pytest.mark.django_db

migration = importlib.import_module("petitions.migrations.0013_yearly_sequence")


def test_petition_sequences_move_to_the_yearly_sequence_and_back():
    state = MigrationExecutor(connection).loader.project_state(
        [("petitions", "0012_supervision_moved"), ("organization", "0005_yearly_sequence")]
    )
    apps = state.apps
    PetitionSequence = apps.get_model("petitions", "PetitionSequence")
    YearlySequence.objects.create(key="supervision", year=2026, last_number=3)
    with connection.schema_editor() as editor:  # rolled back with the test
        editor.create_model(PetitionSequence)
        PetitionSequence.objects.create(year=2025, last_number=412)
        PetitionSequence.objects.create(year=2026, last_number=7)

        migration.to_yearly_sequence(apps, editor)
        moved = set(YearlySequence.objects.values_list("key", "year", "last_number"))
        PetitionSequence.objects.all().delete()
        migration.from_yearly_sequence(apps, editor)
        back = set(PetitionSequence.objects.values_list("year", "last_number"))
        left = set(YearlySequence.objects.values_list("key", "year", "last_number"))

    assert moved == {("petition", 2025, 412), ("petition", 2026, 7), ("supervision", 2026, 3)}
    assert back == {(2025, 412), (2026, 7)}
    assert left == {("supervision", 2026, 3)}
