from django.db import migrations

from organization.roles import grant_role_permissions

PERMISSIONS = {
    "office": ["reports.publish_monthlynotice", "reports.view_monthlynotice"],
    "admin": ["reports.view_monthlynotice"],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("organization", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
