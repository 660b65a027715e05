"""Demo organisation: a mining group with six units, their sections and teams."""

from django.contrib.auth.models import Group

from .models import Unit, User
from .roles import Role

GROUP = ("JH", "江淮矿业集团有限公司")
DEPARTMENTS = [
    ("JH-XFB", "集团公司信访办公室"),
    ("JH-JW", "集团公司纪委（监察部）"),
    ("JH-RL", "集团公司人力资源部"),
]
UNITS = [
    ("ZZ", "朱庄煤矿", ["综采一区", "综采二区", "掘进一区", "机电科", "通风区"]),
    ("YL", "杨柳煤矿", ["综采区", "掘进区", "运输区", "机电科"]),
    ("TY", "桃园煤矿", ["综采区", "掘进区", "安监科"]),
    ("XM", "选煤厂", ["生产车间", "检修车间", "销售科"]),
    ("JD", "机电总厂", ["修理车间", "制造车间", "供应科"]),
    ("WY", "物业管理处", ["工人村社区", "相山社区", "供暖站"]),
]
TEAMS = ["甲班", "乙班", "丙班"]

# username, role, full name, job title, unit code
ACCOUNTS = [
    ("clerk", Role.CLERK, "王敏", "信访员", "JH"),
    ("handler", Role.HANDLER, "李强", "信访专干", "ZZ"),
    ("leader", Role.LEADER, "张建国", "矿长", "ZZ"),
    ("office", Role.OFFICE, "刘芳", "信访办主任", "JH-XFB"),
    ("inspector", Role.INSPECTOR, "陈刚", "纪检监察员", "JH-JW"),
    ("admin", Role.ADMIN, "系统管理员", "管理员", "JH"),
]


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
    for username, role, full_name, title, unit_code in ACCOUNTS:
        user = User.objects.create_user(
            username=username,
            password=context.password,
            full_name=full_name,
            title=title,
            unit=units[unit_code],
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.groups.add(groups[role])
        context.accounts.append((username, str(role.label), units[unit_code].name))
