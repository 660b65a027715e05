"""Seed the category tree, grant the petition permissions to the roles, and add
the PostgreSQL index behind keyword search (petitions/search.py)."""

from django.db import migrations

from organization.roles import grant_role_permissions
from petitions.migrations_support import RunOnPostgres

# DESIGN.md §2; children where offices commonly split a category.
CATEGORIES = [
    ("劳动和社会保障", ["社会保险", "劳动关系", "工伤与职业病", "退休待遇"]),
    ("工资待遇", []),
    ("改革改制", ["企业改制", "人员分流安置"]),
    ("土地征用", []),
    ("拆迁改造", ["采煤塌陷区治理", "棚户区改造"]),
    ("干部作风", []),
    ("涉法涉诉", []),
    ("环境保护", []),
    ("安全生产", []),
    ("医患纠纷", []),
    ("住房与物业", []),
    ("其他", []),
]

PERMISSIONS = {
    "clerk": ["petitions.register_petition", "petitions.route_petition"],
    "handler": ["petitions.handle_petition"],
    "leader": ["petitions.sign_off_petition"],
    "office": [
        "petitions.register_petition",
        "petitions.route_petition",
        "petitions.supervise_petition",
        "petitions.review_petition",
        "petitions.view_identity",
    ],
    "admin": [
        "petitions.add_category",
        "petitions.change_category",
        "petitions.view_category",
        "petitions.add_holiday",
        "petitions.change_holiday",
        "petitions.delete_holiday",
        "petitions.view_holiday",
        "petitions.view_petition",
        "petitions.view_identityaccesslog",
    ],
}


def _path(*steps):
    # treebeard's materialised path: 4 base-36 digits per level.
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def base36(number):
        return "".join(digits[(number // 36**power) % 36] for power in (3, 2, 1, 0))

    return "".join(base36(step) for step in steps)


def seed_categories(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for root_number, (name, children) in enumerate(CATEGORIES, start=1):
        Category.objects.create(name=name, path=_path(root_number), depth=1, numchild=len(children))
        for child_number, child in enumerate(children, start=1):
            Category.objects.create(
                name=child, path=_path(root_number, child_number), depth=2, numchild=0
            )


def grant(apps, schema_editor):
    grant_role_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("organization", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
        RunOnPostgres(
            "CREATE INDEX petition_search_ngram ON petitions_petition "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_document, '')))",
            "DROP INDEX petition_search_ngram",
        ),
    ]
