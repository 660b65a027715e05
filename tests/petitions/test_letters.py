"""Printable letters: each exists in its state, says what the regulations require,
and is shown only to those who may see the case (and the petitioner's identity)."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions import services
from petitions.letters import LETTERS, available_letters
from petitions.models import Nature, Petition

from .factories import advance, petitioner, register

pytestmark = pytest.mark.django_db

# Every step happens on the same, fixed day, so the dates on the letters are known.
DAY = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def url(petition, kind):
    return reverse("petitions:letter", args=[petition.number, kind])


def page(client, user, petition, kind):
    client.force_login(user)
    response = client.get(url(petition, kind))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def case(people, to, **overrides):
    petition = register(by=people["clerk"], at=DAY, **overrides)
    return advance(petition, to, at=DAY, **people)


# --- What each letter says ------------------------------------------------------------------


def test_acceptance_notice_names_the_petitioner_and_the_due_date(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    html = page(client, people["handler"], petition, "acceptance")
    assert "信访事项受理告知书" in html
    assert f"编号：{petition.number}" in html
    assert "张三：" in html
    assert "反映拖欠工资问题" in html
    assert "已于2026年3月2日依照《信访工作条例》第二十三条予以受理" in html
    # The office's due date for an assigned case: 60 days after 2 March.
    assert "并于2026年5月1日前出具信访处理意见书" in html
    assert petition.query_code in html
    assert "http://testserver/query/" in html
    assert "甲煤矿" in html  # the accepting unit issues it
    assert "2026年3月2日" in html


def test_acceptance_notice_states_the_due_date_before_any_extension(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    petition = services.petition_request_extension(
        petition=petition, days=20, reason="需调取三年工资台账。", by=people["handler"], at=DAY
    )
    services.petition_approve_extension(petition=petition, by=people["leader"], at=DAY)
    html = page(client, people["handler"], petition, "acceptance")
    assert "并于2026年5月1日前出具信访处理意见书" in html


def test_extension_notice_states_days_reason_and_new_due_date(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    petition = services.petition_request_extension(
        petition=petition, days=20, reason="需调取三年工资台账。", by=people["handler"], at=DAY
    )
    later = DAY + timedelta(days=3)
    services.petition_approve_extension(petition=petition, by=people["leader"], at=later)
    html = page(client, people["handler"], petition, "extension")
    assert "信访事项延期办理告知书" in html
    assert "原定于2026年5月1日前办结" in html
    assert "办理期限延长20日，延长后的办结期限为2026年5月21日" in html
    assert "需调取三年工资台账。" in html
    assert "2026年3月5日" in html  # dated the day the leader approved
    assert petition.query_code in html


def test_not_accepted_notice_gives_the_reason(client, people):
    petition = register(by=people["clerk"], at=DAY)
    services.petition_reject(
        petition=petition,
        reason="being_handled",
        note="该事项已由乙煤矿受理，正在办理期限内。",
        by=people["clerk"],
        at=DAY,
    )
    html = page(client, people["clerk"], petition, "not-accepted")
    assert "信访事项不予受理告知书" in html
    assert "决定不予受理" in html
    assert "已受理或正在办理（《信访工作条例》第十九条第三款）" in html
    assert "该事项已由乙煤矿受理，正在办理期限内。" in html
    assert "测试集团" in html  # the clerk's unit decided
    assert petition.query_code in html


def test_redirect_notice_gives_the_reason_and_the_lawful_route(client, people):
    petition = register(by=people["clerk"], at=DAY)
    services.petition_redirect(
        petition=petition,
        route="arbitration",
        note="属于劳动报酬争议，应当通过劳动争议仲裁解决。",
        by=people["clerk"],
        at=DAY,
    )
    html = page(client, people["clerk"], petition, "redirected")
    assert "信访事项导入法定途径告知书" in html
    assert "属于应当通过劳动（人事）争议仲裁等仲裁程序解决的事项" in html
    assert "《信访工作条例》第三十一条第（二）项" in html
    assert "属于劳动报酬争议，应当通过劳动争议仲裁解决。" in html
    assert "劳动人事争议仲裁委员会" in html
    assert petition.query_code in html


def test_assignment_slip_tells_the_unit_what_and_by_when(client, people):
    petition = case(people, Petition.State.ASSIGNED)
    html = page(client, people["handler"], petition, "assignment")
    assert "信访事项交办单" in html
    assert "甲煤矿：" in html
    assert "反映拖欠工资问题" in html
    assert "2026年5月1日" in html  # the office's due date
    assert "2026年3月17日" in html  # written notice to the petitioner, 15 days
    assert "2026年3月9日" in html  # objection, 5 working days
    assert "办结报告" in html
    assert "张三" in html  # not confidential: the petitioner is named
    assert petition.query_code in html
    assert "测试集团" in html  # issued by the assigning office's unit


def test_reply_states_request_facts_opinion_basis_and_review_deadline(client, people):
    petition = case(people, Petition.State.REPLIED)
    html = page(client, people["clerk"], petition, "reply")
    assert "信访事项处理意见书" in html
    assert "反映拖欠工资问题" in html  # the request
    assert "经核实，单位确有拖欠。" in html  # facts and reasons
    assert "经研究，对您的投诉请求予以支持。" in html  # the opinion
    assert "《工资支付暂行规定》第七条" in html  # its basis
    # A supported opinion says who carries it out and that the unit supervises (XG 32).
    assert "对予以支持的事项，由甲煤矿按照上述意见落实" in html
    # Review within 30 days of receiving it (service), to the level above the unit (XG 35).
    assert (
        "自收到本意见书之日起30日内，向测试集团（原办理单位的上一级机关、单位）书面请求复查" in html
    )
    assert "第三十五条" in html
    # Not a date counted from the sign-off: the letter is printed before it is served.
    assert "即<strong>" not in html
    assert "复核机关可以举行听证" in html  # XG 36 ¶2
    assert petition.query_code in html


def test_reply_to_a_suggestion_states_adoption_and_offers_no_review(client, people):
    petition = case(people, Petition.State.REPLIED, nature=Nature.SUGGESTION)
    html = page(client, people["clerk"], petition, "reply")
    assert "经研究论证，对您的建议意见予以采纳。" in html  # XG 29
    assert "投诉请求" not in html
    assert "请求复查" not in html


def test_reply_to_an_accusation_is_a_feedback_of_the_result_without_review_right(client, people):
    petition = case(
        people,
        Petition.State.REPLIED,
        nature=Nature.ACCUSATION,
        summary="检举某区队长克扣职工工资",
    )
    html = page(client, people["office"], petition, "reply")
    assert "检举控告事项处理情况反馈书" in html
    assert "现将处理情况反馈如下" in html
    assert "经核实，单位确有拖欠。" in html
    assert "已严格保密" in html
    assert "请求复查" not in html
    assert "予以支持" not in html
    assert "信访事项处理意见书" not in html


def test_review_opinion_states_parties_facts_basis_result_and_the_rereview_right(client, people):
    petition = case(people, Petition.State.REVIEWED)
    html = page(client, people["office"], petition, "review")
    assert "信访事项复查意见书" in html
    assert "复查申请人：张三" in html
    assert "被申请人（作出处理意见的机关、单位）：甲煤矿" in html
    assert "对您“反映拖欠工资问题”的投诉请求予以支持。" in html  # the original opinion
    assert "三、复查查明的事实" in html
    assert "维持原处理意见。" in html
    assert "四、依据" in html
    assert "《信访工作条例》第三十五条，以及原处理意见所依据的法律法规和政策规定" in html
    assert "自收到本意见书之日起30日内" in html
    assert "请求复核" in html
    assert "复核机关可以举行听证" in html
    assert petition.query_code in html


def test_review_opinion_names_the_rereview_organ_from_the_unit_tree(client, people, unit_a):
    from tests.factories import UnitFactory

    section = UnitFactory(code="A1", name="综采一区", parent=unit_a)
    petition = register(by=people["clerk"], at=DAY)
    petition = advance(petition, Petition.State.REVIEWED, at=DAY, **{**people, "unit": section})
    html = page(client, people["office"], petition, "review")
    assert "被申请人（作出处理意见的机关、单位）：综采一区" in html
    assert "向测试集团（复查机关的上一级机关、单位）书面请求复核" in html


def test_rereview_opinion_is_final(client, people):
    petition = case(people, Petition.State.FINAL)
    html = page(client, people["office"], petition, "rereview")
    assert "信访事项复核意见书" in html
    assert "复核申请人：张三" in html
    assert "被申请人（作出复查意见的机关、单位）：测试集团" in html
    assert "原办理机关、单位：甲煤矿" in html
    assert "复查意见为：维持原处理意见。" in html
    assert "三、复核查明的事实" in html
    assert "维持复查意见。" in html
    assert "四、依据" in html
    assert "六、本复核意见为终结意见" in html
    assert "仍然以同一事实和理由提出投诉请求的，各级机关、单位不再受理" in html
    assert petition.query_code in html


def test_letter_issuer_setting_names_the_organ(client, people, settings):
    settings.LETTER_ISSUER = "江淮矿业集团有限公司信访办公室"
    petition = case(people, Petition.State.IN_PROGRESS)
    html = page(client, people["handler"], petition, "acceptance")
    assert html.count("江淮矿业集团有限公司信访办公室") >= 2  # the head and the signature


def test_letter_without_a_phone_says_how_else_to_ask(client, people):
    petition = case(people, Petition.State.IN_PROGRESS, petitioners=[petitioner(phone="")])
    html = page(client, people["handler"], petition, "acceptance")
    assert petition.query_code in html
    # The check code (查询密码) printed on the registration receipt opens the query.
    assert "登记回执上的查询密码" in html


def test_letter_of_an_older_case_without_phone_or_check_code_says_how_else_to_ask(client, people):
    petition = case(people, Petition.State.IN_PROGRESS, petitioners=[petitioner(phone="")])
    Petition.objects.filter(pk=petition.pk).update(check_code_hash="")
    html = page(client, people["handler"], petition, "acceptance")
    assert "无法在网上查询" in html


def test_collective_petition_is_addressed_to_the_named_and_the_others(client, people):
    petition = case(
        people,
        Petition.State.IN_PROGRESS,
        headcount=12,
        petitioners=[petitioner(), petitioner(name="李四", id_number="", phone="13900139000")],
    )
    html = page(client, people["handler"], petition, "acceptance")
    assert "张三、李四等12人：" in html


def test_letter_page_has_a_print_button_hidden_in_print(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    html = page(client, people["handler"], petition, "acceptance")
    assert 'class="letter-toolbar no-print"' in html
    assert "data-print" in html
    assert "petitions/letter.css" in html


# --- Which letters exist, and for whom ------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (Petition.State.REGISTERED, []),
        (Petition.State.ASSIGNED, ["assignment"]),
        (Petition.State.IN_PROGRESS, ["acceptance", "assignment"]),
        (Petition.State.AWAITING_REVIEW, ["acceptance", "assignment"]),
        (Petition.State.REPLIED, ["acceptance", "assignment", "reply"]),
        (Petition.State.REVIEWED, ["acceptance", "assignment", "reply", "review"]),
        (Petition.State.FINAL, ["acceptance", "assignment", "reply", "review", "rereview"]),
    ],
)
def test_available_letters_follow_the_state(people, state, expected):
    petition = case(people, state)
    assert [kind.slug for kind in available_letters(petition, people["office"])] == expected


def test_letter_not_available_in_the_state_is_404(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    client.force_login(people["office"])
    for kind in ("reply", "review", "rereview", "extension", "not-accepted", "redirected"):
        assert client.get(url(petition, kind)).status_code == 404, kind


def test_unknown_letter_kind_is_404(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    client.force_login(people["office"])
    assert client.get(url(petition, "summons")).status_code == 404


def test_outsider_gets_404_for_every_letter(client, people, outsider):
    petition = case(people, Petition.State.FINAL)
    client.force_login(outsider)
    for kind in LETTERS:
        assert client.get(url(petition, kind)).status_code == 404, kind
    assert available_letters(petition, outsider) == []


def test_anonymous_visitor_is_sent_to_login(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    response = client.get(url(petition, "acceptance"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_letters_are_get_only(client, people):
    petition = case(people, Petition.State.IN_PROGRESS)
    client.force_login(people["office"])
    assert client.post(url(petition, "acceptance")).status_code == 405


# --- Confidential cases (检举控告类, XG 30) --------------------------------------------------


@pytest.fixture
def accusation(people):
    return case(
        people,
        Petition.State.IN_PROGRESS,
        nature=Nature.ACCUSATION,
        summary="检举某区队长克扣职工工资",
        petitioners=[petitioner(name="王五", id_number="", phone="13700137000")],
    )


def test_handler_of_a_confidential_case_may_not_print_the_letter_naming_the_petitioner(
    client, people, accusation
):
    client.force_login(people["handler"])
    response = client.get(url(accusation, "acceptance"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "王五" not in html
    assert "身份依法保密" in html


def test_handler_of_a_confidential_case_prints_the_assignment_slip_without_the_name(
    client, people, accusation
):
    html = page(client, people["handler"], accusation, "assignment")
    assert "王五" not in html
    assert "检举控告类，信访人身份依法保密" in html
    assert "不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位" in html
    assert [kind.slug for kind in available_letters(accusation, people["handler"])] == [
        "assignment"
    ]


def test_office_and_registering_clerk_print_the_confidential_letter(client, people, accusation):
    for user in (people["office"], people["clerk"]):
        html = page(client, user, accusation, "acceptance")
        assert "王五：" in html
        assert "严格保密" in html
        assert [kind.slug for kind in available_letters(accusation, user)] == [
            "acceptance",
            "assignment",
        ]
