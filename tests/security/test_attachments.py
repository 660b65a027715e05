"""Attachments are served as the type their checked extension says, never the uploader's claim."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.models import Attachment
from petitions.validators import content_type_for, shortened_name
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
