"""Once created the role groups and granted this app's permissions.

Both now happen after every migrate: organization.roles.sync_role_permissions,
from each app's declaration in <app>/roles.py. Kept as a no-op so that the
migration graph of existing databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
