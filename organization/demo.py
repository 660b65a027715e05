"""Demo organisation: a mining group with six units, their sections and teams."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Leadership, Unit, User
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

# Each unit's 承办人 and 分管领导, and its 主要领导 (*_chief) where `leader` is not
# already it; the office's own handler and leader sign off the cases it accepts itself.
UNIT_ACCOUNTS = [
    ("zz_handler", Role.HANDLER, "孙立军", "信访办主任", "ZZ"),
    ("zz_leader", Role.LEADER, "周宏伟", "副矿长", "ZZ"),
    ("yl_handler", Role.HANDLER, "吴海燕", "信访办主任", "YL"),
    ("yl_leader", Role.LEADER, "郑国栋", "党委副书记", "YL"),
    ("yl_chief", Role.LEADER, "冯志刚", "矿长", "YL"),
    ("ty_handler", Role.HANDLER, "何春生", "信访专干", "TY"),
    ("ty_leader", Role.LEADER, "曹文斌", "副矿长", "TY"),
    ("ty_chief", Role.LEADER, "蒋卫东", "矿长", "TY"),
    ("xm_handler", Role.HANDLER, "邓丽萍", "信访专干", "XM"),
    ("xm_leader", Role.LEADER, "许明亮", "副厂长", "XM"),
    ("xm_chief", Role.LEADER, "韩振华", "厂长", "XM"),
    ("jd_handler", Role.HANDLER, "杜永刚", "信访专干", "JD"),
    ("jd_leader", Role.LEADER, "彭建平", "党委副书记", "JD"),
    ("jd_chief", Role.LEADER, "袁成林", "厂长", "JD"),
    ("wy_handler", Role.HANDLER, "潘秀英", "信访专干", "WY"),
    ("wy_leader", Role.LEADER, "钱国强", "副处长", "WY"),
    ("wy_chief", Role.LEADER, "谢宝山", "处长", "WY"),
    ("xfb_handler", Role.HANDLER, "马晓东", "信访办科员", "JH-XFB"),
    ("xfb_leader", Role.LEADER, "黄立新", "信访办副主任", "JH-XFB"),
]
# The titles of a unit's main leader (主要领导).
MAIN_LEADER_TITLES = ("矿长", "厂长", "处长")


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
