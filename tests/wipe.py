"""Empty every table the demo writes, keeping what migrate created (categories, role
groups, permissions, content types): a test that loads the demo twice starts clean,
whatever apps the demo grows into."""

from django.apps import apps
from django.db import connection

# Rows migrate creates; every other table the demo (or a test) fills.
KEPT = {
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "petitions.Category",
}


def wipe_all_but_migrated_data() -> None:
    tables = sorted(
        connection.ops.quote_name(model._meta.db_table)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and model._meta.label not in KEPT
    )
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit: settle them before truncating.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
