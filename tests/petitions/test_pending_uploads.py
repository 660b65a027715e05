"""Attachments survive a registration form that comes back with errors; every bad file
is named; kept files are their uploader's alone and go after a day."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from organization.roles import Role
from petitions import services, tasks
from petitions.models import Attachment, PendingUpload, Petition
from tests.factories import UserFactory

from .factories import advance, category, petitioner, register
from .test_views import registration_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% evidence\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(name="信访材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def post(client, token, files=(), **overrides):
    data = {**registration_post(), "submission_token": str(token), **overrides}
    if files:
        data["attachments"] = list(files)
    return client.post("/petitions/new/", data)


def registration_data() -> services.RegistrationData:
    return services.RegistrationData(
        channel="letter",
        received_on=timezone.localdate(),
        nature="appeal",
        category=category(),
        summary="反映拖欠工资问题",
        content="反映单位拖欠三个月工资。",
        petitioners=[petitioner()],
    )


def without_summary():
    return {"summary": ""}


# --- Every bad file is named -----------------------------------------------------------------


def test_every_bad_file_is_named_with_why_and_the_good_one_is_kept(client, clerk, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(clerk)
    token = uuid.uuid4()
    files = [
        pdf("好的.pdf"),
        SimpleUploadedFile("病毒.exe", b"MZ...."),
        SimpleUploadedFile("改名.pdf", b"not a pdf at all"),
        SimpleUploadedFile("太大.pdf", b"%PDF-1.4 " + b"x" * 2048),
        SimpleUploadedFile("空的.pdf", b""),
    ]
    response = post(client, token, files)

    html = response.content.decode()
    assert response.status_code == 200
    assert "“病毒.exe”" in html
    assert "不接受" in html
    assert "“改名.pdf”" in html
    assert "是否被改过扩展名" in html
    assert "“太大.pdf”" in html
    assert "上限" in html
    assert "“空的.pdf”" in html
    assert "空文件" in html
    assert not Petition.objects.exists()
    (kept,) = PendingUpload.objects.all()
    assert (kept.original_name, kept.user, kept.form_token) == ("好的.pdf", clerk, token)
    assert "好的.pdf" in html
    assert f"/petitions/kept/{kept.key}/" in html


def test_files_beyond_the_count_are_named(client, clerk, settings):
    settings.ATTACHMENT_MAX_COUNT = 2
    client.force_login(clerk)
    token = uuid.uuid4()
    post(client, token, [pdf("一.pdf")], **without_summary())
    html = post(client, token, [pdf("二.pdf"), pdf("三.pdf")]).content.decode()

    assert "“三.pdf”：最多可附2个文件" in html
    assert html.count("最多可附") == 1
    assert sorted(PendingUpload.objects.values_list("original_name", flat=True)) == [
        "一.pdf",
        "二.pdf",
    ]
    assert not Petition.objects.exists()


# --- Kept, listed, removed, attached ---------------------------------------------------------


def test_a_kept_file_is_attached_when_the_form_is_corrected(client, clerk, media):
    client.force_login(clerk)
    token = uuid.uuid4()
    post(client, token, [pdf()], **without_summary())
    kept = PendingUpload.objects.get()
    stored = kept.file.name

    response = post(client, token)  # corrected, no file chosen again

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.petition == Petition.objects.get()
    assert (attachment.original_name, attachment.size) == ("信访材料.pdf", len(PDF))
    assert attachment.file.name == stored  # the kept file, not a copy
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == clerk
    assert not PendingUpload.objects.exists()
    assert attachment.file.read() == PDF


def test_kept_and_new_files_are_attached_together(client, clerk):
    client.force_login(clerk)
    token = uuid.uuid4()
    post(client, token, [pdf("先.pdf")], **without_summary())
    assert post(client, token, [pdf("后.pdf")]).status_code == 302
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["先.pdf", "后.pdf"]


def test_a_kept_file_ticked_remove_is_not_attached_and_its_file_goes(
    client, clerk, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    token = uuid.uuid4()
    post(client, token, [pdf("留.pdf"), pdf("删.pdf")], **without_summary())
    dropped = PendingUpload.objects.get(original_name="删.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        html = post(client, token, drop_upload=[str(dropped.key)], **without_summary())
    assert "删.pdf" not in html.content.decode()
    assert not default_storage.exists(dropped.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, token).status_code == 302
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["留.pdf"]
    assert not PendingUpload.objects.exists()


def test_a_form_without_its_token_keeps_nothing_and_says_so(client, clerk):
    client.force_login(clerk)
    data = {**registration_post(summary=""), "attachments": [pdf()]}
    html = client.post("/petitions/new/", data).content.decode()
    assert "请重新选择" in html
    assert not PendingUpload.objects.exists()


def test_a_failed_registration_keeps_the_files_whole(clerk, monkeypatch):
    """The case and the take-over of kept files are one transaction."""
    token = uuid.uuid4()
    (kept,) = services.pending_uploads_update(user=clerk, token=token, add=[pdf()])

    def broken(*args, **kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(services, "notify", broken)
    with pytest.raises(RuntimeError):
        services.petition_register(
            data=registration_data(), attachments=[kept], by=clerk, token=token
        )
    assert not Petition.objects.exists()
    assert not Attachment.objects.exists()
    assert PendingUpload.objects.get() == kept


# --- Only the uploader -----------------------------------------------------------------------


def test_a_kept_file_is_served_only_to_its_uploader(client, clerk, office):
    other_clerk = UserFactory(username="clerk2", unit=clerk.unit, roles=[Role.CLERK])
    client.force_login(clerk)
    post(client, uuid.uuid4(), [pdf()], **without_summary())
    url = f"/petitions/kept/{PendingUpload.objects.get().key}/"

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF

    for somebody in (other_clerk, office):
        client.force_login(somebody)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(f"/petitions/kept/{uuid.uuid4()}/").status_code == 302


def test_another_users_form_with_the_same_token_finds_no_kept_files(client, clerk, office):
    token = uuid.uuid4()
    client.force_login(clerk)
    post(client, token, [pdf()], **without_summary())

    client.force_login(office)
    html = post(client, token, **without_summary()).content.decode()
    assert "信访材料.pdf" not in html
    assert post(client, token).status_code == 302
    assert not Attachment.objects.exists()
    assert PendingUpload.objects.get().user == clerk


def test_the_service_refuses_to_attach_someone_elses_kept_file(clerk, office):
    (kept,) = services.pending_uploads_update(user=clerk, token=uuid.uuid4(), add=[pdf()])
    with pytest.raises(services.PetitionError):
        services.petition_register(data=registration_data(), attachments=[kept], by=office)
    assert not Petition.objects.exists()
    assert PendingUpload.objects.get() == kept


# --- Stale kept files go after a day ---------------------------------------------------------


def test_stale_kept_files_go_after_more_than_a_day_and_a_day_old_one_stays(
    clerk, django_capture_on_commit_callbacks
):
    now = timezone.now()
    token = uuid.uuid4()
    day_old, older = services.pending_uploads_update(
        user=clerk, token=token, add=[pdf("一天.pdf"), pdf("更早.pdf")]
    )
    PendingUpload.objects.filter(pk=day_old.pk).update(uploaded_at=now - timedelta(days=1))
    PendingUpload.objects.filter(pk=older.pk).update(uploaded_at=now - timedelta(days=1, seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.pending_uploads_purge(now=now) == 1
    assert list(PendingUpload.objects.all()) == [day_old]
    assert default_storage.exists(day_old.file.name)
    assert not default_storage.exists(older.file.name)
    assert services.pending_uploads_purge(now=now) == 0  # twice: nothing more


def test_the_daily_task_and_the_command_purge(clerk, settings, django_capture_on_commit_callbacks):
    token = uuid.uuid4()
    services.pending_uploads_update(user=clerk, token=token, add=[pdf("一.pdf"), pdf("二.pdf")])
    _first, second = PendingUpload.objects.order_by("pk")
    PendingUpload.objects.update(uploaded_at=timezone.now() - timedelta(days=2))
    PendingUpload.objects.filter(pk=second.pk).update(uploaded_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_pending_uploads.delay().get() == 1
    PendingUpload.objects.update(uploaded_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_pending_uploads", stdout=StringIO())
    assert not PendingUpload.objects.exists()
    entry = settings.CELERY_BEAT_SCHEDULE["purge-pending-uploads"]
    assert entry["task"] == "petitions.tasks.purge_pending_uploads"


# --- Case action forms that take files ---------------------------------------------------------


def report_post(petition, token, files=(), **overrides):
    data = {
        "submit_report-version": petition.version,
        "submit_report-upload_token": str(token),
        "submit_report-report": "经调查，拖欠属实，已协调发放。",
        "submit_report-opinion": "support",
        "submit_report-text": "经核实，综采一区确有拖欠。",
        "submit_report-basis": "《工资支付暂行规定》第七条",
        **{f"submit_report-{name}": value for name, value in overrides.items()},
    }
    if files:
        data["submit_report-attachments"] = list(files)
    return data


def test_the_handling_report_keeps_its_good_files_and_names_the_bad_ones(client, people):
    petition = advance(register(by=people["clerk"]), "in_progress", **people)
    url = f"/petitions/{petition.number}/act/submit_report/"
    token = uuid.uuid4()
    client.force_login(people["handler"])

    response = client.post(
        url,
        report_post(
            petition,
            token,
            [pdf("调查笔录.pdf"), SimpleUploadedFile("脚本.html", b"<b>x</b>")],
            basis="",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "“脚本.html”" in html
    assert "不接受" in html
    (kept,) = PendingUpload.objects.all()
    assert (kept.original_name, kept.user) == ("调查笔录.pdf", people["handler"])
    assert f"/petitions/kept/{kept.key}/" in html

    response = client.post(url, report_post(petition, token, [pdf("照片说明.pdf")]))
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == Petition.State.AWAITING_SIGNOFF
    assert list(petition.attachments.values_list("original_name", flat=True)) == [
        "调查笔录.pdf",
        "照片说明.pdf",
    ]
    assert petition.attachments.get(original_name="调查笔录.pdf").file.name == kept.file.name
    assert not PendingUpload.objects.exists()


def test_the_close_form_keeps_the_statement_document(client, people):
    petition = advance(register(by=people["clerk"]), "replied", **people)
    url = f"/petitions/{petition.number}/act/close/"
    token = uuid.uuid4()
    client.force_login(people["office"])
    data = {
        "close-version": petition.version,
        "close-upload_token": str(token),
        "close-statement": "satisfied",
    }

    response = client.post(url, {**data, "close-statement_upload": pdf("满意.pdf")})
    assert response.status_code == 400  # no reason chosen
    assert "满意.pdf" in response.content.decode()

    response = client.post(url, {**data, "close-reason": "satisfied"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED
    assert petition.close_statement_file.original_name == "满意.pdf"
    assert not PendingUpload.objects.exists()
