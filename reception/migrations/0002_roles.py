"""Once granted this app's permissions to the roles; now declared in reception/roles.py
and synced after every migrate (organization.roles.sync_role_permissions). Kept
as a no-op so that the migration graph of existing databases is unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0001_initial"),
        ("organization", "0003_user_leadership_notifications_sensitive_period"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
