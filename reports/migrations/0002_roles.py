"""Once granted this app's permissions to the roles; now declared in reports/roles.py
and synced after every migrate (organization.roles.sync_role_permissions). Kept
as a no-op so that the migration graph of existing databases is unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("organization", "0002_roles")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
