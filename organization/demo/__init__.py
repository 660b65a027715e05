"""Demo organisation: a mining group with six units, their sections and teams."""

import json
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from ..models import Leadership, Unit, User
from ..roles import Role

# The group, its departments and units with their sections, and the demo accounts
# (username, role, full name, job title, unit code): organization.json beside this
# module. Each unit has its 承办人 and 分管领导, and its 主要领导 (*_chief) where
# `leader` is not already it; the office's own handler and leader sign off the cases
# it accepts itself.
with (Path(__file__).resolve().parent / "organization.json").open(encoding="utf-8") as _file:
    _data = json.load(_file)
GROUP = tuple(_data["GROUP"])
DEPARTMENTS = [tuple(department) for department in _data["DEPARTMENTS"]]
UNITS = [(code, name, sections) for code, name, sections in _data["UNITS"]]
TEAMS = _data["TEAMS"]
ACCOUNTS = [(user, Role(role), *rest) for user, role, *rest in _data["ACCOUNTS"]]
UNIT_ACCOUNTS = [(user, Role(role), *rest) for user, role, *rest in _data["UNIT_ACCOUNTS"]]
# The titles of a unit's main leader (主要领导).
MAIN_LEADER_TITLES = tuple(_data["MAIN_LEADER_TITLES"])


def leadership_of(role: Role, title: str) -> str:
    """Unit leaders are in their unit's leadership (领导班子), for the reception duty rule."""
    if role != Role.LEADER:
        return ""
    return Leadership.MAIN if title in MAIN_LEADER_TITLES else Leadership.MEMBER


def add_child(parent: Unit, **fields) -> Unit:
    return Unit.objects.add_child(parent, fields)


def build_units() -> dict[str, Unit]:
    units = {}
    root = Unit.objects.add_root({"code": GROUP[0], "name": GROUP[1], "kind": Unit.Kind.GROUP})
    units[root.code] = root
    for code, name in DEPARTMENTS:
        units[code] = add_child(root, code=code, name=name, kind=Unit.Kind.DEPARTMENT)
    for code, name, sections in UNITS:
        unit = add_child(root, code=code, name=name, kind=Unit.Kind.UNIT)
        units[code] = unit
        for number, section_name in enumerate(sections, start=1):
            section = add_child(
                unit, code=f"{code}-{number:02d}", name=section_name, kind=Unit.Kind.SECTION
            )
            units[section.code] = section
            if section_name.startswith(("综采", "掘进")):
                for team_number, team in enumerate(TEAMS, start=1):
                    add_child(
                        section,
                        code=f"{section.code}-{team_number}",
                        name=f"{section_name}{team}",
                        kind=Unit.Kind.TEAM,
                    )
    return units


def seed(context):
    units = build_units()
    groups = {group.name: group for group in Group.objects.all()}
    # Every demo account has the same published password: hash it once, not per user
    # (a deliberately slow hash, ~0.3 s each).
    password = make_password(context.password)
    for username, role, full_name, title, unit_code in ACCOUNTS + UNIT_ACCOUNTS:
        user = User.objects.create(
            username=username,
            password=password,
            full_name=full_name,
            title=title,
            unit=units[unit_code],
            leadership=leadership_of(role, title),
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.groups.add(groups[role])
        context.accounts.append(
            (username, str(role.label), f"{units[unit_code].name} {title} {full_name}")
        )
