"""The monthly notice: draft, frozen when published, corrected as a new version."""

import io
import subprocess
from datetime import date, datetime
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from openpyxl.utils import get_column_letter

from notifications.models import Notification
from petitions import services as services_p
from petitions.models import Channel, Petition, SkipLevel
from reports import services
from reports.exports import notice_pdf, notice_workbook
from reports.models import MonthlyNotice
from reports.periods import Period
from tests.petitions.factories import moment, register
from tests.reception.factories import make_skip_level

pytestmark = pytest.mark.django_db

OCTOBER = Period.of(2026, 10, "calendar")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(october, office):
    return services.notice_build(period=OCTOBER, by=office, at=moment(october["today"]))


def total(notice):
    return notice.figures["table"]["rows"][-1]["values"]


def test_a_draft_holds_the_figures_and_a_generated_summary(draft):
    assert draft.is_draft
    assert (draft.first_day, draft.last_day) == (date(2026, 10, 1), date(2026, 10, 31))
    assert total(draft)["received"] == 3
    summary = draft.figures["summary"]
    assert "2026-10-01至2026-10-31，共登记（收到）信访事项3件" in summary
    assert "环比上升200.0%" in summary
    assert "集体访1批6人次" in summary
    assert "信访量较多的单位是甲煤矿（2件）、乙煤矿（1件）" in summary
    assert "越级访：进京1批3人次，赴省1批2人次，来市（来集团）1批25人次，来区1批1人次。" in summary


def test_the_table_is_ranked_by_the_stated_order(draft, people, unit_b, office):
    # A and B: two skip-level batches and one overdue case each; A received more.
    assert [row["unit"] for row in draft.ranked_rows] == ["甲煤矿", "乙煤矿"]
    assert draft.figures["without_skip_level"] == []
    # A third skip-level batch puts B first, whatever A's other figures.
    make_skip_level(by=office, unit=unit_b, on=date(2026, 10, 12), level=SkipLevel.PROVINCE)
    rebuilt = services.notice_build(period=draft.period, by=office)
    assert [row["unit"] for row in rebuilt.ranked_rows][:2] == ["乙煤矿", "甲煤矿"]


def test_rebuilding_a_draft_refreshes_it_in_place(draft, people, office):
    register(by=people["clerk"], at=moment("2026-10-28"), channel=Channel.FAX)
    rebuilt = services.notice_build(period=OCTOBER, by=office)
    assert rebuilt.pk == draft.pk
    assert total(rebuilt)["received"] == 4
    assert MonthlyNotice.objects.count() == 1


def test_a_published_notice_never_changes(draft, people, office):
    services.notice_set_issues(notice=draft, issues="杨柳煤矿越级访已化解。", by=office)
    published = services.notice_publish(notice=draft, by=office)
    frozen = dict(published.figures)
    assert published.workbook
    assert published.document

    register(by=people["clerk"], at=moment("2026-10-28"), channel=Channel.FAX)
    again = services.notice_build(period=OCTOBER, by=office)
    assert again.pk == published.pk
    again.refresh_from_db()
    assert again.figures == frozen
    assert total(again)["received"] == 3
    with pytest.raises(services.ReportError):
        services.notice_set_issues(notice=again, issues="改写", by=office)

    correction = services.notice_correct(notice=again, by=office)
    assert (correction.version, correction.is_draft, correction.corrects) == (2, True, published)
    assert total(correction)["received"] == 4
    # The remarks explained the old table: not carried over once a figure changed.
    assert correction.issues == ""
    assert {
        "unit": "合计",
        "column": "登记（收到）信访量（件）·合计",
        "before": "3",
        "after": "4",
    } in (correction.figures["changes"])
    assert services.latest_notice(OCTOBER) == correction


def test_only_the_office_builds_and_publishes(october, leader):
    with pytest.raises(services.ReportError):
        services.notice_build(period=OCTOBER, by=leader)


def test_the_workbook_reopens_with_its_sheets_headers_and_totals(draft):
    workbook = openpyxl.load_workbook(notice_workbook(draft))
    assert workbook.sheetnames == ["各单位统计", "按性质", "问题分类", "越级访", "已超期"]
    units = workbook["各单位统计"]
    assert units["A1"].value.startswith(
        "各单位信访情况统计表 2026年10月（2026-10-01 至 2026-10-31）"
    )
    assert units.freeze_panes == "B3"  # the unit column and the header rows
    header = [cell.value for cell in units[2]]
    assert header[:3] == ["单位", "登记（收到）信访量（件）·合计", "登记（收到）信访量（件）·来信"]
    last = [cell.value for cell in units[units.max_row]]
    # Rows 3-5: 甲, 乙, 待交办; the total row sums them.
    assert last[:3] == ["合计（件数为各行之和，比率按合计件数计算）", "=SUM(B3:B5)", "=SUM(C3:C5)"]
    rate_column = header.index("办理情况·按期办结率")
    assert units.cell(row=units.max_row, column=rate_column + 1).number_format == "0.0%"
    skip_batches = header.index("越级访·进京·批次")
    assert units.cell(row=3, column=skip_batches + 1).value == 1
    assert (
        last[skip_batches]
        == f"=SUM({get_column_letter(skip_batches + 1)}3:{get_column_letter(skip_batches + 1)}5)"
    )
    # Printed landscape, one page wide, the heading and header rows on every page.
    assert units.page_setup.orientation == "landscape"
    assert (units.page_setup.fitToWidth, units.page_setup.fitToHeight) == (1, 0)
    assert units.sheet_properties.pageSetUpPr.fitToPage
    assert units.print_title_rows == "$1:$2"
    natures = [[cell.value for cell in row] for row in workbook["按性质"].iter_rows(min_row=3)]
    assert natures == [
        ["建议意见类", 0],
        ["检举控告类", 0],
        ["申诉求决类", 3],
        ["合计", "=SUM(B3:B5)"],
    ]
    visits = workbook["越级访"]
    assert visits["A1"].value.startswith("越级访明细 2026年10月（2026-10-01 至 2026-10-31）")
    assert [row[0].value.date().isoformat() for row in visits.iter_rows(min_row=3)] == [
        "2026-10-08",
        "2026-10-20",
        "2026-10-21",
        "2026-10-31",
    ]
    overdue = workbook["已超期"]
    assert overdue.max_row == 2 + 3  # heading, header and the three overdue cases


def test_the_pdf_has_the_period_units_and_totals_in_chinese(draft, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(notice_pdf(draft))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "关于2026年10月全集团信访工作情况的通报" in text
    assert "2026-10-01至2026-10-31" in text
    assert "甲煤矿" in text
    assert "乙煤矿" in text
    assert "合计" in text
    assert "进京" in text
    assert "越级访：进京1批3人次" in text.replace(" ", "").replace("\n", "")
    assert "需要说明的问题" in text


def test_monthly_report_command_writes_the_draft_files(october, tmp_path):
    out = io.StringIO()
    call_command(
        "monthly_report",
        "--month",
        "2026-10",
        "--xlsx",
        str(tmp_path / "m.xlsx"),
        "--pdf",
        str(tmp_path / "m.pdf"),
        stdout=out,
    )
    assert "2026-10 v1: draft" in out.getvalue()
    assert openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames[0] == "各单位统计"
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
    notice = MonthlyNotice.objects.get()
    assert total(notice)["received"] == 3


def test_monthly_report_without_a_month_does_what_the_monthly_job_does(october, office):
    out = io.StringIO()
    with mock.patch(
        "reports.management.commands.monthly_report.timezone.localdate",
        return_value=date(2026, 11, 1),
    ):
        call_command("monthly_report", stdout=out)
    assert "2026-10 v1: draft" in out.getvalue()
    notice = MonthlyNotice.objects.get()
    assert notice.workbook
    assert Notification.objects.get(kind="monthly_notice").recipient == office


def test_monthly_report_rejects_a_malformed_month():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2026-10"):
        call_command("monthly_report", "--month", "2026-9")


def test_the_monthly_job_drafts_the_last_completed_period(october, office):
    from reports.tasks import build_monthly_notice

    with mock.patch("reports.tasks.timezone.localdate", return_value=date(2026, 11, 1)):
        build_monthly_notice.delay()
    notice = MonthlyNotice.objects.get()
    assert notice.period.key == "2026-10"
    assert notice.is_draft
    # The draft's workbook and PDF are kept, and the office is told where to review it.
    assert openpyxl.load_workbook(notice.workbook.open("rb")).sheetnames[0] == "各单位统计"
    assert notice.document.read(5) == b"%PDF-"
    told = Notification.objects.get(kind="monthly_notice")
    assert told.recipient == office
    assert told.url == "/reports/monthly/2026-10/"
    assert "2026年10月" in told.text


def test_the_monthly_job_leaves_a_published_notice_alone(draft, office):
    from reports.tasks import build_monthly_notice

    published = services.notice_publish(notice=draft, by=office)
    with mock.patch("reports.tasks.timezone.localdate", return_value=date(2026, 11, 1)):
        build_monthly_notice.delay()
    assert MonthlyNotice.objects.get() == published
    assert not Notification.objects.filter(kind="monthly_notice").exists()


def test_the_monthly_job_is_scheduled_after_each_period():
    entry = settings.CELERY_BEAT_SCHEDULE["build-monthly-notice"]
    assert entry["task"] == "reports.tasks.build_monthly_notice"
    assert entry["schedule"].hour == {6}
    assert entry["schedule"].day_of_month == {1}


# --- Views ----------------------------------------------------------------------------


def test_office_builds_edits_and_publishes_in_the_browser_views(client, october, office):
    client.force_login(office)
    page = client.get("/reports/monthly/2026-10/")
    assert "生成草稿" in page.content.decode()
    # Before the draft, the live figures it would take are on the page.
    assert "实时统计" in page.content.decode()
    preview_total = page.context["preview"]["rows"][-1]
    assert preview_total["kind"] == "total"
    assert preview_total["counts"]["received"] > 0
    client.post("/reports/monthly/2026-10/build/")
    client.post("/reports/monthly/2026-10/issues/", {"issues": "第一段。\n第二段。"})
    html = client.get("/reports/monthly/2026-10/").content.decode()
    assert "<p>第一段。</p>" in html
    assert "草稿" in html
    client.post("/reports/monthly/2026-10/publish/")
    notice = MonthlyNotice.objects.get()
    assert not notice.is_draft
    xlsx = client.get("/reports/monthly/2026-10.xlsx")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    pdf = client.get("/reports/monthly/2026-10.pdf")
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"


def test_a_unit_leader_sees_only_their_units_figures(client, october, leader):
    client.force_login(leader)
    html = client.get("/reports/monthly/2026-10/").content.decode()
    assert "甲煤矿" in html
    assert "乙煤矿" not in html
    assert client.post("/reports/monthly/2026-10/build/").status_code == 403
    assert client.get("/reports/monthly/2026-10.pdf").status_code == 403
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get("/reports/monthly/2026-10.xlsx").streaming_content))
    )
    names = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=3, values_only=True)]
    assert names == ["甲煤矿", "合计（件数为各行之和，比率按合计件数计算）"]


def test_a_month_that_is_not_a_month_is_404(client, office):
    client.force_login(office)
    assert client.get("/reports/monthly/2026-13/").status_code == 404


# --- A published workbook is a snapshot -------------------------------------------------------


def overdue_listed(workbook) -> list[list]:
    """The overdue sheet's rows (number, summary, unit, state, due, days overdue)."""
    sheet = openpyxl.load_workbook(workbook)["已超期"]
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]


def as_listed(figures) -> list[list]:
    return [
        [
            case["number"],
            case["summary"],
            case["unit"] or None,  # an empty cell reads back as None
            case["state"],
            datetime.fromisoformat(case["due"]),
            case["days_overdue"],
        ]
        for case in figures["overdue"]
    ]


def visits_listed(workbook) -> list[str]:
    sheet = openpyxl.load_workbook(workbook)["越级访"]
    return [row[0].value.date().isoformat() for row in sheet.iter_rows(min_row=3)]


OCTOBER_VISITS = ["2026-10-08", "2026-10-20", "2026-10-21", "2026-10-31"]


def decide_the_repeat_call(people):
    """Case 3, registered and overdue, is decided: no longer overdue live."""
    repeat_call = Petition.objects.get(channel=Channel.PHONE, received_on=date(2026, 10, 15))
    services_p.petition_reject(
        petition=repeat_call,
        reason="being_handled",
        note="重复信访，原事项已答复。",
        by=people["clerk"],
        at=moment("2026-11-20"),
    )
    return repeat_call.number


def downloaded(client, office, period) -> io.BytesIO:
    client.force_login(office)
    response = client.get(f"/reports/monthly/{period.key}.xlsx")
    assert response.status_code == 200
    return io.BytesIO(b"".join(response.streaming_content))


def commanded(period, tmp_path) -> io.BytesIO:
    path = tmp_path / "command.xlsx"
    out = io.StringIO()
    call_command("monthly_report", "--month", period.key, "--xlsx", str(path), stdout=out)
    assert "published (unchanged)" in out.getvalue()
    return io.BytesIO(path.read_bytes())


def test_a_published_workbook_lists_the_overdue_cases_of_its_figures_ever_after(
    client, draft, people, office, tmp_path
):
    published = services.notice_publish(notice=draft, by=office)
    frozen = as_listed(published.figures)
    assert len(frozen) == total(published)["overdue_now"] == 3

    number = decide_the_repeat_call(people)
    assert not Petition.objects.overdue(date(2026, 11, 5)).filter(number=number).exists()
    make_skip_level(by=office, unit=people["unit"], on=date(2026, 10, 25))  # reported late

    for workbook in (downloaded(client, office, OCTOBER), commanded(OCTOBER, tmp_path)):
        listed = overdue_listed(workbook)
        assert number in [row[0] for row in listed]
        assert listed == frozen
        workbook.seek(0)
        assert visits_listed(workbook) == OCTOBER_VISITS


def test_a_published_workbook_without_its_kept_file_is_written_from_the_frozen_figures(
    client, draft, people, office, tmp_path
):
    published = services.notice_publish(notice=draft, by=office)
    MonthlyNotice.objects.filter(pk=published.pk).update(workbook="")
    number = decide_the_repeat_call(people)
    make_skip_level(by=office, unit=people["unit"], on=date(2026, 10, 25))

    for workbook in (downloaded(client, office, OCTOBER), commanded(OCTOBER, tmp_path)):
        listed = overdue_listed(workbook)
        assert number in [row[0] for row in listed]
        assert listed == as_listed(published.figures)
        workbook.seek(0)
        assert visits_listed(workbook) == OCTOBER_VISITS


def test_publishing_keeps_the_lists_taken_with_the_figures(client, draft, people, office, tmp_path):
    # Decided after the draft's figures were taken, before publication: the
    # workbook circulated lists what the published count counts.
    number = decide_the_repeat_call(people)
    make_skip_level(by=office, unit=people["unit"], on=date(2026, 10, 25))
    published = services.notice_publish(notice=draft, by=office)
    assert total(published)["overdue_now"] == 3
    listed = overdue_listed(published.workbook.open("rb"))
    assert number in [row[0] for row in listed]
    assert listed == as_listed(published.figures)
    assert visits_listed(published.workbook.open("rb")) == OCTOBER_VISITS


# --- The monthly job tells people once; a redraft replaces its files ------------------------


def test_a_second_monthly_run_notifies_nobody_and_replaces_its_files(october, office, tmp_path):
    first = io.StringIO()
    localdate = "reports.management.commands.monthly_report.timezone.localdate"
    with mock.patch(localdate, return_value=date(2026, 11, 1)):
        call_command("monthly_report", stdout=first)
    notice = MonthlyNotice.objects.get()
    old_files = [notice.workbook.path, notice.document.path]
    assert Notification.objects.filter(kind="monthly_notice").count() == 1

    second = io.StringIO()
    with mock.patch(localdate, return_value=date(2026, 11, 2)):
        call_command("monthly_report", stdout=second)
    assert "already drafted" in second.getvalue()
    assert Notification.objects.filter(kind="monthly_notice").count() == 1  # nobody again
    notice.refresh_from_db()
    assert MonthlyNotice.objects.count() == 1
    current = [notice.workbook.path, notice.document.path]
    assert all(Path(path).exists() for path in current)
    assert len(list((tmp_path / "reports").iterdir())) == 2  # the old ones are gone
    assert not any(Path(path).exists() for path in old_files if path not in current)


def test_refreshing_a_draft_by_hand_drops_the_files_of_its_old_figures(october, office):
    from reports.services import notice_prepare_last_period

    notice, done = notice_prepare_last_period(today=date(2026, 11, 1))
    assert done == "drafted"
    old = [notice.workbook.path, notice.document.path]
    services.notice_build(period=OCTOBER, by=office)
    notice.refresh_from_db()
    assert not notice.workbook
    assert not notice.document
    assert not any(Path(path).exists() for path in old)


# --- The official document ---------------------------------------------------------------------


def test_publishing_numbers_the_notice_from_the_yearly_sequence(draft, office, settings):
    settings.NOTICE_NUMBER_PREFIX = "集团信访通"
    from organization.services import allocate_number

    with transaction.atomic():
        for _ in range(10):
            allocate_number("monthly_notice", 2026)
    published = services.notice_publish(notice=draft, by=office, at=moment("2026-12-04"))
    assert published.number == "集团信访通〔2026〕11号"  # noqa: RUF001


def pdf_text(notice, tmp_path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(notice_pdf(notice))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_is_an_official_document(draft, office, tmp_path, settings):
    settings.LETTER_ISSUER = "测试集团信访办公室"
    draft = services.notice_build(period=OCTOBER, by=office, at=moment("2026-11-05"))
    services.notice_set_issues(
        notice=draft, issues="", recipients="各单位", copy_to="集团公司领导", by=office
    )
    published = services.notice_publish(notice=draft, by=office, at=moment("2026-12-04"))
    text = pdf_text(published, tmp_path)
    flat = text.replace(" ", "").replace("\n", "")
    assert published.number in flat
    assert "各单位：" in flat
    assert "抄送：集团公司领导。" in flat
    assert "测试集团信访办公室" in text
    assert "2026年12月4日印发" in flat
    assert "统计期间：2026年10月1日至2026年10月31日。" in flat
    assert "1/2" in text.replace(" ", "")  # the page number in the footer
    # Every level that counts has its column; 待交办 has its row; figures by nature.
    assert "来区" in text
    assert "待交办" in text
    assert "按性质分：建议意见类0件，检举控告类0件，申诉求决类3件。" in flat
    assert "登记件数" in text
    assert "受理件数" in text
    assert "期限届满日所在统计期" in flat  # the rates' definition


def test_a_correction_says_what_changed_and_why(draft, people, office, tmp_path):
    services.notice_set_issues(notice=draft, issues="本月无越级访增量。", by=office)
    published = services.notice_publish(notice=draft, by=office, at=moment("2026-11-06"))
    register(by=people["clerk"], at=moment("2026-10-28"), channel=Channel.FAX)
    correction = services.notice_correct(notice=published, by=office)
    assert correction.issues == ""  # the old remarks are not carried over silently
    with pytest.raises(services.ReportError, match="更正原因"):
        services.notice_publish(notice=correction, by=office)
    services.notice_set_issues(
        notice=correction, issues="", correction_reason="补录10月28日传真来信。", by=office
    )
    corrected = services.notice_publish(notice=correction, by=office, at=moment("2026-11-10"))
    assert corrected.number != published.number
    flat = pdf_text(corrected, tmp_path).replace(" ", "").replace("\n", "")
    assert "更正说明" in flat
    assert f"本版更正并替代第1版（{published.number}）" in flat
    assert "更正原因：补录10月28日传真来信。" in flat
    assert "合计登记（收到）信访量（件）·合计34" in flat  # unit, figure, was, now


def test_a_correction_without_changed_figures_keeps_its_remarks(draft, office):
    services.notice_set_issues(notice=draft, issues="说明。", by=office)
    published = services.notice_publish(notice=draft, by=office, at=moment("2026-11-06"))
    with mock.patch("reports.services.timezone.localtime", return_value=moment("2026-11-05")):
        correction = services.notice_correct(notice=published, by=office)
    assert correction.figures["changes"] == []
    assert correction.issues == "说明。"
