"""What the demo petitions are about: the matters a mining group's petition office
sees (seeds/000, 004: 工资待遇, 改革改制, 采煤塌陷区, 工人村, 信访老户, 越级访 …),
written as a clerk summarises them, with the handling reports and replies they get.

Placeholders filled per petition: {unit} {section} {month} {months} {amount}
{village} {building}. Summaries stay within 40 characters once filled.
"""

from dataclasses import dataclass

from .models import Nature, Opinion, RedirectRoute, RejectionReason

MINES = ("ZZ", "YL", "TY")
PRODUCTION = ("ZZ", "YL", "TY", "XM", "JD")
ALL_UNITS = ("ZZ", "YL", "TY", "XM", "JD", "WY")


@dataclass(frozen=True)
class Outcome:
    opinion: str
    report: str  # 办结报告
    text: str  # 处理意见书: facts and reasons
    basis: str  # 依据


@dataclass(frozen=True)
class Matter:
    key: str
    category: str
    nature: str
    units: tuple[str, ...]
    relations: tuple[str, ...]
    summary: str
    content: str
    outcomes: tuple[Outcome, ...] = ()
    handle: bool = True  # can be assigned to a unit and handled
    office: bool = False  # a group-level matter the office may accept itself
    collective: bool = False  # people come about it in groups
    recurring: bool = False  # the kind of matter 信访老户 come back with
    transfer: tuple[str, str] | None = None  # organ, note
    redirect: tuple[str, str] | None = None  # route, note
    reject: tuple[str, str] | None = None  # reason, note
    weight: int = 2
    months: tuple[int, ...] = ()  # the months it comes in (seasonal matters); () = any
    sex: str = ""  # "male" or "female" where the content says so (underground work, a widow)
    born: tuple[int, int] | None = None  # years of birth the content implies


MATTERS = [
    Matter(
        key="wage_arrears",
        category="工资待遇",
        nature=Nature.APPEAL,
        units=PRODUCTION,
        relations=("employee",),
        summary="反映{section}拖欠{months}个月绩效工资",
        content=(
            "{section}自{month}月起绩效工资未按月足额发放，人均少发约{amount}元。"
            "曾多次向区队负责人反映，至今未得到答复。请求尽快补发，并公开绩效考核结果。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查，{section}自{month}月起调整产量考核办法，绩效工资核算滞后，"
                "反映情况属实。已责成劳资科会同{section}完成核算。",
                "经核实，你反映的{section}绩效工资延迟发放问题属实。{unit}已责成劳资部门"
                "于本月底前将少发部分一次性补发到位，并在区队公示栏公开考核结果。",
                "《工资支付暂行规定》第七条、第十八条；{unit}绩效工资考核办法",
            ),
            Outcome(
                Opinion.EXPLAIN,
                "经查，{section}绩效工资按月考核发放，{month}月后的差额系安全质量考核扣减，"
                "考核结果已在区队公示，不存在拖欠。",
                "经核实，{section}未拖欠你的工资，差额系安全质量标准化考核扣减，考核依据已公示。"
                "对考核结果有异议的，可向{unit}劳资科书面申请复核。",
                "《工资支付暂行规定》第十五条；{unit}安全质量标准化考核细则",
            ),
        ),
        collective=True,
        redirect=(
            RedirectRoute.ARBITRATION,
            "属劳动报酬争议，已告知信访人依法向淮北市劳动人事争议仲裁委员会申请仲裁。",
        ),
        weight=4,
    ),
    Matter(
        key="underground_allowance",
        category="工资待遇",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("employee",),
        summary="要求提高井下一线职工入井津贴标准",
        sex="male",
        content=(
            "井下一线职工劳动强度大，现行入井津贴标准多年未调整，低于周边同类矿井水平。"
            "请求集团公司研究提高入井津贴标准。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经了解，入井津贴标准由集团公司统一制定，今年已随岗位工资同步调整一次。",
                "入井津贴标准由集团公司统一制定，今年已随岗位工资同步上调。"
                "你提出的意见已转集团公司人力资源部，在下一轮薪酬调整时统筹研究。",
                "集团公司岗位工资及津贴管理办法",
            ),
        ),
        office=True,
        collective=True,
    ),
    Matter(
        key="pay_transparency",
        category="工资待遇",
        nature=Nature.SUGGESTION,
        units=PRODUCTION,
        relations=("employee",),
        summary="建议{section}工资二次分配结果按月公开",
        content=(
            "{section}工资二次分配由区队自行掌握，职工不清楚分配依据，容易产生误解。"
            "建议每月在区队公示栏公开分配办法和结果。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经研究，建议合理可行。{unit}已下发通知，要求各区队每月公开二次分配结果。",
                "你提出的建议合理，{unit}已采纳，自下月起各区队每月在公示栏公开工资二次分配"
                "办法和结果，接受职工监督。",
                "{unit}厂务公开实施细则",
            ),
        ),
        weight=2,
    ),
    Matter(
        key="pension_contribution",
        category="社会保险",
        nature=Nature.APPEAL,
        units=PRODUCTION,
        relations=("employee", "retired"),
        summary="反映单位未按实际工资基数缴纳养老保险",
        content=(
            "本人在{unit}工作多年，查询个人权益记录发现单位申报的缴费基数明显低于实际工资。"
            "请求按实际工资补缴养老保险。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经与社保部门核对，{unit}按上年度月平均工资申报缴费基数，符合规定。",
                "经核实，{unit}按你上年度月平均工资申报缴费基数，符合社会保险缴费基数申报规定，"
                "不存在少缴。个人权益记录中的基数为申报年度数据。",
                "《中华人民共和国社会保险法》第十二条；安徽省社会保险缴费基数核定办法",
            ),
            Outcome(
                Opinion.SUPPORT,
                "经核查，{unit}在{month}月前有两个年度漏报部分津贴，缴费基数偏低，情况属实。",
                "经核实，你反映的缴费基数偏低问题属实。{unit}已向社保经办机构申报补缴，"
                "补缴完成后将书面告知你。",
                "《中华人民共和国社会保险法》第十二条、第六十三条",
            ),
        ),
        transfer=("淮北市人力资源和社会保障局", "属社会保险征缴监督事项，转送市人社局依职责处理。"),
    ),
    Matter(
        key="silicosis",
        category="工伤与职业病",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("employee", "retired"),
        summary="申请尘肺病职业病诊断并落实工伤待遇",
        sex="male",
        born=(1955, 1975),
        content=(
            "本人在{unit}井下从事掘进工作二十余年，近年咳嗽气短，医院检查疑似尘肺病。"
            "向单位申请职业病诊断未获安排，请求尽快安排诊断并落实工伤待遇。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查，信访人接尘工龄属实，{unit}职防部门未及时办理诊断申请，已督促整改。",
                "经核实，你的接尘作业经历属实。{unit}已为你办理职业病诊断申请，"
                "安排至淮北市职业病防治院诊断；确诊后依法申报工伤认定并落实待遇。",
                "《中华人民共和国职业病防治法》第四十六条；《工伤保险条例》第十四条",
            ),
        ),
        recurring=True,
        transfer=("淮北市卫生健康委员会", "职业病诊断鉴定属卫生健康部门职责，转送依法处理。"),
    ),
    Matter(
        key="injury_recognition",
        category="工伤与职业病",
        nature=Nature.APPEAL,
        units=(*MINES, "XM", "JD"),
        relations=("employee", "family"),
        summary="反映井下受伤后工伤认定材料迟迟未报送",
        sex="male",
        content=(
            "{month}月在{section}作业时被片帮煤砸伤右腿，住院治疗一个多月。"
            "出院后多次找单位，工伤认定材料至今未报送人社部门，医疗费也未报销。"
            "请求尽快申报工伤认定。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经查，{section}安监员调岗，工伤申报材料交接遗漏，反映情况属实。",
                "经核实，你反映的问题属实。{unit}已于近日向人社部门报送工伤认定申请，"
                "住院期间医疗费按规定先行垫付，对相关责任人已作出批评教育。",
                "《工伤保险条例》第十七条",
            ),
        ),
        redirect=(
            RedirectRoute.RECONSIDERATION,
            "信访人对人社部门不予认定工伤的决定不服，属行政复议范围，已告知依法申请复议。",
        ),
    ),
    Matter(
        key="service_years",
        category="退休待遇",
        nature=Nature.APPEAL,
        units=ALL_UNITS,
        relations=("retired",),
        summary="反映退休时连续工龄核定有误，要求重新核定",
        born=(1956, 1962),
        content=(
            "本人1978年参加工作，在{unit}退休时档案中有三年亦工亦农经历未计入连续工龄，"
            "导致养老金偏低。多次反映未果，请求重新核定工龄并补发养老金。"
        ),
        outcomes=(
            Outcome(
                Opinion.REJECT,
                "经调阅人事档案，信访人亦工亦农期间无招工审批手续，不符合计算连续工龄条件。",
                "经调阅你的人事档案，1978年至1981年期间无招工审批及劳动合同手续，"
                "不符合计算连续工龄的规定，原工龄核定正确，你的请求不予支持。",
                "原劳动人事部《关于计算连续工龄的若干规定》；安徽省企业职工工龄认定办法",
            ),
            Outcome(
                Opinion.EXPLAIN,
                "经核查，工龄核定由社保经办机构依档案作出，{unit}已协助信访人查找补充材料。",
                "工龄核定由社会保险经办机构依据人事档案作出。{unit}已协助你查找当年招工材料，"
                "如能补充有效证明，可向社保经办机构申请重新核定。",
                "《中华人民共和国社会保险法》第八十三条",
            ),
        ),
        recurring=True,
        redirect=(
            RedirectRoute.ADMINISTRATIVE,
            "工龄认定属社会保险经办机构职责，已告知信访人向市社会保险经办机构申请复核。",
        ),
        weight=3,
    ),
    Matter(
        key="early_retirement",
        category="退休待遇",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("employee",),
        summary="要求按井下特殊工种办理提前退休",
        sex="male",
        born=(1968, 1976),
        content=(
            "本人在{section}从事井下采掘工作累计十年以上，年满五十周岁，"
            "申请按特殊工种提前退休，单位以档案记载不全为由未予上报。请求予以办理。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经核查，信访人井下工作年限为九年零七个月，尚不满足特殊工种十年条件。",
                "经核实，你的井下特殊工种累计年限为九年零七个月，尚不满足提前退休条件。"
                "满足条件后，{unit}将及时为你申报。",
                "原劳动部《关于制止和纠正违反国家规定办理企业职工提前退休有关问题的通知》",
            ),
        ),
    ),
    Matter(
        key="dismissal",
        category="劳动关系",
        nature=Nature.APPEAL,
        units=PRODUCTION,
        relations=("employee", "family"),
        summary="反映被解除劳动合同处理不当，要求恢复工作",
        content=(
            "本人因{month}月连续旷工被{unit}解除劳动合同，实因家中老人重病请假未获批准。"
            "认为处理过重，请求撤销解除决定、恢复工作。"
        ),
        outcomes=(
            Outcome(
                Opinion.REJECT,
                "经调查，信访人旷工事实清楚，解除程序经工会审议，符合规章制度。",
                "经核实，你未履行请假手续连续旷工十五日，事实清楚；{unit}解除劳动合同前已征求"
                "工会意见，程序合法。你的请求不予支持，如有异议可依法申请劳动仲裁。",
                "《中华人民共和国劳动合同法》第三十九条、第四十三条",
            ),
        ),
        redirect=(
            RedirectRoute.ARBITRATION,
            "属解除劳动合同争议，已告知信访人依法向劳动人事争议仲裁委员会申请仲裁。",
        ),
    ),
    Matter(
        key="dispatch_pay",
        category="劳动关系",
        nature=Nature.APPEAL,
        units=(*MINES, "XM"),
        relations=("employee",),
        summary="反映劳务派遣工与正式工同岗不同酬",
        sex="male",
        content=(
            "{section}劳务派遣工与正式职工在同一岗位工作，工资待遇相差近三成，"
            "且不享受班中餐补贴。请求落实同工同酬。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查，{section}派遣工班中餐补贴未落实属实，岗位工资差异系岗级不同所致。",
                "经核实，派遣工班中餐补贴未落实属实，{unit}已自本月起补发；岗位工资按岗级确定，"
                "同岗级人员执行同一标准。",
                "《中华人民共和国劳动合同法》第六十三条；《劳务派遣暂行规定》",
            ),
        ),
        collective=True,
        redirect=(
            RedirectRoute.ARBITRATION,
            "属劳动报酬争议，已告知信访人可向劳动人事争议仲裁委员会申请仲裁。",
        ),
    ),
    Matter(
        key="restructuring_compensation",
        category="企业改制",
        nature=Nature.APPEAL,
        units=("JD", "XM", "WY"),
        relations=("employee", "retired"),
        summary="反映改制时身份置换补偿金计算有误",
        born=(1965, 1978),
        content=(
            "2016年{unit}辅业改制时，本人身份置换补偿金按十八年工龄计算，"
            "实际工龄应为二十一年，少算约{amount}元。请求重新核算补发。"
        ),
        outcomes=(
            Outcome(
                Opinion.REJECT,
                "经调阅改制档案，补偿金按改制方案确定的截止日工龄计算，信访人已签字确认。",
                "经调阅改制档案，你的补偿金按改制方案规定的工龄截止日计算，计算无误，"
                "且经本人签字确认。你的请求不予支持。",
                "集团公司辅业改制实施方案及职工安置办法",
            ),
        ),
        office=True,
        recurring=True,
        collective=True,
    ),
    Matter(
        key="redeployment",
        category="人员分流安置",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("employee",),
        summary="反映去产能分流后安置岗位不合理",
        content=(
            "{unit}压减产能后，{section}部分职工被分流至外地项目部，家庭困难无法前往，"
            "单位未征求个人意见。请求就近安置。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查，分流方案未充分征求职工意见属实，已重新摸底困难职工情况。",
                "经研究，{unit}对家庭确有困难的职工优先在本矿内部调剂岗位安置，"
                "名单经职代会联席会议审议后公示。",
                "集团公司化解过剩产能职工安置实施意见",
            ),
            Outcome(
                Opinion.EXPLAIN,
                "经查，分流方案经职代会审议通过，已按程序公示。",
                "分流安置方案经{unit}职代会审议通过并公示。你反映的家庭困难已登记，"
                "将在后续岗位调剂中统筹考虑。",
                "集团公司化解过剩产能职工安置实施意见",
            ),
        ),
        collective=True,
        weight=3,
    ),
    Matter(
        key="retreat_allowance",
        category="人员分流安置",
        nature=Nature.APPEAL,
        units=(*MINES, "JD"),
        relations=("retired", "employee"),
        summary="要求提高内部退养人员生活费标准",
        born=(1966, 1975),
        content=(
            "{unit}内部退养人员生活费按原岗位工资的百分之六十发放，多年未调整，"
            "难以维持家庭生活。请求参照退休人员调整生活费标准。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经了解，内退生活费标准由集团公司统一规定，今年已研究调整方案。",
                "内部退养人员生活费标准由集团公司统一规定。集团公司已研究调整方案，"
                "经职代会审议后执行，届时将统一公布。",
                "集团公司内部退养管理办法",
            ),
        ),
        office=True,
        collective=True,
        recurring=True,
    ),
    Matter(
        key="subsidence_house",
        category="采煤塌陷区治理",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("public", "family"),
        summary="反映采煤塌陷致{village}村民房屋开裂，要求搬迁",
        content=(
            "{unit}工作面回采后，{village}多户村民房屋墙体开裂、地面下沉，雨季积水严重。"
            "请求鉴定房屋损坏情况，尽快纳入塌陷区搬迁计划。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经现场勘查，{village}部分房屋受采动影响损坏属实，已委托有资质机构鉴定。",
                "经现场勘查，{village}部分房屋受采动影响损坏属实。{unit}已对受损房屋"
                "先行维修加固，并将该村列入年度塌陷区搬迁计划，按规定给予补偿。",
                "《安徽省采煤塌陷区治理管理办法》；淮北市采煤塌陷区居民搬迁安置办法",
            ),
        ),
        collective=True,
        recurring=True,
        transfer=("杜集区人民政府", "塌陷区村庄搬迁安置由属地政府组织实施，转送依职责处理。"),
        weight=4,
    ),
    Matter(
        key="resettlement_delay",
        category="采煤塌陷区治理",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("public",),
        summary="反映塌陷区搬迁安置房逾期未交付",
        content=(
            "{village}整村搬迁后，安置小区原定去年底交房，至今未交付，"
            "村民在外租房过渡费已停发。请求尽快交房并续发过渡费。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经了解，安置小区由属地政府建设，{unit}已按协议足额拨付搬迁资金。",
                "安置小区由属地政府组织建设，{unit}已按协议拨付搬迁资金。经协调，"
                "过渡费自本月起续发，交房时间由区政府另行公告。",
                "淮北市采煤塌陷区居民搬迁安置办法",
            ),
        ),
        collective=True,
        transfer=("濉溪县人民政府", "安置房建设由属地政府负责，转送县政府依职责处理。"),
    ),
    Matter(
        key="shantytown",
        category="棚户区改造",
        nature=Nature.APPEAL,
        units=("WY",),
        relations=("retired", "family", "employee"),
        summary="反映工人村棚户区改造补偿标准偏低",
        content=(
            "工人村{building}列入棚户区改造范围，评估补偿单价明显低于周边二手房价，"
            "住户难以购置安置房。请求提高补偿标准。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经查，评估单价由区征收部门委托评估机构确定，程序公开。",
                "补偿单价由相山区房屋征收部门依法委托评估机构确定，评估结果已公示。"
                "对评估结果有异议的，可在规定期限内申请复核评估。",
                "《国有土地上房屋征收与补偿条例》第十九条",
            ),
        ),
        collective=True,
        recurring=True,
        transfer=("相山区房屋征收管理办公室", "房屋征收补偿属区征收部门职责，转送依法处理。"),
    ),
    Matter(
        key="land_compensation",
        category="土地征用",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("public",),
        summary="反映矿井扩建征地补偿款未足额发放到户",
        content=(
            "{unit}风井扩建征用{village}耕地约四十亩，村民只领到部分青苗补偿，"
            "土地补偿款去向不明。请求公开补偿款发放情况。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经核查，{unit}已将征地补偿款全额拨付至镇政府专户，有拨付凭证。",
                "经核实，{unit}已按征地协议将补偿款全额拨付至镇政府专户。"
                "补偿款分配属村集体和镇政府职责，已协调镇政府向村民公开分配方案。",
                "《中华人民共和国土地管理法》第四十八条",
            ),
        ),
        collective=True,
        transfer=("濉溪县人民政府", "征地补偿款分配属属地政府职责，转送依法处理。"),
    ),
    Matter(
        key="bonus_withholding",
        category="干部作风",
        nature=Nature.ACCUSATION,
        units=PRODUCTION,
        relations=("employee",),
        summary="举报{section}负责人违规截留职工奖金",
        content=(
            "{section}负责人在发放{month}月安全奖时，以“备用金”名义截留部分奖金，"
            "未向职工公开去向。请求查处。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查，{section}截留安全奖约一万二千元用于区队招待，反映问题部分属实。",
                "经调查，你反映的问题部分属实。截留资金已全部退还职工，"
                "{unit}对{section}负责人给予诫勉谈话，并在全矿通报。",
                "《中国共产党纪律处分条例》；{unit}奖金分配管理办法",
            ),
            Outcome(
                Opinion.EXPLAIN,
                "经调查，所称“备用金”系经职工大会表决设立的困难互助金，账目公开。",
                "经调查，所称“备用金”系经区队职工大会表决设立的困难互助金，账目已公开，"
                "未发现截留私分问题。",
                "{unit}区队民主管理办法",
            ),
        ),
        redirect=(
            RedirectRoute.DISCIPLINE,
            "反映党员干部违纪问题，按规定移送集团公司纪委（监察部）依纪依规处理。",
        ),
        weight=3,
    ),
    Matter(
        key="hiring_bribe",
        category="干部作风",
        nature=Nature.ACCUSATION,
        units=PRODUCTION,
        relations=("family", "public"),
        summary="举报{unit}招工中有人收受好处费",
        content=(
            "{unit}今年招收井下辅助工时，有人以“保证录用”为名向应聘人员收取好处费，"
            "每人一至三万元不等。请求调查处理。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经调查，招工全过程由集团公司人力资源部组织，未发现收取好处费线索。",
                "经调查，本次招工由集团公司统一组织考试录用，结果已公示，"
                "未发现收取好处费问题。如掌握具体线索，可继续向纪检部门提供。",
                "集团公司招聘管理办法",
            ),
        ),
        redirect=(
            RedirectRoute.DISCIPLINE,
            "反映问题涉及违纪违法线索，移送集团公司纪委（监察部）依纪依规处理。",
        ),
    ),
    Matter(
        key="rude_cadre",
        category="干部作风",
        nature=Nature.ACCUSATION,
        units=ALL_UNITS,
        relations=("employee", "family"),
        summary="反映{section}管理人员工作作风粗暴",
        content=(
            "{section}个别管理人员在班前会上多次辱骂职工，对提意见的职工安排最苦最累的活。"
            "请求调查并严肃处理。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查走访职工，反映的工作方法简单粗暴问题属实。",
                "经调查，你反映的问题属实。{unit}已对相关管理人员进行批评教育，"
                "责令其作出书面检查，并建立班前会职工评议制度。",
                "{unit}管理人员行为规范",
            ),
        ),
    ),
    Matter(
        key="court_judgment",
        category="涉法涉诉",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("family",),
        summary="对工亡赔偿民事判决不服，要求集团公司解决",
        sex="female",
        born=(1970, 1992),
        content=(
            "信访人丈夫在{unit}外包工程队作业时死亡，法院判决外包单位赔偿后未执行到位。"
            "请求集团公司先行支付赔偿款。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经了解，判决已生效，{unit}已协调外包单位制定分期履行计划。",
                "该事项已经人民法院生效判决确定责任主体。{unit}已协调外包单位制定分期履行计划，"
                "并督促其按期支付；逾期不履行的，可向法院申请强制执行。",
                "《中华人民共和国民事诉讼法》第二百四十七条",
            ),
        ),
        recurring=True,
        redirect=(
            RedirectRoute.LITIGATION,
            "属涉法涉诉事项，已告知信访人依法向人民法院申请强制执行或申请再审。",
        ),
        reject=(
            RejectionReason.OTHER,
            "该事项已经人民法院生效判决，属应通过诉讼程序解决的事项，不予受理，"
            "已告知信访人依法申请执行。",
        ),
    ),
    Matter(
        key="coal_slurry",
        category="环境保护",
        nature=Nature.APPEAL,
        units=("XM",),
        relations=("public",),
        summary="反映选煤厂煤泥水外溢污染周边农田",
        months=(5, 6, 7, 8, 9),
        content=(
            "连续降雨后，{unit}煤泥水沉淀池外溢，流入{village}农田，约二十亩小麦受损。"
            "请求治理污染并赔偿损失。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经现场核查，沉淀池溢流口堵塞导致外溢属实，已清淤并加高围堰。",
                "经核实，你反映的问题属实。{unit}已完成沉淀池清淤和围堰加高，"
                "受损农田经村委会确认面积后按产值给予赔偿。",
                "《中华人民共和国水污染防治法》第九十六条",
            ),
        ),
        collective=True,
        transfer=("淮北市生态环境局", "属环境污染监管事项，转送市生态环境局依法查处。"),
    ),
    Matter(
        key="coal_dust",
        category="环境保护",
        nature=Nature.APPEAL,
        units=(*MINES, "XM"),
        relations=("public", "family"),
        summary="反映储煤场扬尘影响周边居民生活",
        content=(
            "{unit}储煤场未全封闭，大风天气煤尘飘至{village}，居民无法晾晒衣物。请求采取防尘措施。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经查，储煤场东侧防风抑尘网破损，喷淋设施未按时开启，反映属实。",
                "经核实，你反映的问题属实。{unit}已修复防风抑尘网、增设喷淋设施，"
                "储煤场全封闭改造列入明年投资计划。",
                "《中华人民共和国大气污染防治法》第七十二条",
            ),
        ),
        collective=True,
        transfer=("淮北市生态环境局", "属大气污染防治监管事项，转送市生态环境局依法处理。"),
    ),
    Matter(
        key="unsafe_command",
        category="安全生产",
        nature=Nature.ACCUSATION,
        units=MINES,
        relations=("employee",),
        summary="举报{section}违章指挥、超能力组织生产",
        sex="male",
        content=(
            "{section}为完成月度产量，瓦斯监测数据接近上限时仍要求继续割煤，"
            "并要求职工不得向安监部门反映。请求查处。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经集团公司安监局联合调查，{section}存在违章指挥行为，反映问题属实。",
                "经调查，你反映的问题属实。{unit}已对{section}区长停职检查，"
                "对当班跟班队长给予经济处罚，并在全矿开展安全警示教育。",
                "《中华人民共和国安全生产法》第五十四条；《煤矿安全规程》",
            ),
            Outcome(
                Opinion.EXPLAIN,
                "经调取监测记录，该时段瓦斯浓度未超过规定值，未发现违章指挥。",
                "经调取安全监控系统记录，该时段瓦斯浓度均未超过规定值，未发现违章指挥行为。"
                "对安全隐患，可随时向矿安监处举报。",
                "《煤矿安全规程》第一百七十二条",
            ),
        ),
        weight=2,
    ),
    Matter(
        key="haulage_lighting",
        category="安全生产",
        nature=Nature.SUGGESTION,
        units=MINES,
        relations=("employee",),
        summary="建议改善井下运输大巷照明和行人设施",
        content=(
            "{unit}西翼运输大巷照明灯具损坏较多，行人道狭窄，职工上下班存在安全隐患。"
            "建议更换照明灯具、设置行人护栏。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经现场查看，建议合理，机电科已制定整改计划。",
                "你提出的建议合理，{unit}已安排机电科更换大巷照明灯具，并加设行人护栏，"
                "计划本季度内完成。",
                "《煤矿安全规程》",
            ),
        ),
        weight=2,
    ),
    Matter(
        key="hospital",
        category="医患纠纷",
        nature=Nature.APPEAL,
        units=ALL_UNITS,
        relations=("family", "retired"),
        summary="对矿区职工医院诊疗过程有异议，要求赔偿",
        born=(1960, 1990),
        content=(
            "信访人母亲在矿区职工医院住院期间病情加重，转院后诊断为延误治疗。"
            "认为医院存在过错，请求赔偿医疗费用。"
        ),
        outcomes=(
            Outcome(
                Opinion.EXPLAIN,
                "经了解，职工医院已移交地方管理，已协调医院与信访人沟通。",
                "矿区职工医院已移交地方管理。经协调，医院已与你当面沟通；"
                "对诊疗过程有争议的，可申请医疗损害鉴定或人民调解。",
                "《医疗纠纷预防和处理条例》第二十二条",
            ),
        ),
        transfer=("淮北市卫生健康委员会", "属医疗纠纷，转送市卫生健康委员会依法处理。"),
        redirect=(
            RedirectRoute.ADMINISTRATIVE,
            "属医疗纠纷，已告知信访人向淮北市医疗纠纷人民调解委员会申请调解或依法起诉。",
        ),
    ),
    Matter(
        key="heating",
        category="住房与物业",
        nature=Nature.APPEAL,
        units=("WY",),
        relations=("retired", "family", "employee"),
        summary="反映工人村{building}冬季供暖温度不达标",
        months=(11, 12, 1, 2, 3),
        content=(
            "入冬以来工人村{building}室内温度只有十二三度，老人孩子受冻，"
            "多次向供暖站报修无果。请求尽快解决。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经入户测温，{building}末端管网堵塞，室温低于标准属实，已组织维修。",
                "经入户测温，你反映的问题属实。供暖站已对{building}管网冲洗并加装循环泵，"
                "复测室温已达十八度以上；不达标期间的采暖费按规定退还。",
                "淮北市城市供热管理办法",
            ),
        ),
        collective=True,
        weight=3,
    ),
    Matter(
        key="roof_leak",
        category="住房与物业",
        nature=Nature.APPEAL,
        units=("WY",),
        relations=("retired", "family"),
        summary="反映工人村{building}楼顶漏水，物业久拖未修",
        content=(
            "工人村{building}楼顶防水层老化，雨天顶层住户屋内漏水，"
            "向物业报修半年未处理。请求尽快维修。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经查看，{building}屋面防水层老化属实，维修资金已落实。",
                "经核实，你反映的问题属实。{unit}已安排施工队对{building}屋面整体翻修，"
                "对物业报修超时未处理问题已通报批评。",
                "《物业管理条例》第三十五条",
            ),
        ),
    ),
    Matter(
        key="activity_room",
        category="住房与物业",
        nature=Nature.SUGGESTION,
        units=("WY",),
        relations=("retired",),
        summary="建议在工人村社区增设老年活动室",
        months=(9, 10, 11, 12, 1, 2),
        content=(
            "工人村退休职工多，缺少活动场所，冬季无处可去。"
            "建议利用闲置的原职工俱乐部改建老年活动室。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经研究，建议可行，原职工俱乐部改建已列入社区服务设施计划。",
                "你提出的建议很好，{unit}已将原职工俱乐部改建为老年活动室列入今年计划，"
                "预计年内投入使用。",
                "{unit}社区服务设施建设计划",
            ),
        ),
        weight=2,
    ),
    Matter(
        key="commuter_bus",
        category="其他",
        nature=Nature.SUGGESTION,
        units=MINES,
        relations=("employee",),
        summary="建议开通{unit}至市区职工通勤班车",
        content=(
            "{unit}距市区较远，职工上下班多骑电动车，夜班路上不安全。建议开通早中晚三班通勤班车。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经研究，已与公交公司协商开通定制班车。",
                "你提出的建议已采纳。{unit}已与市公交公司协商开通通勤定制班车，"
                "下月起按早中晚三班运行。",
                "集团公司职工生活服务管理办法",
            ),
            Outcome(
                Opinion.EXPLAIN,
                "经测算，班车运营成本较高，拟先行改善夜班道路照明。",
                "经测算，开通三班班车需投入较大，{unit}将先行改善夜班道路照明，"
                "并继续研究班车方案。",
                "集团公司职工生活服务管理办法",
            ),
        ),
        office=True,
        weight=2,
    ),
    Matter(
        key="survivor_allowance",
        category="社会保险",
        nature=Nature.APPEAL,
        units=MINES,
        relations=("family",),
        summary="反映工亡职工遗属生活困难补助未按时发放",
        sex="female",
        born=(1962, 1988),
        content=(
            "信访人丈夫原系{unit}职工，因工死亡。遗属生活困难补助自{month}月起停发，"
            "家中两位老人无收入。请求恢复发放。"
        ),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经查，停发系年度资格认证未及时办理，已补办认证并恢复发放。",
                "经核实，补助停发系年度资格认证未及时办理所致。{unit}已为你补办认证，"
                "停发期间的补助已一次性补发。",
                "《工伤保险条例》第三十九条；《因工死亡职工供养亲属范围规定》",
            ),
        ),
        recurring=True,
    ),
    Matter(
        key="collective_worker_identity",
        category="改革改制",
        nature=Nature.APPEAL,
        units=("JD", "WY", "XM"),
        relations=("retired", "family"),
        summary="要求认定大集体职工身份并补缴社会保险",
        born=(1952, 1966),
        content=(
            "信访人上世纪八十年代进入{unit}所属大集体企业工作，企业关停后未办理社会保险。"
            "请求认定大集体职工身份，由集团公司补缴养老保险。"
        ),
        outcomes=(
            Outcome(
                Opinion.REJECT,
                "经查，信访人所在集体企业系独立法人，与集团公司无劳动关系。",
                "经核实，你原工作的集体企业为独立核算的集体所有制企业，与集团公司不存在劳动关系，"
                "你的请求不予支持。可按政策以灵活就业人员身份参加养老保险。",
                "《城镇集体所有制企业条例》；安徽省厂办大集体改革实施意见",
            ),
        ),
        office=True,
        recurring=True,
        collective=True,
    ),
    Matter(
        key="canteen",
        category="其他",
        nature=Nature.SUGGESTION,
        units=MINES,
        relations=("employee",),
        summary="建议改善{unit}井口食堂班中餐质量",
        content=("{unit}井口食堂班中餐品种单一、分量不足，夜班职工吃不上热饭。建议改进。"),
        outcomes=(
            Outcome(
                Opinion.SUPPORT,
                "经调查，职工意见属实，食堂已调整供餐方案。",
                "你提出的建议已采纳。{unit}井口食堂已增加班中餐品种，夜班实行保温送餐，"
                "并设立职工意见箱。",
                "{unit}后勤服务管理办法",
            ),
        ),
        weight=2,
    ),
    Matter(
        key="neighbour_dispute",
        category="其他",
        nature=Nature.APPEAL,
        units=ALL_UNITS,
        relations=("public", "family"),
        summary="反映与邻居宅基地纠纷，要求协调解决",
        content="信访人与邻居因宅基地界址发生纠纷，邻居建房占用其院落约一米，要求协调解决。",
        handle=False,
        transfer=("相山区相南街道办事处", "属民间纠纷，转送所在街道办事处组织调解。"),
        reject=(
            RejectionReason.OUT_OF_SCOPE,
            "属公民之间的民间纠纷，不属本单位信访事项受理范围，已告知信访人向所在地"
            "人民调解委员会申请调解或依法起诉。",
        ),
        weight=1,
    ),
    Matter(
        key="party_discipline_appeal",
        category="干部作风",
        nature=Nature.APPEAL,
        units=PRODUCTION,
        relations=("employee",),
        summary="对受到的党纪处分不服，要求撤销",
        content="信访人因{month}月安全事故被给予党内警告处分，认为事故责任不在本人，要求撤销处分。",
        handle=False,
        redirect=(
            RedirectRoute.PARTY_APPEAL,
            "属党员对党纪处分不服的申诉，已告知信访人向作出处分决定的党组织或上一级纪委提出。",
        ),
        reject=(
            RejectionReason.OTHER,
            "属党员申诉事项，应按党内申诉程序办理，不作为信访事项受理，已告知申诉途径。",
        ),
        weight=1,
    ),
]

MATTERS_BY_KEY = {matter.key: matter for matter in MATTERS}

# --- Texts for the steps of a case ---------------------------------------------------

EXTENSION_REASONS = [
    "该事项涉及历史遗留问题，需调阅二十年前的人事和劳资档案，难以在期限内办结。",
    "需会同社保经办机构和人力资源部门联合核查，协调时间较长。",
    "涉及人员较多，需逐户走访核实，申请延期办理。",
    "需委托第三方机构进行鉴定，鉴定结论尚未出具。",
]
LEADER_SEND_BACK_REASONS = [
    "调查报告事实叙述不清，缺少工资发放台账等证据，补充后重新报送。",
    "处理意见依据引用不准确，请核对政策条款后重新报送。",
    "答复意见未逐项回应信访人诉求，请补充完善。",
]
OFFICE_SEND_BACK_REASONS = [
    "办结报告对信访人主要诉求回应不全面，事实不清，请重新办理。",
    "处理意见避重就轻，未说明具体整改措施和时限，请重新办理。",
    "未附信访人签收的处理意见书及调查笔录，请补充后重新报送。",
]
OBJECTION_REASONS = [
    "经核实，该事项不属于本单位管理范围，应由{unit}办理，申请退回重新交办。",
    "信访人已于多年前调离本单位，现由{unit}管理，申请退回重新交办。",
]
ASSIGN_COMMENTS = {
    "plain": ["请认真调查核实，按期报送办结报告。", "请依法依规办理，按期答复信访人。", ""],
    "suggestion": ["请认真研究，及时答复信访人。", ""],
    "pressing": [
        "请单位主要领导亲自过问，依法依规妥善处理。",
        "信访人情绪激动，请做好稳控和疏导工作，防止越级上访。",
    ],
}
OWNER_COMMENTS = [
    "由{leader}包案，一包到底。",
    "重点信访事项，落实领导包案责任。",
]
REVIEW_TEXTS = {
    "uphold": "经复查，原处理意见认定事实清楚，适用政策正确，处理恰当，予以维持。",
    "change": (
        "经复查，原处理意见认定事实基本清楚，但对信访人部分诉求未作回应，现予变更："
        "责成承办单位补充核查并于三十日内书面答复。"
    ),
    "revoke": "经复查，原处理意见认定事实不清、证据不足，予以撤销，责成承办单位重新办理。",
}
REREVIEW_TEXTS = {
    "uphold": (
        "经复核，复查意见认定事实清楚、处理得当，予以维持。本信访事项复核终结，"
        "信访人以同一事实和理由再次提出的，不再受理。"
    ),
    "change": (
        "经复核，复查意见基本正确，对补偿计算部分予以变更。本信访事项复核终结，"
        "信访人以同一事实和理由再次提出的，不再受理。"
    ),
}
CLOSE_COMMENTS = {
    "satisfied": "信访人对处理意见表示满意，同意结案。",
    "mediation": "经调解，双方达成和解协议，予以结案。",
    "window_expired": "信访人在规定期限内未申请复查（复核），依规办结。",
}
REPEAT_REJECTIONS = {
    RejectionReason.BEING_HANDLED: (
        "信访人就同一事项再次提出，原信访事项（{number}）正在办理中，"
        "依据《信访工作条例》第十九条不予重复受理，已告知等待办理结果。"
    ),
    RejectionReason.FINAL: (
        "该事项已经复核终结（原编号{number}），信访人以同一事实和理由再次提出，"
        "依据《信访工作条例》第三十六条不再受理。"
    ),
}
REFERRING_ORGANS = {
    "capital": "国家信访局",
    "province": "安徽省信访局",
    "city": "淮北市信访局",
    "": "淮北市人民政府办公室",
}
# 来区: the district (county) petition bureau where each unit lies.
DISTRICT_BUREAUS = {
    "ZZ": "杜集区信访局",
    "YL": "濉溪县信访局",
    "TY": "埇桥区信访局",
    "XM": "烈山区信访局",
    "JD": "烈山区信访局",
    "WY": "相山区信访局",
}

# --- Where people live and come from --------------------------------------------------

VILLAGES = {
    "ZZ": ["朔里镇王庄村", "朔里镇前岭村", "石台镇后湖村"],
    "YL": ["刘桥镇孙圩子村", "刘桥镇张集村", "四铺镇李楼村"],
    "TY": ["桃园镇朱家湖村", "桃园镇沈庄村", "大店镇丁楼村"],
    "XM": ["渠沟镇任庄村", "渠沟镇土楼村"],
    "JD": ["杨庄街道北山村", "古饶镇赵集村"],
    "WY": ["相南街道工人村社区", "东山街道相山社区"],
}
DISTRICTS = {
    "ZZ": "淮北市杜集区",
    "YL": "淮北市濉溪县",
    "TY": "宿州市埇桥区",
    "XM": "淮北市烈山区",
    "JD": "淮北市烈山区",
    "WY": "淮北市相山区",
}
LIVING_AREAS = {
    "ZZ": "淮北市杜集区朱庄矿生活区{n}栋{r}室",
    "YL": "淮北市濉溪县刘桥镇杨柳矿家属区{n}号楼{r}室",
    "TY": "宿州市埇桥区桃园镇桃园矿工人新村{n}栋{r}室",
    "XM": "淮北市相山区工人村{n}栋{u}单元{r}室",
    "JD": "淮北市烈山区杨庄街道机电小区{n}栋{r}室",
    "WY": "淮北市相山区工人村{n}栋{u}单元{r}室",
}
# 居民身份证 address codes (GB/T 2260) of where the people were born.
BIRTH_REGIONS = [
    "340602",  # 淮北市杜集区
    "340603",  # 淮北市相山区
    "340604",  # 淮北市烈山区
    "340621",  # 濉溪县
    "341302",  # 宿州市埇桥区
    "341322",  # 萧县
    "341321",  # 砀山县
    "340321",  # 怀远县
    "320382",  # 江苏邳州市
    "370481",  # 山东滕州市
]
