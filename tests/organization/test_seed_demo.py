import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from organization.models import Unit, User
from organization.roles import Role
from tests.factories import sign_in_request
from tests.wipe import wipe_all_but_migrated_data

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
        user = authenticate(sign_in_request(), username=role.value, password="demo12345")
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
    wipe_all_but_migrated_data()

    call_command("seed_demo", "--petitions", "0", "--seed", "7")
    assert snapshot() == first


PUBLISHED_ACCOUNTS = {
    # username: (full name, title, unit code, role)
    "clerk": ("王敏", "信访员", "JH", Role.CLERK),
    "handler": ("李强", "信访专干", "ZZ", Role.HANDLER),
    "leader": ("张建国", "矿长", "ZZ", Role.LEADER),
    "office": ("刘芳", "信访办主任", "JH-XFB", Role.OFFICE),
    "inspector": ("陈刚", "纪检监察员", "JH-JW", Role.INSPECTOR),
    "admin": ("系统管理员", "管理员", "JH", Role.ADMIN),
}


def test_seed_demo_keeps_the_published_accounts(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--petitions", "0")
    for username, (full_name, title, unit_code, role) in PUBLISHED_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert (user.full_name, user.title, user.unit.code) == (full_name, title, unit_code)
        assert user.roles == {role}


def test_seed_demo_gives_every_unit_a_handler_a_leader_and_its_main_leader(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--petitions", "0")
    output = capsys.readouterr().out

    for unit in Unit.objects.filter(kind=Unit.Kind.UNIT):
        members = User.objects.filter(unit=unit)
        handlers = [user for user in members if user.has_role(Role.HANDLER)]
        leaders = [user for user in members if user.has_role(Role.LEADER)]
        assert handlers, unit
        assert len(leaders) >= 2, unit
        main = [user for user in leaders if user.title in ("矿长", "厂长", "处长")]
        assert len(main) == 1, unit
        for user in [*handlers, *leaders]:
            assert user.full_name
            assert user.title
            assert (
                authenticate(sign_in_request(), username=user.username, password="demo12345")
                == user
            )
            assert user.username in output
    assert User.objects.get(username="yl_chief").title == "矿长"
    assert User.objects.get(username="wy_chief").title == "处长"
