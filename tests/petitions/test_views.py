"""The clerk's and leader's screens: list, registration, detail and actions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions import services
from petitions.models import Attachment, IdentityAccessLog, Nature, Petition, Petitioner

from .factories import (
    advance,
    category,
    petitioner,
    receiving_officer_pk,
    register,
    valid_id_number,
)

pytestmark = pytest.mark.django_db


def registration_post(**overrides):
    data = {
        "channel": "visit",
        "received_on": timezone.localdate().isoformat(),
        "nature": "appeal",
        "category": category().pk,
        "summary": "反映拖欠工资",
        "content": "反映综采一区拖欠三个月工资。",
        "headcount": "1",
        "skip_level": "",
        "responsible_unit": "",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "1",
        "people-MAX_NUM_FORMS": "30",
        "people-0-name": "张三",
        "people-0-id_number": valid_id_number(7),
        "people-0-phone": "13800138000",
        "people-0-address": "工人村3号",
        "people-0-employer": "甲煤矿",
        "people-0-relation": "employee",
        # A visit records when the petitioner came and who received them: the form's
        # defaults (now; an officer of the registering unit, here the clerk's group).
        "visit_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "received_by": receiving_officer_pk(),
    }
    data.update(overrides)
    return data


# --- List ------------------------------------------------------------------------


def test_list_shows_only_cases_in_the_users_scope(client, people, outsider, unit_b):
    mine = advance(register(by=people["clerk"], summary="甲矿的事项"), "assigned", **people)
    other = register(by=people["clerk"], summary="乙矿的事项")
    services.petition_assign(petition=other, unit=unit_b, due=mine.assigned_due, by=people["clerk"])

    client.force_login(people["handler"])
    html = client.get("/petitions/").content.decode()
    assert mine.number in html
    assert other.number not in html

    client.force_login(outsider)
    html = client.get("/petitions/").content.decode()
    assert other.number in html
    assert mine.number not in html


def test_list_filters_by_state_and_overdue(client, people):
    old = register(by=people["clerk"], at=timezone.now() - timedelta(days=30), summary="逾期未处理")
    fresh = register(by=people["clerk"], summary="刚登记")
    client.force_login(people["office"])

    html = client.get("/petitions/", {"overdue": "true"}).content.decode()
    assert old.number in html
    assert fresh.number not in html

    advance(fresh, "assigned", **people)
    html = client.get("/petitions/", {"state": "assigned"}).content.decode()
    assert fresh.number in html
    assert old.number not in html


def test_keyword_finds_chinese_text_and_numbers(client, people):
    wages = register(by=people["clerk"], summary="反映拖欠工资", content="三个月未发放。")
    housing = register(by=people["clerk"], summary="采煤塌陷区搬迁", content="补偿不到位。")
    client.force_login(people["office"])

    def found(term):
        html = client.get("/petitions/", {"q": term}).content.decode()
        return {p.number for p in (wages, housing) if p.number in html}

    assert found("工资") == {wages.number}
    assert found("塌陷区") == {housing.number}
    assert found(housing.number) == {housing.number}


def test_searching_a_name_does_not_reveal_a_confidential_accuser(client, people):
    accusation = register(
        by=people["clerk"],
        nature=Nature.ACCUSATION,
        summary="举报区长违规",
        petitioners=[petitioner(name="欧阳明", id_number=valid_id_number(31))],
    )
    advance(accusation, "in_progress", **people)

    client.force_login(people["handler"])
    assert accusation.number not in client.get("/petitions/", {"q": "欧阳明"}).content.decode()
    # The case itself is listed, without the name.
    html = client.get("/petitions/").content.decode()
    assert accusation.number in html
    assert "欧阳明" not in html

    client.force_login(people["office"])
    assert accusation.number in client.get("/petitions/", {"q": "欧阳明"}).content.decode()


def test_list_page_runs_the_same_queries_for_5_and_200_cases(client, people):
    def count_queries():
        client.force_login(people["handler"])
        client.get("/petitions/")  # warm the session and permission caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/petitions/")
        assert response.status_code == 200
        return len(captured)

    for _index in range(5):
        advance(register(by=people["clerk"]), "assigned", **people)
    with_five = count_queries()
    for index in range(195):
        petition = register(
            by=people["clerk"],
            petitioners=[
                petitioner(name=f"信访人{index}", id_number=valid_id_number(index + 100)),
                petitioner(name=f"同行人{index}", id_number=valid_id_number(index + 400)),
            ],
            headcount=2,
        )
        services.petition_assign(
            petition=petition,
            unit=people["unit"],
            due=timezone.localdate() + timedelta(days=30),
            by=people["clerk"],
        )
    assert count_queries() == with_five


# --- Registration ---------------------------------------------------------------------


def test_clerk_registers_a_visit_with_its_petitioners(client, clerk):
    client.force_login(clerk)
    response = client.post("/petitions/new/", registration_post())
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response.url == f"/petitions/{petition.number}/"
    assert petition.state == Petition.State.REGISTERED
    assert petition.registered_by == clerk
    assert [p.name for p in petition.petitioners.all()] == ["张三"]
    assert petition.events.get().action == "register"


def test_registration_reuses_a_known_petitioner_and_keeps_each_cases_phone(client, clerk):
    client.force_login(clerk)
    client.post("/petitions/new/", registration_post())
    client.post("/petitions/new/", registration_post(**{"people-0-phone": "13900000000"}))
    assert Petitioner.objects.count() == 1
    first, second = Petition.objects.order_by("number")
    assert first.links.get().phone != "13900000000"
    assert second.links.get().phone == "13900000000"
    assert Petitioner.objects.get().phone == first.links.get().phone


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people-0-id_number", "110105194912310021", "校验位不符"),
        ("people-0-id_number", "110105491231002", "15位旧身份证"),
        ("people-0-id_number", "110105194913310029", "出生日期"),
        ("people-0-phone", "12345", "手机号码"),
        ("headcount", "0", "至少"),
    ],
)
def test_bad_input_gets_a_specific_message_and_keeps_what_was_typed(
    client, clerk, field, value, message
):
    client.force_login(clerk)
    response = client.post("/petitions/new/", registration_post(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "反映综采一区拖欠三个月工资。" in html  # nothing lost
    assert not Petition.objects.exists()


def test_received_date_cannot_be_in_the_future(client, clerk):
    client.force_login(clerk)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    html = client.post("/petitions/new/", registration_post(received_on=tomorrow)).content.decode()
    assert "不能晚于今天" in html
    assert not Petition.objects.exists()


def test_headcount_cannot_be_lower_than_the_people_entered(client, clerk):
    client.force_login(clerk)
    data = registration_post(
        **{
            "people-TOTAL_FORMS": "2",
            "people-1-name": "李四",
            "people-1-relation": "employee",
            "headcount": "1",
        }
    )
    html = client.post("/petitions/new/", data).content.decode()
    assert "人数不能少于" in html
    assert not Petition.objects.exists()


def _group(count, representatives):
    data = registration_post(headcount=str(max(count, 6)), **{"people-TOTAL_FORMS": str(count)})
    for index in range(count):
        data[f"people-{index}-name"] = f"代表{index}"
        data[f"people-{index}-id_number"] = valid_id_number(index + 50)
        data[f"people-{index}-phone"] = ""
        data[f"people-{index}-relation"] = "employee"
        if index < representatives:
            data[f"people-{index}-is_representative"] = "on"
    return data


def test_collective_visit_needs_representatives_and_at_most_five(client, clerk):
    client.force_login(clerk)
    html = client.post("/petitions/new/", _group(2, 0)).content.decode()
    assert "集体访" in html
    html = client.post("/petitions/new/", _group(6, 6)).content.decode()
    assert "最多推选5名代表" in html
    assert not Petition.objects.exists()

    assert client.post("/petitions/new/", _group(3, 2)).status_code == 302
    petition = Petition.objects.get()
    assert petition.is_collective
    assert petition.links.filter(is_representative=True).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "不接受"),
        ("scan.pdf", b"not a pdf at all", "是否被改过扩展名"),
        ("empty.pdf", b"", "空文件"),
    ],
)
def test_attachments_are_checked_by_type_and_content(client, clerk, name, content, message):
    client.force_login(clerk)
    upload = SimpleUploadedFile(name, content)
    html = client.post("/petitions/new/", {**registration_post(), "attachments": upload})
    assert message in html.content.decode()
    assert not Petition.objects.exists()


def test_attachment_over_the_size_limit_is_refused(client, clerk, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(clerk)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 2048)
    html = client.post("/petitions/new/", {**registration_post(), "attachments": upload})
    assert "上限" in html.content.decode()


def test_attachment_is_stored_and_served_only_to_those_who_see_the_case(
    client, people, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["clerk"])
    upload = SimpleUploadedFile(
        "信访材料.pdf", b"%PDF-1.4 evidence", content_type="application/pdf"
    )
    client.post("/petitions/new/", {**registration_post(), "attachments": upload})
    attachment = Attachment.objects.get()
    assert "信访材料" not in attachment.file.name  # unguessable stored name
    url = f"/petitions/{attachment.petition.number}/attachments/{attachment.pk}/"

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert "attachment" in response["Content-Disposition"]

    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_handler_may_not_register(client, handler):
    client.force_login(handler)
    assert client.get("/petitions/new/").status_code == 403


def test_earlier_petitions_of_the_same_person_are_offered(client, people):
    earlier = register(by=people["clerk"], summary="上次反映的工资问题")
    client.force_login(people["clerk"])
    response = client.get(
        "/petitions/new/earlier/", {"people-0-id_number": valid_id_number(1), "people-0-phone": ""}
    )
    assert earlier.number in response.content.decode()
    nobody = client.get("/petitions/new/earlier/", {"people-0-phone": "13111111111"})
    assert earlier.number not in nobody.content.decode()


def test_a_repeat_of_a_final_matter_offers_rejection_with_that_reason(client, people):
    final = advance(register(by=people["clerk"]), "final", **people)
    client.force_login(people["clerk"])
    html = client.get(
        "/petitions/new/earlier/", {"people-0-id_number": valid_id_number(1)}
    ).content.decode()
    assert "复核终结" in html

    client.post("/petitions/new/", registration_post(repeat_of=final.number))
    repeat = Petition.objects.exclude(pk=final.pk).get()
    assert repeat.repeat_of == final
    detail = client.get(f"/petitions/{repeat.number}/").content.decode()
    assert 'value="final" selected' in detail
    # The earlier case, read for the repeat's page: linked, and named in the proposed note.
    assert f'<a href="/petitions/{final.number}/">{final.number}</a>' in detail
    assert f"同一事项（{final.number}）" in detail


# --- Detail and actions ---------------------------------------------------------------


def test_handler_of_another_unit_gets_404(client, people, outsider):
    petition = advance(register(by=people["clerk"]), "assigned", **people)
    client.force_login(outsider)
    assert client.get(f"/petitions/{petition.number}/").status_code == 404


def test_detail_offers_only_what_the_user_may_do(client, people):
    petition = advance(register(by=people["clerk"]), "assigned", **people)
    client.force_login(people["handler"])
    html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert f"/petitions/{petition.number}/act/receive/" in html
    assert f"/petitions/{petition.number}/act/assign/" not in html
    client.force_login(people["leader"])
    html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert f"/petitions/{petition.number}/act/receive/" not in html


def test_identity_is_masked_and_full_view_is_logged(client, people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    number = valid_id_number(1)
    client.force_login(people["handler"])
    html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert number not in html
    assert f"{number[:4]}**********{number[-4:]}" in html
    assert not IdentityAccessLog.objects.exists()

    revealed = client.post(f"/petitions/{petition.number}/identity/").content.decode()
    assert number in revealed
    log = IdentityAccessLog.objects.get()
    assert (log.user, log.petition) == (people["handler"], petition)


def test_confidential_identity_is_hidden_from_the_unit(client, people):
    petition = register(
        by=people["clerk"],
        nature=Nature.ACCUSATION,
        petitioners=[petitioner(name="欧阳明", id_number=valid_id_number(31))],
    )
    petition = advance(petition, "in_progress", **people)
    client.force_login(people["handler"])
    html = client.get(f"/petitions/{petition.number}/").content.decode()
    assert "欧阳明" not in html
    assert "（保密）" in html
    assert client.post(f"/petitions/{petition.number}/identity/").status_code == 403
    assert not IdentityAccessLog.objects.exists()

    client.force_login(people["clerk"])  # the clerk who registered it
    assert "欧阳明" in client.get(f"/petitions/{petition.number}/").content.decode()


def test_clerk_assigns_through_the_action_form(client, people):
    petition = register(by=people["clerk"])
    client.force_login(people["clerk"])
    due = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = client.post(
        f"/petitions/{petition.number}/act/assign/",
        {"assign-version": petition.version, "assign-unit": people["unit"].pk, "assign-due": due},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == Petition.State.ASSIGNED
    assert petition.responsible_unit == people["unit"]
    assert petition.assigned_due.isoformat() == due


def test_invalid_action_input_is_shown_beside_the_form(client, people):
    petition = register(by=people["clerk"])
    client.force_login(people["clerk"])
    response = client.post(
        f"/petitions/{petition.number}/act/assign/",
        {
            "assign-version": petition.version,
            "assign-unit": people["unit"].pk,
            "assign-due": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "期限应晚于今天" in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == Petition.State.REGISTERED


def test_acting_on_a_stale_page_says_who_changed_the_case(client, people):
    petition = advance(register(by=people["clerk"]), "awaiting_signoff", **people)
    seen_version = petition.version
    other_leader = people["leader"]
    services.petition_send_back(petition=petition, reason="事实不清", by=other_leader)

    client.force_login(people["leader"])
    response = client.post(
        f"/petitions/{petition.number}/act/sign_off/",
        {"sign_off-version": seen_version},
        follow=True,
    )
    html = response.content.decode()
    assert "请刷新页面" in html
    assert other_leader.get_full_name() in html
    petition.refresh_from_db()
    assert petition.state == Petition.State.IN_PROGRESS
    assert petition.events.filter(action="sign_off").count() == 0


def test_an_action_the_user_may_not_take_is_refused(client, people):
    petition = advance(register(by=people["clerk"]), "assigned", **people)
    client.force_login(people["leader"])
    response = client.post(
        f"/petitions/{petition.number}/act/receive/",
        {"receive-version": petition.version},
        follow=True,
    )
    assert "您无权" in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == Petition.State.ASSIGNED


def test_actions_are_post_only(client, people):
    petition = register(by=people["clerk"])
    client.force_login(people["clerk"])
    assert client.get(f"/petitions/{petition.number}/act/accept/").status_code == 405


def detail_page_queries(client, user, petition) -> tuple[int, str]:
    """The queries of a case page once warm (session, caches), and its HTML."""
    client.force_login(user)
    client.get(f"/petitions/{petition.number}/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/petitions/{petition.number}/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_detail_page_runs_the_same_queries_for_5_and_200_cases(client, people):
    def count_queries(petition):
        return detail_page_queries(client, people["leader"], petition)[0]

    subject = advance(register(by=people["clerk"]), "awaiting_signoff", **people)
    for _index in range(4):
        register(by=people["clerk"])
    with_five = count_queries(subject)
    for index in range(195):
        register(by=people["clerk"], petitioners=[petitioner(id_number=valid_id_number(index))])
    assert count_queries(subject) == with_five


def test_detail_page_reads_files_with_their_uploaders_and_units_in_one_query(client, people):
    subject = advance(register(by=people["clerk"]), "awaiting_signoff", **people)
    before, _html = detail_page_queries(client, people["leader"], subject)
    for index, uploader in enumerate([people["clerk"], people["handler"], people["office"]]):
        Attachment.objects.create(
            petition=subject,
            file=SimpleUploadedFile(f"scan{index}.pdf", b"%PDF-1.4 x"),
            original_name=f"材料{index}.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=uploader,
        )
    after, html = detail_page_queries(client, people["leader"], subject)
    assert all(f"材料{index}.pdf" in html for index in range(3))
    # The files are read with their uploaders and the uploaders' units: one query, the
    # files' own (a case without files reads none: organization.related.prefetch_if_any).
    assert after == before + 1


def test_a_case_page_reads_only_the_lists_the_case_has(client, people):
    subject = advance(register(by=people["clerk"]), "awaiting_signoff", **people)
    client.force_login(people["leader"])
    client.get(f"/petitions/{subject.number}/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"/petitions/{subject.number}/").content.decode()
    read = " ".join(
        query["sql"] for query in captured if not query["sql"].startswith("SELECT EXISTS")
    )
    assert subject.links.get().name in html  # its petitioner: the one list it has
    assert 'FROM "petitions_petitionpetitioner"' in read
    # Nor its sections' (a 督办单, a backlog plan) where it has none.
    for table in (
        "petitions_attachment",
        "petitions_servicerecord",
        "petitions_reviewrequest",
        "supervision_supervisionnotice",
        "risk_backlogplan",
    ):
        assert f'FROM "{table}"' not in read


# --- Dashboard ------------------------------------------------------------------------


def test_dashboard_shows_each_role_its_queue(client, people):
    to_route = register(by=people["clerk"], summary="待处理事项")
    to_sign = advance(
        register(by=people["clerk"], summary="待签发事项"), "awaiting_signoff", **people
    )

    client.force_login(people["clerk"])
    html = client.get("/").content.decode()
    assert to_route.number in html
    assert to_sign.number not in html

    client.force_login(people["leader"])
    html = client.get("/").content.decode()
    assert "待我签发" in html
    assert to_sign.number in html
    assert to_route.number not in html


def test_the_list_exports_its_current_filter_to_excel(client, people, outsider):
    import io

    import openpyxl

    confidential = register(
        by=people["clerk"],
        nature=Nature.ACCUSATION,
        summary="举报违规发放补贴",
        petitioners=[petitioner(name="欧阳明", id_number=valid_id_number(31))],
    )
    advance(confidential, "in_progress", **people)
    registered = register(by=people["clerk"], summary="仍待处理的事项")
    client.force_login(people["handler"])
    response = client.get("/petitions/export.xlsx", {"state": "in_progress"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [confidential.number]
    assert rows[0][5] == "（保密）"  # the same masking as the page
    assert registered.number not in {row[0] for row in rows}

    client.force_login(outsider)
    response = client.get("/petitions/export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True)) == []
