"""Seed the category tree and add the PostgreSQL index behind keyword search
(petitions/search.py). The roles' petition permissions, once granted here, are
declared in petitions/roles.py and synced after every migrate."""

from django.db import migrations

from ._operations import RunOnPostgres

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


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("organization", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        RunOnPostgres(
            "CREATE INDEX petition_search_ngram ON petitions_petition "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_document, '')))",
            "DROP INDEX petition_search_ngram",
        ),
    ]
