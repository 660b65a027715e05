"""Demo rows of the registers: three stability assessments (one signed and implemented,
one signed and postponed, one draft), the key persons the petitions make, and backlog
plans for a few open cases (one past its deadline, one closed out)."""

from datetime import timedelta

from django.utils import timezone

from organization.models import Unit, User
from organization.roles import Role
from petitions.models import Petition
from risk import registers_services as services

ASSESSMENTS = [
    ("restructuring", "机修厂改制为有限责任公司", "implement", "medium", True),
    ("relocation", "棚户区二期搬迁安置方案", "postpone", "high", False),
    ("pay", "井下一线岗位薪酬调整方案", "implement", "low", None),
]


def seed(context):
    if context.options.get("petitions", 200) <= 0:
        return
    today = timezone.localdate()
    office = User.objects.get(username="office")
    leaders = list(User.objects.filter(groups__name=Role.LEADER).select_related("unit"))
    units = list(Unit.objects.filter(depth=2).order_by("path")) or list(Unit.objects.all())
    for index, (kind, title, conclusion, level, implemented) in enumerate(ASSESSMENTS):
        unit = units[index % len(units)]
        data = {
            "unit": unit,
            "kind": kind,
            "title": title,
            "description": f"{unit.name}拟实施{title}。",
            "planned_on": today + timedelta(days=30 * (index + 1)),
            "legality": "符合国家和省有关政策规定，履行了职代会程序。",
            "rationality": "兼顾了职工、企业和社会利益，补偿标准不低于周边同类项目。",
            "feasibility": "资金已落实，实施步骤明确，时机基本成熟。",
            "safety": "部分职工对补偿有异议，存在集体上访风险，已制定预案。",
            "level": level,
            "measures": "成立工作专班，逐户走访宣讲政策，设立咨询窗口。",
            "conclusion": conclusion if implemented is not None else "",
        }
        opinions = [
            {
                "source": source,
                "who": who,
                "given_on": today - timedelta(days=10 - i),
                "text": text,
            }
            for i, (source, who, text) in enumerate(
                [
                    ("petition", "集团信访办", "做好政策解释，防止矛盾上交。"),
                    ("legal", "法律事务部", "程序合法，合同条款已审核。"),
                    ("public", "职工代表座谈会", "希望提高补偿标准，妥善安置。"),
                ]
            )
        ]
        assessment = services.assessment_save(
            assessment=None, data=data, opinions=opinions, by=office
        )
        if implemented is not None:
            assessment = services.assessment_sign(assessment=assessment, by=office)
        if implemented:
            services.assessment_mark_implemented(assessment=assessment, on=today, by=office)
    flagged = services.key_persons_evaluate(today=today)
    for person in flagged[:3]:
        unit_leaders = [u for u in leaders if person.unit and u.unit_id == person.unit_id]
        services.key_person_update(
            person=person,
            by=office,
            owning_leader=(unit_leaders or leaders)[0] if leaders else None,
            responsible_people="工会主席、区队长",
        )
        services.key_person_note_add(
            person=person,
            kind="visit",
            on=today,
            text="上门走访，了解诉求，情绪基本稳定。",
            by=office,
        )
    cases = list(
        Petition.objects.open()
        .filter(responsible_unit__isnull=False)
        .select_related("responsible_unit")
        .order_by("received_on")[:4]
    )
    plans = 0
    for index, case in enumerate(cases):
        leader = next((u for u in leaders if u.unit_id == case.responsible_unit_id), None)
        if leader is None and leaders:
            leader = leaders[0]
        if leader is None:
            break
        plan = services.backlog_plan_save(
            petition=case,
            causes="历史遗留问题，政策依据不足，信访人诉求偏高。",
            measures="包案领导每月接谈一次；协调人社部门核实工龄；依法依规答复。",
            owning_leader=leader,
            deadline=today + timedelta(days=(-5 if index == 0 else 30 * index)),
            by=office,
        )
        if index == 3:
            services.backlog_close(
                plan=plan,
                closed_on=today,
                basis="信访人签字息诉罢访。",
                approved_by="集团信访办主任",
                by=office,
            )
        plans += 1
    context.notes.append(
        f"Risk registers: {len(ASSESSMENTS)} assessments, {len(flagged)} key persons, "
        f"{plans} backlog plans."
    )
