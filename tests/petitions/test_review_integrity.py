"""Issue 13, review integrity: the three-level procedure (XG 35, 36) done by the right
organs, on the right clocks.

1. review by the level above, never by the unit that replied;
2. service (送达) starts the windows; an unserved reply's window has not started;
3. review requests are decided: accepted (clock starts) or refused with a reason;
4. a hearing's days are not counted in the re-review clock;
5. closing inside a window needs the petitioner's written statement;
6. the same matter after 终结 is proposed 不再受理;
7. 批示件/交办件 are signed off by the unit's main leader;
8. each case names its handler; lists filter "mine"; reminders reach the handler.

Cases are built on Monday 12 October 2026 and acted on later, in calendar days.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from organization.models import Leadership
from organization.roles import Role
from petitions import services
from petitions.forms import RefuseReviewRequestForm, RejectForm
from petitions.models import CaseEvent, Holiday, Petition, ReviewRequest, ServiceRecord
from petitions.services import ActionNotAllowed, PetitionError
from tests.factories import UserFactory

from .factories import OUTSIDE_ORGAN, advance, moment, register, serve

pytestmark = pytest.mark.django_db

D = date.fromisoformat
S = Petition.State
BUILT = "2026-10-12"


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def build(state, people, *, unit=None, **register_kwargs) -> Petition:
    petition = register(by=people["clerk"], at=moment(BUILT), **register_kwargs)
    return advance(petition, state, at=moment(BUILT), **{**people, "unit": unit or people["unit"]})


def statement():
    return SimpleUploadedFile("调解协议书.pdf", b"%PDF-1.4 agreement", "application/pdf")


@pytest.fixture
def office_leader(group_root):
    return UserFactory(username="office_leader", unit=group_root, roles=[Role.LEADER])


@pytest.fixture
def office_handler(group_root):
    return UserFactory(username="office_handler", unit=group_root, roles=[Role.HANDLER])


def own_replied(people, office_handler, office_leader, *, at=BUILT) -> Petition:
    """A case the office handled itself and signed off on `at`: replied by the group."""
    petition = register(by=people["clerk"], at=moment(at))
    petition = services.petition_accept(petition=petition, by=people["office"], at=moment(at))
    petition = services.petition_submit_report(
        petition=petition,
        report="经查。",
        opinion="reject",
        text="不予支持。",
        basis="《信访工作条例》第三十二条",
        by=office_handler,
        at=moment(at),
    )
    return services.petition_sign_off(petition=petition, by=office_leader, at=moment(at))


# --- 1. Review by the level above -------------------------------------------------------------


def test_a_case_replied_by_a_unit_is_reviewed_by_its_parent(people, group_root):
    petition = build(S.REPLIED, people)
    assert petition.replying_unit == people["unit"]

    petition = services.petition_request_review(
        petition=petition, by=people["office"], at=moment("2026-10-19")
    )
    assert petition.review_unit == group_root
    assert petition.review_organ == ""
    assert petition.review_organ_name == group_root.name


def test_a_unit_can_never_review_its_own_reply(people):
    """The leader of unit A has the review right, but A replied: A's leader may neither
    accept the request nor issue the review; the level above (the group) may."""
    petition = build(S.REPLIED, people)
    leader_of_a = people["leader"]
    assert leader_of_a.has_perm("petitions.review_petition")

    with pytest.raises(ActionNotAllowed):
        services.petition_request_review(petition=petition, by=leader_of_a, at=moment("2026-10-19"))
    petition = services.petition_request_review(
        petition=petition, by=people["office"], at=moment("2026-10-19")
    )
    with pytest.raises(ActionNotAllowed):
        services.petition_issue_review(
            petition=petition, result="uphold", text="维持", by=leader_of_a
        )
    assert Petition.objects.get(pk=petition.pk).state == S.UNDER_REVIEW


def test_a_section_reply_is_reviewed_by_its_unit_and_re_reviewed_by_the_group(
    people, section_a1, group_root
):
    section_handler = UserFactory(unit=section_a1, roles=[Role.HANDLER])
    section_leader = UserFactory(unit=section_a1, roles=[Role.LEADER])
    crew = {**people, "handler": section_handler, "leader": section_leader}
    petition = build(S.REPLIED, crew, unit=section_a1)
    assert petition.replying_unit == section_a1

    # The section's own leader may not review the section's reply ...
    with pytest.raises(ActionNotAllowed):
        services.petition_request_review(
            petition=petition, by=section_leader, at=moment("2026-10-19")
        )
    # ... the mine's leader (the level above) does.
    petition = services.petition_request_review(
        petition=petition, by=people["leader"], at=moment("2026-10-19")
    )
    assert petition.review_unit == people["unit"]
    petition = services.petition_issue_review(
        petition=petition,
        result="uphold",
        text="维持",
        by=people["leader"],
        at=moment("2026-10-20"),
    )
    petition = serve(petition, "review", by=people["leader"], at=moment("2026-10-21"))
    # The mine may not re-review its own review; the group does.
    with pytest.raises(ActionNotAllowed):
        services.petition_request_rereview(
            petition=petition, by=people["leader"], at=moment("2026-10-22")
        )
    petition = services.petition_request_rereview(
        petition=petition, by=people["office"], at=moment("2026-10-22")
    )
    assert petition.rereview_unit == group_root


def test_above_the_top_of_the_tree_the_office_names_the_outside_organ(
    people, office_handler, office_leader
):
    petition = own_replied(people, office_handler, office_leader)
    assert petition.replying_unit == people["office"].unit  # the group, the top
    petition = serve(petition, "reply", by=people["office"], at=moment(BUILT))

    with pytest.raises(PetitionError, match="outside"):
        services.petition_request_review(
            petition=petition, by=people["office"], at=moment("2026-10-19")
        )
    petition = services.petition_request_review(
        petition=petition, organ="淮北市信访局", by=people["office"], at=moment("2026-10-19")
    )
    assert (petition.review_unit, petition.review_organ) == (None, "淮北市信访局")
    # The office records that organ's opinion.
    petition = services.petition_issue_review(
        petition=petition,
        result="uphold",
        text="维持",
        by=people["office"],
        at=moment("2026-10-30"),
    )
    assert petition.state == S.REVIEWED


def test_an_outside_organ_cannot_replace_the_level_above_in_the_tree(people):
    petition = build(S.REPLIED, people)
    with pytest.raises(PetitionError, match="in the system"):
        services.petition_request_review(
            petition=petition, organ="市信访局", by=people["office"], at=moment("2026-10-19")
        )


# --- 2. Service ---------------------------------------------------------------------------


def test_a_reply_served_by_post_three_days_after_sign_off_opens_the_window_from_receipt(
    people, office_handler, office_leader
):
    petition = own_replied(people, office_handler, office_leader, at="2026-10-19")
    assert petition.replied_on == D("2026-10-19")
    assert petition.review_window_end is None
    assert petition.awaiting_service == ["reply"]

    record = services.petition_record_service(
        petition=petition,
        kind="reply",
        method="post",
        posted_on=D("2026-10-19"),
        served_on=D("2026-10-22"),
        note="挂号信回执",
        by=people["office"],
        at=moment("2026-10-23"),
    )

    petition = Petition.objects.get(pk=petition.pk)
    assert petition.reply_served_on == D("2026-10-22")
    assert petition.review_window_end == D("2026-11-21")  # served_on + 30
    assert petition.awaiting_service == []
    assert list(petition.service_records.all()) == [record]
    assert (record.method, record.posted_on) == ("post", D("2026-10-19"))
    event = petition.events.order_by("-pk").first()
    assert event.action == "record_service"
    assert event.payload["served_on"] == "2026-10-22"


def test_a_review_request_on_the_last_day_counted_from_service_is_accepted(
    people, office_handler, office_leader
):
    petition = own_replied(people, office_handler, office_leader, at="2026-10-19")
    petition = serve(
        petition, "reply", by=people["office"], at=moment("2026-10-23"), served_on=D("2026-10-22")
    )
    # Day 31 after sign-off, day 30 after service: still in time.
    petition = services.petition_request_review(
        petition=petition, organ="淮北市信访局", by=people["office"], at=moment("2026-11-21")
    )
    assert petition.state == S.UNDER_REVIEW


def test_the_daily_job_never_closes_a_case_whose_window_has_not_started(
    people, office_handler, office_leader
):
    unserved = own_replied(people, office_handler, office_leader)
    served = build(S.REPLIED, people)  # served on Oct 12: window ends Nov 11

    closed = services.petitions_close_expired_windows(today=D("2027-03-01"))

    assert closed == [served.pk]
    assert Petition.objects.get(pk=unserved.pk).state == S.REPLIED
    with pytest.raises(PetitionError, match="not been served"):
        services.petition_close(
            petition=unserved, reason="window_expired", by=None, at=moment("2027-03-01")
        )


def test_closing_expired_windows_reads_each_case_once_and_derives_the_same_dates(people):
    """The job loads only what closing reads: a field it forgot would be fetched once per
    case (the query count would grow with the cases), or a due date derived wrongly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def close_all(count):
        cases = [build(S.REPLIED, people) for _ in range(count)]
        with CaptureQueriesContext(connection) as queries:
            closed = services.petitions_close_expired_windows(today=D("2027-03-01"))
        assert sorted(closed) == sorted(case.pk for case in cases)
        return cases, len(queries)

    few, few_queries = close_all(2)
    many, many_queries = close_all(5)
    assert many_queries == few_queries
    for case in [*few, *many]:
        closed = Petition.objects.get(pk=case.pk)
        assert (closed.state, closed.closed_on) == (S.CLOSED, D("2027-03-01"))
        derived = {name: getattr(closed, name) for name in services.CLOSING_FIELDS}
        closed.recompute_due_dates(Holiday.objects.work_calendar())  # from every column
        assert {name: getattr(closed, name) for name in services.CLOSING_FIELDS} == derived


def test_the_re_review_window_runs_from_the_review_opinions_service(people):
    petition = build(S.UNDER_REVIEW, people)
    petition = services.petition_issue_review(
        petition=petition,
        result="uphold",
        text="维持",
        by=people["office"],
        at=moment("2026-10-20"),
    )
    assert petition.rereview_window_end is None
    petition = serve(petition, "review", by=people["office"], at=moment("2026-10-26"))
    assert petition.rereview_window_end == D("2026-11-25")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"served_on": D("2026-10-11")}, "on or after"),  # before the reply was issued
        ({"served_on": D("2026-10-20")}, "future"),
    ],
)
def test_a_service_date_must_be_plausible(people, kwargs, message):
    petition = build(S.AWAITING_REVIEW, people)
    petition = services.petition_approve(petition=petition, by=people["office"], at=moment(BUILT))
    with pytest.raises(PetitionError, match=message):
        services.petition_record_service(
            petition=petition,
            kind="reply",
            method="direct",
            by=people["office"],
            at=moment("2026-10-19"),
            **kwargs,
        )
    assert not ServiceRecord.objects.exists()


def test_an_opinion_is_served_once_and_only_after_it_is_issued(people):
    petition = build(S.REPLIED, people)  # served on Oct 12 by the factory
    with pytest.raises(PetitionError, match="already"):
        services.petition_record_service(
            petition=petition,
            kind="reply",
            method="direct",
            served_on=D("2026-10-13"),
            by=people["office"],
            at=moment("2026-10-13"),
        )
    with pytest.raises(PetitionError, match="not been issued"):
        services.petition_record_service(
            petition=petition,
            kind="review",
            method="direct",
            served_on=D("2026-10-13"),
            by=people["office"],
            at=moment("2026-10-13"),
        )


def test_an_outsider_may_not_record_a_service(people, outsider):
    petition = build(S.REPLIED, people)
    with pytest.raises(ActionNotAllowed):
        services.petition_record_service(
            petition=petition,
            kind="other",
            letter="受理告知书",
            method="direct",
            served_on=D("2026-10-13"),
            by=outsider,
            at=moment("2026-10-13"),
        )


# --- 3. Review requests are decided ----------------------------------------------------------


def test_a_request_on_day_31_is_refused_as_late_and_on_day_30_accepted(people):
    petition = build(S.REPLIED, people)  # served Oct 12: day 30 is Nov 11
    assert petition.review_window_end == D("2026-11-11")

    with pytest.raises(ActionNotAllowed, match="30-day"):
        services.petition_request_review(
            petition=petition,
            received_on=D("2026-11-12"),
            by=people["office"],
            at=moment("2026-11-12"),
        )
    form = RefuseReviewRequestForm(
        petition=Petition.objects.get(pk=petition.pk), user=people["office"]
    )
    services.petition_refuse_review_request(
        petition=petition,
        received_on=D("2026-11-12"),
        reason="late",
        note="已超过30日",
        by=people["office"],
        at=moment("2026-11-12"),
    )
    refused = ReviewRequest.objects.get()
    assert (refused.stage, refused.accepted, refused.refusal_reason) == ("review", False, "late")
    stored = Petition.objects.get(pk=petition.pk)
    assert stored.state == S.REPLIED
    assert stored.review_requested_on is None  # no clock started
    assert stored.events.order_by("-pk").first().action == "refuse_review_request"
    assert form.fields["reason"].initial  # the form proposes a reason

    # Received on day 30, entered two days later: accepted, the clock runs from receipt.
    petition = services.petition_request_review(
        petition=stored, received_on=D("2026-11-11"), by=people["office"], at=moment("2026-11-13")
    )
    assert petition.state == S.UNDER_REVIEW
    assert petition.review_due == D("2026-12-11")
    assert ReviewRequest.objects.filter(accepted=True).count() == 1


def test_a_timely_request_cannot_be_refused_as_late(people):
    petition = build(S.REPLIED, people)
    with pytest.raises(PetitionError, match="does not apply"):
        services.petition_refuse_review_request(
            petition=petition,
            received_on=D("2026-11-11"),
            reason="late",
            note="n",
            by=people["office"],
            at=moment("2026-11-11"),
        )
    assert not ReviewRequest.objects.exists()


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("suggestion", "not_appeal"),
        ("final", "already_final"),
        ("someone_else", "not_petitioner"),
    ],
)
def test_a_request_is_refused_for_its_reason(people, setup, reason):
    if setup == "suggestion":
        petition = build(S.REPLIED, people, nature="suggestion")
    elif setup == "final":
        petition = build(S.FINAL, people)
    else:
        petition = build(S.REPLIED, people)
    assert petition.review_request_refusal(D("2026-10-19")) == (
        "" if setup == "someone_else" else reason
    )
    services.petition_refuse_review_request(
        petition=petition,
        received_on=D("2026-10-19"),
        reason=reason,
        note="说明",
        by=people["office"],
        at=moment("2026-10-19"),
    )
    assert ReviewRequest.objects.get(accepted=False).refusal_reason == reason


def test_only_the_deciding_organ_or_the_office_refuses(people, outsider):
    petition = build(S.REPLIED, people)
    with pytest.raises(ActionNotAllowed):
        services.petition_refuse_review_request(
            petition=petition,
            received_on=D("2026-10-19"),
            reason="not_petitioner",
            note="n",
            by=people["leader"],
            at=moment("2026-10-19"),
        )


# --- 4. Hearings -----------------------------------------------------------------------------


def test_a_ten_day_hearing_moves_the_re_review_due_date_by_ten_days(people):
    petition = build(S.UNDER_REREVIEW, people)  # requested Oct 12: due Nov 11
    assert petition.rereview_due == D("2026-11-11")
    assert petition.rereview_organ == OUTSIDE_ORGAN

    petition = services.petition_record_hearing(
        petition=petition, started_on=D("2026-10-20"), by=people["office"], at=moment("2026-10-20")
    )
    # While it runs the clock is paused: no due date.
    assert (petition.rereview_due, petition.current_due) == (None, None)

    petition = services.petition_record_hearing(
        petition=petition,
        started_on=D("2026-10-20"),
        ended_on=D("2026-10-29"),
        by=people["office"],
        at=moment("2026-10-29"),
    )
    assert petition.hearing_days() == 10
    assert petition.rereview_due == D("2026-11-21")
    assert (petition.current_clock, petition.current_due) == ("rereview", D("2026-11-21"))


def test_a_hearing_is_recorded_only_by_the_re_reviewing_organ_during_re_review(people):
    under_review = build(S.UNDER_REVIEW, people)
    with pytest.raises(ActionNotAllowed):
        services.petition_record_hearing(
            petition=under_review,
            started_on=D("2026-10-13"),
            by=people["office"],
            at=moment("2026-10-13"),
        )
    petition = build(S.UNDER_REREVIEW, people)
    with pytest.raises(ActionNotAllowed):
        services.petition_record_hearing(
            petition=petition,
            started_on=D("2026-10-13"),
            by=people["leader"],
            at=moment("2026-10-13"),
        )
    with pytest.raises(PetitionError, match="ends on or after"):
        services.petition_record_hearing(
            petition=petition,
            started_on=D("2026-10-13"),
            ended_on=D("2026-10-12"),
            by=people["office"],
            at=moment("2026-10-14"),
        )


# --- 5. Closing inside a window needs the petitioner's statement -------------------------------


def test_closure_during_the_window_is_refused_without_a_written_statement(people):
    petition = build(S.REPLIED, people)
    events = CaseEvent.objects.count()
    for reason in ("satisfied", "mediation"):
        with pytest.raises(PetitionError, match="written statement"):
            services.petition_close(
                petition=petition, reason=reason, by=people["office"], at=moment("2026-10-19")
            )
    assert Petition.objects.get(pk=petition.pk).state == S.REPLIED
    assert CaseEvent.objects.count() == events


def test_closure_during_the_window_is_allowed_with_the_statement_attached(people):
    petition = build(S.REPLIED, people)
    petition = services.petition_close(
        petition=petition,
        reason="mediation",
        statement="mediation",
        statement_upload=statement(),
        by=people["office"],
        at=moment("2026-10-19"),
    )
    assert petition.state == S.CLOSED
    assert petition.close_statement == "mediation"
    assert petition.close_statement_file in petition.attachments.all()


def test_a_mediation_closure_needs_the_mediation_agreement(people):
    petition = build(S.REPLIED, people)
    with pytest.raises(PetitionError, match="mediation agreement"):
        services.petition_close(
            petition=petition,
            reason="mediation",
            statement="satisfied",
            statement_upload=statement(),
            by=people["office"],
            at=moment("2026-10-19"),
        )


def test_closure_after_the_window_needs_no_statement(people):
    petition = build(S.REPLIED, people)  # window ended Nov 11
    petition = services.petition_close(
        petition=petition, reason="satisfied", by=people["office"], at=moment("2026-11-12")
    )
    assert petition.state == S.CLOSED
    assert petition.close_statement == ""


def test_closure_before_the_reply_is_served_needs_the_statement(
    people, office_handler, office_leader
):
    petition = own_replied(people, office_handler, office_leader)
    with pytest.raises(PetitionError, match="written statement"):
        services.petition_close(
            petition=petition, reason="satisfied", by=people["office"], at=moment("2027-06-01")
        )


# --- 6. Final means final --------------------------------------------------------------------


def test_the_same_matter_after_final_is_proposed_not_to_be_accepted_again(people):
    final = build(S.FINAL, people)
    again = register(by=people["clerk"], at=moment("2026-11-02"), repeat_of=final)

    assert again.repeats_a_final_matter
    assert again.proposed_rejection_reason == "final"
    form = RejectForm(petition=again, user=people["clerk"])
    assert form.fields["reason"].initial == "final"
    assert final.number in form.fields["note"].initial

    again = services.petition_reject(
        petition=again,
        reason="final",
        note="同一事项已复核终结",
        by=people["clerk"],
        at=moment("2026-11-02"),
    )
    assert (again.state, again.rejection_reason) == (S.NOT_ACCEPTED, "final")


def test_a_repeat_of_a_case_not_final_is_not_proposed_for_refusal(people):
    replied = build(S.REPLIED, people)
    again = register(by=people["clerk"], at=moment("2026-11-02"), repeat_of=replied)
    assert not again.repeats_a_final_matter
    assert RejectForm(petition=again, user=people["clerk"]).fields["reason"].initial is None


# --- 7. Main-leader sign-off of 批示件/交办件 ----------------------------------------


def instructed(people) -> Petition:
    petition = register(by=people["clerk"], at=moment(BUILT))
    petition = services.petition_assign(
        petition=petition,
        unit=people["unit"],
        due=D("2026-12-11"),
        instruction_by="集团公司董事长",
        instruction_on=D("2026-10-10"),
        instruction_text="请甲矿主要负责同志亲自督办，限期办结。",
        by=people["clerk"],
        at=moment(BUILT),
    )
    return advance(petition, S.AWAITING_SIGNOFF, at=moment(BUILT), **people)


def test_an_instructed_case_is_not_signed_off_by_a_deputy(people):
    petition = instructed(people)
    assert petition.needs_main_leader()
    assert people["leader"].leadership != Leadership.MAIN
    with pytest.raises(ActionNotAllowed):
        services.petition_sign_off(petition=petition, by=people["leader"], at=moment("2026-10-19"))
    assert Petition.objects.get(pk=petition.pk).state == S.AWAITING_SIGNOFF


def test_an_instructed_case_is_signed_off_by_the_units_main_leader(people, unit_a):
    chief = UserFactory(unit=unit_a, roles=[Role.LEADER], leadership=Leadership.MAIN)
    petition = instructed(people)
    petition = services.petition_sign_off(petition=petition, by=chief, at=moment("2026-10-19"))
    assert petition.state == S.AWAITING_REVIEW
    assert (petition.instruction_by, petition.instruction_on) == ("集团公司董事长", D("2026-10-10"))


def test_a_case_without_instruction_is_signed_off_by_any_leader_of_the_unit(people):
    petition = build(S.AWAITING_SIGNOFF, people)
    assert not petition.needs_main_leader()
    petition = services.petition_sign_off(
        petition=petition, by=people["leader"], at=moment("2026-10-19")
    )
    assert petition.state == S.AWAITING_REVIEW


def test_an_instruction_recorded_at_registration_carries_to_sign_off(people):
    petition = register(
        by=people["clerk"],
        at=moment(BUILT),
        instruction_by="省信访局",
        instruction_on=D("2026-10-09"),
        instruction_text="请依法妥善处理。",
    )
    petition = advance(petition, S.AWAITING_SIGNOFF, at=moment(BUILT), **people)
    assert petition.needs_main_leader()
    with pytest.raises(ActionNotAllowed):
        services.petition_sign_off(petition=petition, by=people["leader"], at=moment(BUILT))


def test_an_instruction_needs_who_and_when(people):
    petition = register(by=people["clerk"], at=moment(BUILT))
    with pytest.raises(PetitionError, match="who gave it"):
        services.petition_assign(
            petition=petition,
            unit=people["unit"],
            due=D("2026-12-11"),
            instruction_text="批示",
            by=people["clerk"],
            at=moment(BUILT),
        )


# --- 8. The handler on the case ---------------------------------------------------------------


def test_receiving_names_the_handler_and_the_leader_may_change_it(people, section_a1, outsider):
    petition = build(S.IN_PROGRESS, people)
    assert petition.handler == people["handler"]

    colleague = UserFactory(unit=section_a1, roles=[Role.HANDLER])
    petition = services.petition_set_handler(
        petition=petition, handler=colleague, by=people["leader"], at=moment("2026-10-19")
    )
    assert petition.handler == colleague
    assert petition.events.order_by("-pk").first().payload == {"handler": colleague.pk}

    with pytest.raises(ActionNotAllowed):
        services.petition_set_handler(
            petition=petition,
            handler=people["handler"],
            by=people["handler"],
            at=moment("2026-10-19"),
        )
    with pytest.raises(PetitionError, match="not a handler"):
        services.petition_set_handler(
            petition=petition, handler=outsider, by=people["leader"], at=moment("2026-10-19")
        )


def test_the_list_filters_my_cases(client, people, section_a1):
    mine = build(S.IN_PROGRESS, people)
    other = build(S.IN_PROGRESS, people)
    colleague = UserFactory(unit=section_a1, roles=[Role.HANDLER])
    services.petition_set_handler(
        petition=other, handler=colleague, by=people["leader"], at=moment(BUILT)
    )
    client.force_login(people["handler"])
    response = client.get("/petitions/", {"mine": "true"})
    numbers = [row[0].number for row in response.context["rows"]]
    assert numbers == [mine.number]


@pytest.mark.django_db(transaction=True)
def test_the_daily_job_closes_its_chunks_two_at_a_time_each_committed(people, monkeypatch):
    """Outside a transaction (the daily run) the chunks are closed by two threads, each
    chunk its own transaction: every case closed once, with its one event."""
    monkeypatch.setattr(services, "CLOSING_CHUNK", 2)
    cases = [build(S.REPLIED, people) for _ in range(7)]
    closed = services.petitions_close_expired_windows(today=D("2027-03-01"))
    assert sorted(closed) == sorted(case.pk for case in cases)
    for case in cases:
        case = Petition.objects.get(pk=case.pk)
        assert (case.state, case.closed_on) == (S.CLOSED, D("2027-03-01"))
        assert case.events.filter(action="close").count() == 1
    assert services.petitions_close_expired_windows(today=D("2027-03-02")) == []
