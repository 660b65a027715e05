import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from organization.models import Unit, User
from organization.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert not Unit.objects.exists()


def test_seed_demo_creates_the_group_tree_and_one_user_per_role(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--petitions", "0")

    root = Unit.objects.get_root_nodes().get()
    assert root.kind == Unit.Kind.GROUP
    assert Unit.objects.get_children(root).filter(kind=Unit.Kind.UNIT).count() == 6
    assert Unit.objects.filter(kind=Unit.Kind.SECTION).count() >= 6
    for role in Role:
        user = authenticate(username=role.value, password="demo12345")
        assert user is not None, role
        assert user.has_role(role)
    output = capsys.readouterr().out
    assert "demo12345" in output
    assert "clerk" in output


def test_seed_demo_only_fills_an_empty_database(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--petitions", "0")
    users = User.objects.count()

    call_command("seed_demo", "--if-empty")  # make run: silently keeps the data
    with pytest.raises(CommandError, match="already has units"):
        call_command("seed_demo")
    assert User.objects.count() == users


def snapshot():
    return (
        list(Unit.objects.order_by("path").values_list("code", "name", "kind", "path")),
        list(User.objects.order_by("username").values_list("username", "full_name", "unit__code")),
    )


def test_seed_demo_is_deterministic(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--petitions", "0", "--seed", "7")
    first = snapshot()
    User.objects.all().delete()
    Unit.objects.all().delete()

    call_command("seed_demo", "--petitions", "0", "--seed", "7")
    assert snapshot() == first
