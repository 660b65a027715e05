from django.db import migrations, models

from ._operations import RunOnPostgres

# The unit scope's columns of a case, as words of its search vectors (petitions.models.
# SCOPE_WORDS gives the same letters): '#u' responsible unit, '#r' registering unit,
# '#l' owning leader, '#b' registrar. A document's own words are CJK characters and
# runs of letters and digits, never with a '#'.
FUNCTIONS = """
CREATE FUNCTION petitions_scope_words(
    responsible bigint, registered bigint, leader bigint, registrar bigint
) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(array_remove(ARRAY[
        '#u' || responsible, '#r' || registered, '#l' || leader, '#b' || registrar
    ], NULL))
$$;

-- A new search row takes its case's scope words and sort key.
CREATE FUNCTION petitions_search_text_words() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    words tsvector;
BEGIN
    SELECT petitions_scope_words(
               p.responsible_unit_id, p.registered_unit_id, p.owning_leader_id,
               p.registered_by_id),
           p.received_on, p.number
      INTO words, NEW.received_on, NEW.number
      FROM petitions_petition p WHERE p.id = NEW.petition_id;
    NEW.search_vector := coalesce(NEW.search_vector, ''::tsvector) || words;
    NEW.people_vector := coalesce(NEW.people_vector, ''::tsvector) || words;
    RETURN NEW;
END
$$;

-- A case routed, given an owning leader or corrected: its search row follows.
CREATE FUNCTION petitions_petition_words() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_words text[] := tsvector_to_array(petitions_scope_words(
        OLD.responsible_unit_id, OLD.registered_unit_id, OLD.owning_leader_id,
        OLD.registered_by_id));
    new_words tsvector := petitions_scope_words(
        NEW.responsible_unit_id, NEW.registered_unit_id, NEW.owning_leader_id,
        NEW.registered_by_id);
BEGIN
    UPDATE petitions_petitionsearchtext
       SET search_vector = ts_delete(search_vector, old_words) || new_words,
           people_vector = ts_delete(people_vector, old_words) || new_words,
           received_on = NEW.received_on,
           number = NEW.number
     WHERE petition_id = NEW.id;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER petitions_search_text_words
    BEFORE INSERT ON petitions_petitionsearchtext
    FOR EACH ROW EXECUTE FUNCTION petitions_search_text_words();

CREATE TRIGGER petitions_petition_words
    AFTER UPDATE OF responsible_unit_id, registered_unit_id, owning_leader_id,
        registered_by_id, received_on, number ON petitions_petition
    FOR EACH ROW WHEN (
        OLD.responsible_unit_id IS DISTINCT FROM NEW.responsible_unit_id
        OR OLD.registered_unit_id IS DISTINCT FROM NEW.registered_unit_id
        OR OLD.owning_leader_id IS DISTINCT FROM NEW.owning_leader_id
        OR OLD.registered_by_id IS DISTINCT FROM NEW.registered_by_id
        OR OLD.received_on IS DISTINCT FROM NEW.received_on
        OR OLD.number IS DISTINCT FROM NEW.number
    ) EXECUTE FUNCTION petitions_petition_words();
"""

# Every search row rewritten once: its GIN indexes are dropped first and built again
# after (faster than updating hundreds of entries per row). Minutes at 10^6 cases; the
# table keeps the old rows' space until VACUUM.
REWRITE = [
    "SET LOCAL maintenance_work_mem = '256MB'",
    "DROP INDEX petition_search_vector",
    "DROP INDEX petition_people_vector",
    """
    UPDATE petitions_petitionsearchtext t
       SET search_vector = coalesce(t.search_vector, ''::tsvector) || p.words,
           people_vector = coalesce(t.people_vector, ''::tsvector) || p.words,
           received_on = p.received_on,
           number = p.number
      FROM (SELECT id, received_on, number, petitions_scope_words(
                       responsible_unit_id, registered_unit_id, owning_leader_id,
                       registered_by_id) AS words
              FROM petitions_petition) p
     WHERE p.id = t.petition_id
    """,
    "CREATE INDEX petition_search_vector ON petitions_petitionsearchtext "
    "USING gin (search_vector) WITH (fastupdate = off)",
    "CREATE INDEX petition_people_vector ON petitions_petitionsearchtext "
    "USING gin (people_vector) WITH (fastupdate = off)",
]

UNDO = [
    "DROP TRIGGER petitions_petition_words ON petitions_petition",
    "DROP TRIGGER petitions_search_text_words ON petitions_petitionsearchtext",
    # The words left in the vectors are never asked for without this migration's code.
    "DROP FUNCTION petitions_petition_words()",
    "DROP FUNCTION petitions_search_text_words()",
    "DROP FUNCTION petitions_scope_words(bigint, bigint, bigint, bigint)",
]


def fill_sort_key_elsewhere(apps, schema_editor):
    """The sort key's copy on a database without the triggers (the SQLite demo)."""
    if schema_editor.connection.vendor == "postgresql":
        return
    texts = apps.get_model("petitions", "PetitionSearchText")
    petitions = apps.get_model("petitions", "Petition")
    keys = petitions.objects.values_list("pk", "received_on", "number")
    for pk, received_on, number in keys.iterator():
        texts.objects.filter(pk=pk).update(received_on=received_on, number=number)


class Migration(migrations.Migration):
    """A case's search vectors also hold its unit scope as words (petitions.search), so a
    scoped keyword search asks the GIN index for the scope's rare words first and tests
    the keyword's common bigram only at them; the search row also holds the list's sort
    key (received date, number), so a scoped search's page is sorted from the search
    rows it found. Database triggers keep both in step with the case, whatever writes
    it (a routing, the admin, a bulk update, an import)."""

    dependencies = [
        ("petitions", "0027_running_received_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="petitionsearchtext",
            name="received_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="petitionsearchtext",
            name="number",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        RunOnPostgres(
            [FUNCTIONS, *REWRITE, TRIGGERS],
            UNDO,
        ),
        migrations.RunPython(fill_sort_key_elsewhere, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="petitionsearchtext",
            name="received_on",
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name="petitionsearchtext",
            name="number",
            field=models.CharField(editable=False, max_length=16),
        ),
    ]
