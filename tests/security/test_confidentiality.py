"""The confidentiality walk (DESIGN.md §2, issue 11): for a 检举控告 case assigned to a
unit, nothing reachable by that unit's people names the accuser; a person lookup or
a later registration of the same identity number neither reveals nor changes the
accuser's identity."""

import io
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.utils import timezone

from notifications import outbox
from notifications.models import Notification
from organization.models import Leadership
from organization.roles import Role
from petitions import services
from petitions.letters import LETTERS
from petitions.models import IdentityAccessLog, Nature, Petition
from supervision import alerts
from supervision.models import SupervisionNotice
from tests.factories import UserFactory
from tests.petitions.factories import advance, moment, petitioner, register, valid_id_number

pytestmark = pytest.mark.django_db

NAME = "欧阳秘密"
ID = valid_id_number(77)
PHONE = "13912345678"
SECRETS = (NAME, ID, PHONE, ID[-6:], PHONE[-8:])


def accuser(**overrides):
    return petitioner(name=NAME, id_number=ID, phone=PHONE, address="秘密村1号", **overrides)


@pytest.fixture
def unit_people(unit_a, handler, leader):
    main = UserFactory(
        username="main_leader", unit=unit_a, roles=[Role.LEADER], leadership=Leadership.MAIN
    )
    unit_clerk = UserFactory(username="clerk_a", unit=unit_a, roles=[Role.CLERK])
    for user in (handler, leader, main, unit_clerk):
        user.email = f"{user.username}@example.com"
        user.email_notifications = True
        user.save()
    return {"handler": handler, "leader": leader, "main leader": main, "unit clerk": unit_clerk}


@pytest.fixture
def accusations(people, unit_people):
    """Two accusations against unit A by the same person: one replied, one overdue
    under supervision (so every letter, reminder and 督办单 exists)."""
    replied = register(
        by=people["clerk"], nature=Nature.ACCUSATION, summary="举报矿长", petitioners=[accuser()]
    )
    replied = advance(replied, Petition.State.REPLIED, **people)
    start = timezone.localdate() - timedelta(days=40)
    overdue = register(
        by=people["clerk"],
        at=moment(start),
        nature=Nature.ACCUSATION,
        summary="举报科长",
        petitioners=[accuser()],
    )
    overdue = services.petition_assign(
        petition=overdue,
        unit=people["unit"],
        due=start + timedelta(days=20),
        by=people["clerk"],
        at=moment(start),
    )
    services.petition_receive(petition=overdue, by=people["handler"], at=moment(start))
    alerts.run_deadline_checks()
    assert SupervisionNotice.objects.filter(petition=overdue).exists()
    outbox.send_emails()
    return {"replied": replied, "overdue": Petition.objects.get(pk=overdue.pk)}


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        return "".join(
            workbook.read(name).decode()
            for name in workbook.namelist()
            if name.startswith("xl/") and name.endswith(".xml")
        )


def body(response) -> str:
    if response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        return xlsx_text(response.getvalue())
    return response.content.decode()


def walk(client, cases) -> dict[str, str]:
    """Every page, fragment, export and letter of the cases the user can reach."""
    pages = {}

    def get(url, params=None):
        response = client.get(url, params or {})
        text = body(response)
        if params:
            # What the user typed comes back in the search box and the language form's
            # "next" link: that is not a leak, so it is cut out (the case numbers are
            # checked separately below).
            text = text.replace(response.wsgi_request.get_full_path(), "")
            text = text.replace(response.wsgi_request.get_full_path().replace("&", "&amp;"), "")
            for key, value in params.items():
                text = text.replace(f'value="{value}"', "")
                text = text.replace(urlencode({key: value}), "")
        pages[f"{url} {params or ''}"] = text
        return response

    numbers = [petition.number for petition in cases]
    for term in (NAME, ID, PHONE, PHONE[-4:], NAME[:2]):
        for url in ("/petitions/", "/petitions/export.xlsx"):
            get(url, {"q": term})
            found = pages[f"{url} { ({'q': term}) }"]
            assert not [number for number in numbers if number in found], (url, term)
    get("/petitions/")
    get("/petitions/export.xlsx")
    get("/")
    get("/notifications/")
    for params in (
        {"people-0-name": "别人", "people-0-id_number": ID, "people-0-phone": PHONE},
        {"people-0-name": NAME, "people-0-phone": PHONE},
    ):
        get("/petitions/new/earlier/", params)
        found = pages[f"/petitions/new/earlier/ {params}"]
        assert not [number for number in numbers if number in found], params
    for petition in cases:
        get(f"/petitions/{petition.number}/")
        response = client.post(f"/petitions/{petition.number}/identity/")
        pages[f"reveal {petition.number}"] = response.content.decode()
        for slug in LETTERS:
            get(f"/petitions/{petition.number}/letters/{slug}/")
        for notice in SupervisionNotice.objects.filter(petition=petition):
            get(f"/supervision/notices/{notice.number}/")
            get(f"/supervision/notices/{notice.number}/print/")
    for url in ("/supervision/", "/supervision/export.xlsx", "/supervision/notices/"):
        get(url)
    get("/supervision/notices/export.xlsx")
    get("/reception/received/")
    return pages


@pytest.mark.parametrize("role", ["handler", "leader", "main leader", "unit clerk"])
def test_nothing_the_complained_about_unit_reaches_names_the_accuser(
    client, accusations, unit_people, role
):
    user = unit_people[role]
    client.force_login(user)
    pages = walk(client, accusations.values())

    # The walk reached the cases (the list and the detail page show them).
    assert accusations["replied"].number in pages["/petitions/ "]
    assert any("举报矿长" in text for key, text in pages.items() if key.startswith("/petitions/XF"))
    leaks = {key: s for key, text in pages.items() for s in SECRETS if s in text}
    assert leaks == {}
    texts = [n.text for n in Notification.objects.filter(recipient=user)]
    mails = [m.body + m.subject for m in mail.outbox if user.email in m.to]
    if role != "unit clerk":  # the clerk is not told of the unit's cases
        assert texts, "the unit was told about its cases"
        assert mails, "and e-mailed"
    assert not [t for t in texts + mails for s in SECRETS if s in t]
    assert not IdentityAccessLog.objects.filter(user=user).exists()


# --- Item 1: the earlier-petitions panel ----------------------------------------------------


@pytest.fixture
def accusation(people):
    case = register(
        by=people["clerk"], nature=Nature.ACCUSATION, summary="举报矿长", petitioners=[accuser()]
    )
    return advance(case, Petition.State.IN_PROGRESS, **people)


def panel(client, **people):
    params = {f"people-0-{key}": value for key, value in people.items()}
    return client.get("/petitions/new/earlier/", params).content.decode()


def test_the_earlier_panel_does_not_list_an_accusation_to_its_unit(client, accusation, unit_a):
    unit_clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])
    client.force_login(unit_clerk)
    assert accusation.number not in panel(client, id_number=ID)
    assert accusation.number not in panel(client, phone=PHONE)
    assert not services.earlier_petitions(user=unit_clerk, id_numbers=[ID]).exists()


def test_the_earlier_panel_lists_an_accusation_to_the_office_and_logs_it(
    client, accusation, office
):
    client.force_login(office)
    assert accusation.number in panel(client, id_number=ID)
    log = IdentityAccessLog.objects.get(user=office)
    assert (log.petition, log.purpose) == (accusation, "earlier_lookup")


def test_a_lookup_of_an_ordinary_case_is_not_logged(client, people):
    ordinary = register(by=people["clerk"], petitioners=[accuser()])
    client.force_login(people["clerk"])
    assert ordinary.number in panel(client, id_number=ID)
    assert not IdentityAccessLog.objects.exists()


def test_a_person_search_in_the_list_and_export_finds_the_accusation_for_the_office_logged(
    client, accusation, office
):
    client.force_login(office)
    assert accusation.number in client.get("/petitions/", {"q": PHONE}).content.decode()
    assert IdentityAccessLog.objects.get(user=office).purpose == "list_search"
    export = client.get("/petitions/export.xlsx", {"q": NAME})
    assert accusation.number in xlsx_text(export.getvalue())
    assert IdentityAccessLog.objects.filter(user=office, purpose="export_search").count() == 1
    # A search by the case's own text reveals nobody: not logged.
    client.get("/petitions/", {"q": "矿长"})
    assert IdentityAccessLog.objects.count() == 2


def test_every_person_lookup_uses_the_same_rule(accusation, people, unit_a):
    """The list's person search and the panel find what findable_by_person finds."""
    from petitions.filters import PetitionFilter

    ordinary = register(by=people["clerk"], petitioners=[accuser()])
    advance(ordinary, Petition.State.IN_PROGRESS, **people)
    unit_clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])
    for user in (people["handler"], people["leader"], unit_clerk, people["office"]):
        findable = set(Petition.objects.findable_by_person(user).values_list("pk", flat=True))
        listed = PetitionFilter(
            {"q": NAME}, queryset=Petition.objects.visible_to(user), user=user
        ).qs
        assert set(listed.values_list("pk", flat=True)) == findable & {accusation.pk, ordinary.pk}
        if user.has_perm("petitions.register_petition"):
            found = services.earlier_petitions(user=user, id_numbers=[ID])
            assert set(found.values_list("pk", flat=True)) == findable & {
                accusation.pk,
                ordinary.pk,
            }


# --- Item 2: a registration with the accuser's identity number ----------------------------


@pytest.fixture
def impostor(accusation, unit_a):
    """A clerk of the accused unit registers someone with the accuser's number."""
    unit_clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])
    case = register(
        by=unit_clerk,
        petitioners=[petitioner(name="冒名者", id_number=ID, phone="13600001111", address="x")],
    )
    return unit_clerk, case


def test_the_registering_clerk_sees_the_name_they_typed_not_the_stored_one(client, impostor):
    unit_clerk, case = impostor
    client.force_login(unit_clerk)
    page = client.get(f"/petitions/{case.number}/").content.decode()
    revealed = client.post(f"/petitions/{case.number}/identity/").content.decode()
    listed = client.get("/petitions/", {"q": "冒名者"}).content.decode()
    for text in (page, revealed, listed):
        assert NAME not in text
        assert PHONE not in text
    assert "冒名者" in page
    assert "13600001111" in revealed


def test_the_accusation_keeps_the_accusers_identity_and_contacts(client, impostor, accusation):
    link = accusation.links.get()
    assert (link.name, link.phone, link.address) == (NAME, PHONE, "秘密村1号")
    assert (link.petitioner.name, link.petitioner.phone) == (NAME, PHONE)


def test_the_public_query_keeps_working_with_the_phone_registered(client, impostor, accusation):
    def query(last4):
        response = client.post("/query/", {"code": accusation.query_code, "phone_last4": last4})
        return response.context.get("progress") is not None

    assert query(PHONE[-4:])
    assert not query("1111")


def test_a_different_name_for_a_known_number_warns_only_those_who_may_see_it(
    client, accusation, office, unit_a
):
    client.force_login(office)
    warned = panel(client, name="欧阳别名", id_number=ID)
    assert NAME in warned
    assert accusation.number in warned

    unit_clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])
    client.force_login(unit_clerk)
    silent = panel(client, name="欧阳别名", id_number=ID)
    assert NAME not in silent
    assert accusation.number not in silent
    assert (
        services.people_check(user=unit_clerk, people=[petitioner(name="欧阳别名", id_number=ID)])[
            0
        ].mismatches
        == []
    )


def test_the_same_person_may_be_chosen_only_from_a_case_the_user_may_see(
    client, accusation, office, unit_a
):
    link = accusation.links.get()
    unit_clerk = UserFactory(unit=unit_a, roles=[Role.CLERK])
    client.force_login(unit_clerk)
    html = panel(client, name="某人", phone=PHONE)
    assert not re.search(rf'value="{link.pk}"', html)
    with pytest.raises(services.ActionNotAllowed):
        register(
            by=unit_clerk, petitioners=[petitioner(name="某人", id_number="", same_as=link.pk)]
        )

    client.force_login(office)
    html = panel(client, name="某人", phone=PHONE)
    assert f'value="{link.pk}"' in html
    assert accusation.number in html
    chosen = register(
        by=office, petitioners=[petitioner(name="某人", id_number="", phone="", same_as=link.pk)]
    )
    assert chosen.links.get().petitioner == link.petitioner
    assert chosen.links.get().name == "某人"
    assert accusation.links.get().name == NAME


def test_the_registration_files_of_an_accusation_stay_with_those_who_may_see_the_accuser(
    client, people, unit_people
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    letter = SimpleUploadedFile(
        "欧阳秘密的举报信.pdf", b"%PDF-1.4 accuser letter", "application/pdf"
    )
    case = register(by=people["clerk"], nature=Nature.ACCUSATION, petitioners=[accuser()])
    services.attachment_add(petition=case, upload=letter, by=people["clerk"])
    case = services.petition_assign(
        petition=case,
        unit=people["unit"],
        due=timezone.localdate() + timedelta(days=30),
        by=people["clerk"],
    )
    attachment = case.attachments.get()
    download = f"/petitions/{case.number}/attachments/{attachment.pk}/"

    client.force_login(unit_people["handler"])
    page = client.get(f"/petitions/{case.number}/").content.decode()
    assert "举报信" not in page
    assert "不予显示" in page
    assert client.get(download).status_code == 403

    client.force_login(people["office"])
    assert "举报信" in client.get(f"/petitions/{case.number}/").content.decode()
    assert client.get(download).status_code == 200
