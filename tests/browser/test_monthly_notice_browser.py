import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import MonthlyNotice
from reports.periods import Period
from tests.petitions.factories import moment, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_publishes_the_monthly_notice_and_downloads_it(
    page, login, office, clerk, unit_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    period = Period.last_completed(timezone.localdate())
    register(by=clerk, at=moment(period.last), responsible_unit=unit_a)

    login(office)
    page.get_by_role("link", name="统计报表").click()
    page.get_by_role("link", name=period.label).click()
    page.get_by_role("button", name="生成草稿").click()
    expect(page.locator(".notice h1")).to_contain_text("全集团信访工作情况的通报")
    expect(page.locator(".draft-mark")).to_be_visible()

    page.get_by_label("印在“四、需要说明的问题”部分；每行一段。").fill("本月无重大信访事项。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".notice")).to_contain_text("本月无重大信访事项。")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="印发").click()
    expect(page.get_by_text("已印发，通报及统计表已冻结。")).to_be_visible()
    assert not MonthlyNotice.objects.get().is_draft

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="统计表（xlsx）").click()
    xlsx.value.save_as(tmp_path / "monthly.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "monthly.xlsx")
    assert workbook.sheetnames[0] == "各单位统计"
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert pdf.value.path().read_bytes()[:4] == b"%PDF"
