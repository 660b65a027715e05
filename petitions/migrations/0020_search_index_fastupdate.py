from django.db import migrations


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    """The search indexes without a pending list: a search never scans entries
    not yet merged into the index (registrations are few; searches are many)."""

    dependencies = [("petitions", "0019_list_sort_keys")]

    operations = [
        migrations.RunPython(
            _on_postgresql(
                "ALTER INDEX petition_search_vector SET (fastupdate = off); "
                "ALTER INDEX petition_people_vector SET (fastupdate = off)"
            ),
            _on_postgresql(
                "ALTER INDEX petition_search_vector RESET (fastupdate); "
                "ALTER INDEX petition_people_vector RESET (fastupdate)"
            ),
        )
    ]
