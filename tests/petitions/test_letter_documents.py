"""The letters issue 13 completes, each letter as PDF (checked with pdftotext), the
case file (一案一档) and the 督办单: what each says, and what it hides."""

import subprocess
from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from organization.models import Leadership
from petitions import services
from petitions.letters import LETTERS, available_letters
from petitions.models import Nature, Petition
from supervision import services as supervision_services
from tests.factories import UserFactory

from .factories import advance, petitioner, register

pytestmark = pytest.mark.django_db

DAY = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def case(people, to, **overrides):
    return advance(register(by=people["clerk"], at=DAY, **overrides), to, at=DAY, **people)


def html_of(client, user, petition, kind):
    client.force_login(user)
    response = client.get(reverse("petitions:letter", args=[petition.number, kind]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pdf_text(response, tmp_path) -> str:
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "out.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())  # pdftotext breaks lines (and spaces) as it lays out


def transferred(people):
    petition = register(by=people["clerk"], at=DAY)
    return services.petition_transfer(
        petition=petition,
        organ="淮北市人力资源和社会保障局",
        note="属劳动保障监察职责。",
        by=people["clerk"],
        at=DAY,
    )


# --- One date style ---------------------------------------------------------------------


def test_official_date_is_written_in_arabic_numerals_with_year_month_day():
    template = Template("{% load official %}{{ day|official_date }}|{{ none|official_date }}")
    with translation.override("zh-hans"):
        assert (
            template.render(Context({"day": date(2026, 12, 4), "none": None})) == "2026年12月4日|"
        )
        at = timezone.make_aware(datetime(2026, 12, 31, 23, 30))  # Asia/Shanghai
        assert Template("{% load official %}{{ at|official_date }}").render(
            Context({"at": at})
        ) == ("2026年12月31日")


# --- 转送函 and the notice of transfer --------------------------------------------------


def test_transfer_letter_is_addressed_to_the_organ_and_the_notice_to_the_petitioner(client, people):
    petition = transferred(people)
    assert [kind.slug for kind in available_letters(petition, people["clerk"])] == [
        "transfer",
        "transfer-notice",
    ]
    html = html_of(client, people["clerk"], petition, "transfer")
    assert "信访事项转送函" in html
    assert "淮北市人力资源和社会保障局：" in html
    assert "依照《信访工作条例》第二十二条转送你单位处理" in html
    assert "张三" in html
    assert "属劳动保障监察职责。" in html
    assert "15日内书面告知信访人接收情况以及处理途径和程序" in html
    assert petition.query_code not in html  # the petitioner's key stays with the petitioner

    html = html_of(client, people["clerk"], petition, "transfer-notice")
    assert "信访事项转送告知书" in html
    assert "张三：" in html
    assert (
        "已于2026年3月2日依照《信访工作条例》第二十二条转送淮北市人力资源和社会保障局处理" in html
    )
    assert petition.query_code in html


# --- 交办单 ----------------------------------------------------------------------------


def test_assignment_slip_has_owning_and_main_leader_send_back_warning_and_office_contact(
    client, people, settings
):
    settings.PETITION_OFFICE_NAME = "集团公司信访办公室"
    settings.PETITION_OFFICE_PHONE = "0561-3000000"
    UserFactory(
        username="chief", full_name="赵矿长", unit=people["unit"], leadership=Leadership.MAIN
    )
    petition = case(people, Petition.State.ASSIGNED)
    services.petition_set_owning_leader(
        petition=petition, leader=people["leader"], by=people["office"], at=DAY
    )
    html = html_of(client, people["handler"], petition, "assignment")
    assert "包案领导" in html
    assert people["leader"].get_full_name() in html
    assert "单位主要领导" in html
    assert "赵矿长" in html
    assert "签字" in html
    assert "事实不清、处理不当的，将退回重新办理" in html
    assert "联系单位：集团公司信访办公室，联系电话：0561-3000000。" in html


def test_assignment_slip_without_office_settings_names_the_issuer(client, people):
    petition = case(people, Petition.State.ASSIGNED)
    html = html_of(client, people["handler"], petition, "assignment")
    assert "联系单位：测试集团。" in html
    assert "由你单位明确" in html  # no owning leader yet


# --- 不予受理 / 不再受理 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "basis"),
    [
        ("being_handled", "依据：《信访工作条例》第十九条第三款。"),
        ("final", "依据：《信访工作条例》第三十六条第三款。"),
        ("out_of_scope", "依据：《信访工作条例》第十七条、第二十二条。"),
        ("other", "依据：《信访工作条例》第二十二条。"),
    ],
)
def test_not_accepted_notice_gives_the_basis_of_every_reason(client, people, reason, basis):
    petition = register(by=people["clerk"], at=DAY)
    services.petition_reject(petition=petition, reason=reason, note="", by=people["clerk"], at=DAY)
    html = html_of(client, people["clerk"], petition, "not-accepted")
    assert basis in html
    title = "信访事项不再受理告知书" if reason == "final" else "信访事项不予受理告知书"
    assert title in html


def test_being_handled_says_by_whom_and_until_when(client, people):
    earlier = case(people, Petition.State.IN_PROGRESS)
    petition = register(by=people["clerk"], at=DAY, repeat_of=earlier)
    services.petition_reject(
        petition=petition, reason="being_handled", note="", by=people["clerk"], at=DAY
    )
    html = html_of(client, people["clerk"], petition, "not-accepted")
    assert f"该事项（编号{earlier.number}）正由甲煤矿办理，办理期限至2026年5月1日" in html


# --- Every letter as PDF ------------------------------------------------------------------

PDF_CASES = [
    # (slug, how to reach it, the title and key text the PDF must carry)
    ("acceptance", Petition.State.IN_PROGRESS, ["信访事项受理告知书", "予以受理"]),
    ("assignment", Petition.State.ASSIGNED, ["信访事项交办单", "退回重新办理"]),
    ("reply", Petition.State.REPLIED, ["信访事项处理意见书", "自收到本意见书之日起30日内"]),
    ("review", Petition.State.REVIEWED, ["信访事项复查意见书", "复查申请人：张三"]),
    ("rereview", Petition.State.FINAL, ["信访事项复核意见书", "本复核意见为终结意见"]),
]


@pytest.mark.parametrize(("slug", "state", "texts"), PDF_CASES)
def test_every_letter_renders_to_pdf_with_its_chinese_title(
    client, people, tmp_path, slug, state, texts
):
    petition = case(people, state)
    client.force_login(people["office"])
    response = client.get(reverse("petitions:letter_pdf", args=[petition.number, slug]))
    assert response.status_code == 200
    text = pdf_text(response, tmp_path)
    for expected in [*texts, petition.number, "2026年3月2日"]:
        assert expected in text, expected


def test_extension_not_accepted_redirect_and_transfer_letters_render_to_pdf(
    client, people, tmp_path
):
    client.force_login(people["office"])
    extended = case(people, Petition.State.IN_PROGRESS)
    extended = services.petition_request_extension(
        petition=extended, days=20, reason="需调取工资台账。", by=people["handler"], at=DAY
    )
    services.petition_approve_extension(petition=extended, by=people["leader"], at=DAY)
    rejected = register(by=people["clerk"], at=DAY)
    services.petition_reject(petition=rejected, reason="final", note="", by=people["clerk"], at=DAY)
    redirected = register(by=people["clerk"], at=DAY)
    services.petition_redirect(
        petition=redirected, route="arbitration", note="", by=people["clerk"], at=DAY
    )
    moved = transferred(people)
    expected = [
        (extended, "extension", "信访事项延期办理告知书"),
        (rejected, "not-accepted", "信访事项不再受理告知书"),
        (redirected, "redirected", "信访事项导入法定途径告知书"),
        (moved, "transfer", "信访事项转送函"),
        (moved, "transfer-notice", "信访事项转送告知书"),
    ]
    for petition, slug, title in expected:
        response = client.get(reverse("petitions:letter_pdf", args=[petition.number, slug]))
        assert title in pdf_text(response, tmp_path), slug
    # Every kind of letter was rendered to PDF by this test or the one above.
    assert {slug for _p, slug, _t in expected} | {c[0] for c in PDF_CASES} == set(LETTERS)


def test_letter_pdf_follows_the_print_rule(client, people, outsider):
    accusation = case(
        people,
        Petition.State.IN_PROGRESS,
        nature=Nature.ACCUSATION,
        petitioners=[petitioner(name="王五", id_number="", phone="13700137000")],
    )
    pdf = reverse("petitions:letter_pdf", args=[accusation.number, "acceptance"])
    client.force_login(people["handler"])
    assert client.get(pdf).status_code == 403
    client.force_login(outsider)
    assert client.get(pdf).status_code == 404
    missing = reverse("petitions:letter_pdf", args=[accusation.number, "reply"])
    client.force_login(people["office"])
    assert client.get(missing).status_code == 404


# --- The case file ------------------------------------------------------------------------


def test_case_file_has_every_part_and_masks_the_accuser_for_the_unit(client, people, tmp_path):
    accusation = case(
        people,
        Petition.State.REPLIED,
        nature=Nature.ACCUSATION,
        summary="检举某区队长克扣职工工资",
        petitioners=[petitioner(name="王五", id_number="", phone="13700137000")],
    )
    url = reverse("petitions:case_file", args=[accusation.number])

    client.force_login(people["handler"])
    text = pdf_text(client.get(url), tmp_path)
    for part in ["一、登记表", "二、已出具的文书", "三、办理过程记录", "四、附件目录"]:
        assert part in text, part
    assert accusation.number in text
    assert "检举某区队长克扣职工工资" in text
    assert "信访事项交办单" in text  # the slip, printed in full
    assert "载有依法保密的信访人身份，未附" in text  # the letters naming the accuser
    assert "送达情况：未记录" in text
    assert "王五" not in text
    assert "13700137000" not in text

    client.force_login(people["office"])
    text = pdf_text(client.get(url), tmp_path)
    assert "王五" in text
    assert "检举控告事项处理情况反馈书" in text


def test_detail_page_links_the_case_file_and_each_letter_pdf(client, people):
    petition = case(people, Petition.State.REPLIED)
    client.force_login(people["handler"])
    html = client.get(petition.get_absolute_url()).content.decode()
    assert reverse("petitions:case_file", args=[petition.number]) in html
    assert reverse("petitions:letter_pdf", args=[petition.number, "reply"]) in html


# --- 督办单 ----------------------------------------------------------------------------


def test_supervision_notice_prints_issuer_dates_leaders_and_consequences(
    client, people, settings, tmp_path
):
    settings.LETTER_ISSUER = "江淮矿业集团有限公司信访办公室"
    UserFactory(
        username="chief", full_name="赵矿长", unit=people["unit"], leadership=Leadership.MAIN
    )
    petition = case(people, Petition.State.IN_PROGRESS)
    services.petition_set_owning_leader(
        petition=petition, leader=people["leader"], by=people["office"], at=DAY
    )
    notice = supervision_services.supervision_notice_issue(
        petition=petition,
        cause="perfunctory",
        facts="未与信访人见面即出具意见。",
        suggestions="重新核实。",
        feedback_due=date(2030, 1, 10),
        by=people["office"],
    )
    client.force_login(people["handler"])
    html = client.get(reverse("supervision:notice_print", args=[notice.number])).content.decode()
    assert "data-issuer>江淮矿业集团有限公司信访办公室" in html
    assert "2026年3月2日" in html  # assigned on
    assert "2026年5月1日" in html  # to be concluded by
    assert people["leader"].get_full_name() in html  # owning leader
    assert "赵矿长" in html  # the main leader signs the feedback
    assert "单位主要领导" in html
    assert "《信访工作条例》第四十五条" in html
    assert "2030年1月10日" in html

    response = client.get(reverse("supervision:notice_pdf", args=[notice.number]))
    text = pdf_text(response, tmp_path)
    assert "督办单" in text
    assert "第四十五条" in text
    assert notice.number in text
