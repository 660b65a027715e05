"""The access generation (organization.grants): a table of one row, a sequence its
numbers come from, and the triggers that move it whenever what decides a user's access
changes. Statement-level, so bulk updates, the admin, raw SQL and migrations all move
it; the row is written in the changing transaction, so others see the new number only
with the change. PostgreSQL only: on other databases there is no row and nothing is kept.
"""

from django.db import migrations, models

# table -> the events that change access (an UPDATE OF columns where the table also
# changes for other reasons: a user's last login, a unit's child count).
WATCHED = {
    "organization_user": "INSERT OR DELETE OR UPDATE OF unit_id, is_active, is_superuser",
    "organization_user_groups": "INSERT OR DELETE OR UPDATE",
    "organization_user_user_permissions": "INSERT OR DELETE OR UPDATE",
    "organization_unit": "INSERT OR DELETE OR UPDATE OF path",
    "auth_group": "INSERT OR DELETE OR UPDATE",
    "auth_group_permissions": "INSERT OR DELETE OR UPDATE",
    "auth_permission": "INSERT OR DELETE OR UPDATE",
    "django_content_type": "INSERT OR DELETE OR UPDATE",
}

FUNCTION = """
CREATE SEQUENCE organization_access_generation_seq;
CREATE FUNCTION organization_move_access_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A number never handed out before, even after the table was emptied.
    INSERT INTO organization_accessgeneration (id, value)
    VALUES (1, nextval('organization_access_generation_seq'))
    ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END
$$;
"""


def trigger_name(table: str) -> str:
    return f"{table}_moves_access_generation"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table, events in WATCHED.items():
        for kind in (events, "TRUNCATE"):
            suffix = "_truncate" if kind == "TRUNCATE" else ""
            schema_editor.execute(
                f"CREATE TRIGGER {trigger_name(table)}{suffix} AFTER {kind} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION organization_move_access_generation()"
            )
    schema_editor.execute(
        "INSERT INTO organization_accessgeneration (id, value) "
        "VALUES (1, nextval('organization_access_generation_seq'))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in WATCHED:
        schema_editor.execute(f"DROP TRIGGER {trigger_name(table)} ON {table}")
        schema_editor.execute(f"DROP TRIGGER {trigger_name(table)}_truncate ON {table}")
    schema_editor.execute("DROP FUNCTION organization_move_access_generation()")
    schema_editor.execute("DROP SEQUENCE organization_access_generation_seq")


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0007_drop_duplicate_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField()),
            ],
            options={"verbose_name": "access generation"},
        ),
        migrations.RunPython(create, drop),
    ]
