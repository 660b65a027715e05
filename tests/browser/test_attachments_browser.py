"""A registration form that comes back with errors keeps the good file it was given and
names the bad one; corrected, the case has the kept file, shown as a thumbnail."""

import io

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from petitions.models import Attachment, PendingUpload, Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_kept_file_survives_a_form_error_and_is_attached_when_corrected(page, login, clerk):
    assert settings.MEDIA_ROOT  # the fixture's directory
    login(clerk)
    page.get_by_role("link", name="登记").first.click()
    page.get_by_label("内容分类").select_option(label="工资待遇")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("诉求、事实和理由").fill("单位拖欠三个月工资，请求发放。")
    # The summary is left empty; two files are chosen, one of a type not accepted.
    page.locator("input[name=attachments]").set_input_files(
        [
            {"name": "现场照片.png", "mimeType": "image/png", "buffer": photo()},
            {"name": "宏病毒.exe", "mimeType": "application/octet-stream", "buffer": b"MZ..."},
        ]
    )
    page.get_by_role("button", name="登记", exact=True).click()

    expect(page.get_by_text("“宏病毒.exe”：不接受")).to_be_visible()
    kept = page.locator("#kept-uploads")
    expect(kept.get_by_role("link", name="现场照片.png")).to_be_visible()
    expect(kept).not_to_contain_text("宏病毒.exe")
    expect(page.get_by_text("已通过检查的附件已暂存")).to_be_visible()
    assert not Petition.objects.exists()
    assert PendingUpload.objects.get().original_name == "现场照片.png"

    page.get_by_label("概况").fill("反映综采一区拖欠三个月工资")
    page.get_by_role("button", name="登记", exact=True).click()

    expect(page.get_by_text("已登记，编号")).to_be_visible()
    petition = Petition.objects.get()
    assert page.url.endswith(f"/petitions/{petition.number}/")
    attachment = Attachment.objects.get(petition=petition)
    assert attachment.original_name == "现场照片.png"
    assert not PendingUpload.objects.exists()
    # The case page shows it as a thumbnail, loaded from the inline view.
    thumbnail = page.locator("#attachment-thumbnails img")
    expect(thumbnail).to_have_attribute("alt", "现场照片.png")
    page.wait_for_function(
        "() => { const i = document.querySelector('#attachment-thumbnails img');"
        " return i && i.complete && i.naturalWidth === 160; }"
    )
