"""Attachments are served as the type their checked extension says, never the uploader's claim."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions import services
from petitions.models import Attachment, Nature
from petitions.validators import content_type_for, shortened_name
from tests.petitions.factories import advance, register
from tests.petitions.test_views import registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload_as(client, user, upload):
    client.force_login(user)
    client.post("/petitions/new/", {**registration_post(), "attachments": upload})
    attachment = Attachment.objects.get()
    return attachment, f"/petitions/{attachment.petition.number}/attachments/{attachment.pk}/"


def test_upload_claiming_text_html_is_stored_and_served_as_its_extension_says(client, clerk):
    crafted = SimpleUploadedFile(
        "证据.txt", b"<html><script>alert(1)</script></html>", content_type="text/html"
    )
    attachment, url = upload_as(client, clerk, crafted)
    assert attachment.content_type == "text/plain"

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_stored_type_from_older_uploads_is_ignored_when_serving(client, clerk):
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    attachment, url = upload_as(client, clerk, pdf)
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_long_file_name_keeps_its_extension(client, clerk):
    name = "材" * 250 + ".pdf"
    attachment, url = upload_as(client, clerk, SimpleUploadedFile(name, b"%PDF-1.4 x"))
    assert len(attachment.original_name) == 200
    assert attachment.original_name.endswith(".pdf")
    assert client.get(url)["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.PDF", "application/pdf"),
        ("a.jpg", "image/jpeg"),
        ("a.jpeg", "image/jpeg"),
        ("a.png", "image/png"),
        ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a.doc", "application/msword"),
        ("a.txt", "text/plain"),
        ("a.html", "application/octet-stream"),
        ("noextension", "application/octet-stream"),
    ],
)
def test_content_type_comes_from_a_fixed_map(name, expected):
    assert content_type_for(name) == expected


def test_shortening_keeps_the_extension_and_short_names_untouched():
    assert shortened_name("short.pdf", 200) == "short.pdf"
    assert shortened_name("x" * 300 + ".docx", 200) == "x" * 195 + ".docx"
    assert shortened_name("y" * 300, 200) == "y" * 200


# --- Shown in the browser: images and PDFs only ----------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("扫描件.pdf", b"%PDF-1.4 evidence", "application/pdf"), ("现场照片.png", PNG, "image/png")],
)
def test_images_and_pdfs_are_shown_inline_to_those_who_may_see_them(
    client, clerk, name, content, content_type
):
    _attachment, url = upload_as(client, clerk, SimpleUploadedFile(name, content))

    response = client.get(f"{url}view/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == content
    # The download stays a download.
    assert client.get(url)["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("stored", "content"),
    [
        ("attachments/2026/01/abc.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("attachments/2026/01/abc.html", b"<html><script>alert(1)</script></html>"),
        ("attachments/2026/01/abc.txt", b"<html><script>alert(1)</script></html>"),
        ("attachments/2026/01/abc.docx", b"PK\x03\x04 not shown"),
    ],
)
def test_svg_html_and_other_types_are_never_inline(client, clerk, stored, content):
    """Even a row from before the type checks (or put in by hand) is only a download."""
    attachment, url = upload_as(client, clerk, SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    default_storage.save(stored, ContentFile(content))
    Attachment.objects.filter(pk=attachment.pk).update(
        file=stored, original_name=stored.rsplit("/", 1)[1], content_type="text/html"
    )

    response = client.get(f"{url}view/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] in (
        "application/octet-stream",
        "text/plain",
        content_type_for(stored),
    )
    assert "html" not in response["Content-Type"]
    assert "svg" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_preview_is_refused_as_the_download_is(client, people, outsider):
    """Outside the case's scope: 404; an accusation's registration file for the unit: 403."""
    _attachment, url = upload_as(client, people["clerk"], SimpleUploadedFile("a.png", PNG))
    client.force_login(outsider)
    assert client.get(f"{url}view/").status_code == 404
    assert client.get(url).status_code == 404

    accusation = advance(
        register(by=people["clerk"], nature=Nature.ACCUSATION), "in_progress", **people
    )
    scan = services.attachment_add(
        petition=accusation, upload=SimpleUploadedFile("举报信.png", PNG), by=people["clerk"]
    )
    accusation_url = f"/petitions/{accusation.number}/attachments/{scan.pk}/"
    client.force_login(people["handler"])
    assert client.get(f"{accusation_url}view/").status_code == 403
    assert client.get(accusation_url).status_code == 403
    html = client.get(f"/petitions/{accusation.number}/").content.decode()
    assert f"{accusation_url}view/" not in html
    client.force_login(people["office"])
    assert client.get(f"{accusation_url}view/").status_code == 200


def test_the_case_page_shows_image_thumbnails_and_opens_pdfs_inline(client, clerk):
    image, image_url = upload_as(client, clerk, SimpleUploadedFile("照片.png", PNG))
    petition = image.petition
    scan = services.attachment_add(
        petition=petition, upload=SimpleUploadedFile("扫描.pdf", b"%PDF-1.4 x"), by=clerk
    )
    doc = services.attachment_add(
        petition=petition, upload=SimpleUploadedFile("说明.docx", b"PK\x03\x04 x"), by=clerk
    )
    html = client.get(f"/petitions/{petition.number}/").content.decode()

    assert f'<img src="{image_url}view/"' in html
    assert (
        f'href="/petitions/{petition.number}/attachments/{scan.pk}/view/" target="_blank"' in html
    )
    doc_url = f"/petitions/{petition.number}/attachments/{doc.pk}/"
    assert f'href="{doc_url}"' in html
    assert f"{doc_url}view/" not in html
    assert html.count("<img ") == 1 + html.count('<img src="/static')
