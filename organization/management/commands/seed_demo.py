import random
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from organization.models import Unit

DEMO_PASSWORD = "demo12345"


@dataclass
class DemoContext:
    """What every app's `demo.seed(context)` receives."""

    rng: random.Random
    options: dict
    password: str = DEMO_PASSWORD
    # username, role, where (unit, title and name)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic demo data: units, one user per role "
        "(password demo12345) and the demo content of every app."
    )

    def add_arguments(self, parser):
        parser.add_argument("--petitions", type=int, default=200, help="number of demo petitions")
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed (same seed, same data)"
        )
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the database already has data"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a published password and refuses to run with "
                "DEBUG off. Use --force if this really is a demonstration server."
            )
        if Unit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded; nothing to do.")
                return
            raise CommandError("The database already has units; seed_demo only fills an empty one.")

        context = DemoContext(rng=random.Random(options["seed"]), options=options)
        with transaction.atomic():
            # INSTALLED_APPS order follows the dependency order of the apps.
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    import_module(f"{app_config.name}.demo").seed(context)

        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Accounts (password: {context.password}):")
        width = max((len(username) for username, _role, _unit in context.accounts), default=0)
        for username, role, unit in context.accounts:
            self.stdout.write(f"  {username:<{width}}  {role:<6} {unit}")
        for note in context.notes:
            self.stdout.write(note)
