"""Operations shared by this app's migrations (a leading underscore: not a migration)."""

from django.db import migrations


class RunOnPostgres(migrations.RunSQL):
    """SQL only PostgreSQL understands (e.g. n-gram GIN indexes); skipped elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
