from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from petitions.services import ActionNotAllowed
from risk import registers_services as services
from risk.models import RegisterEvent, StabilityAssessment

pytestmark = pytest.mark.django_db

COMPLETE = {
    "kind": StabilityAssessment.Kind.LAYOFF,
    "title": "综采一区减员分流方案",
    "legality": "符合劳动合同法",
    "rationality": "补偿标准高于法定",
    "feasibility": "分流岗位已落实",
    "safety": "可能引发集体访",
    "level": StabilityAssessment.Level.MEDIUM,
    "measures": "逐户走访",
}


def make(unit, by, **fields):
    data = {"unit": unit, **COMPLETE, **fields}
    opinions = [
        {"source": "legal", "who": "法律事务部", "given_on": date(2026, 1, 5), "text": "合法"}
    ]
    return services.assessment_save(assessment=None, data=data, opinions=opinions, by=by)


def test_decision_cannot_be_implemented_without_a_signed_implement_assessment(unit_a, leader):
    assessment = make(unit_a, leader, conclusion=StabilityAssessment.Conclusion.IMPLEMENT)
    assert not assessment.may_mark_implemented(leader)
    with pytest.raises(ActionNotAllowed):
        services.assessment_mark_implemented(assessment=assessment, on=date(2026, 2, 1), by=leader)
    services.assessment_sign(assessment=assessment, by=leader)
    done = services.assessment_mark_implemented(
        assessment=assessment, on=date(2026, 2, 1), by=leader
    )
    assert done.implemented_on == date(2026, 2, 1)
    assert list(
        RegisterEvent.objects.filter(kind="assessment", object_id=assessment.pk).values_list(
            "action", flat=True
        )
    ) == ["create", "sign", "implemented"]


def test_a_signed_postpone_conclusion_is_never_implemented(unit_a, leader):
    assessment = make(unit_a, leader, conclusion=StabilityAssessment.Conclusion.POSTPONE)
    services.assessment_sign(assessment=assessment, by=leader)
    with pytest.raises(ActionNotAllowed):
        services.assessment_mark_implemented(assessment=assessment, on=date(2026, 2, 1), by=leader)
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        StabilityAssessment.objects.filter(pk=assessment.pk).update(implemented_on=date(2026, 2, 1))


def test_incomplete_assessment_cannot_be_signed_and_signed_cannot_be_edited(unit_a, leader):
    assessment = make(unit_a, leader, conclusion="")
    with pytest.raises(ActionNotAllowed):
        services.assessment_sign(assessment=assessment, by=leader)
    assessment = make(unit_a, leader, conclusion=StabilityAssessment.Conclusion.IMPLEMENT)
    services.assessment_sign(assessment=assessment, by=leader)
    with pytest.raises(ActionNotAllowed):
        services.assessment_save(
            assessment=assessment, data={"unit": unit_a, **COMPLETE}, opinions=[], by=leader
        )


def test_handler_cannot_sign(unit_a, leader, handler):
    assessment = make(unit_a, leader, conclusion=StabilityAssessment.Conclusion.IMPLEMENT)
    with pytest.raises(ActionNotAllowed):
        services.assessment_sign(assessment=assessment, by=handler)


def test_create_through_the_page_with_opinions(client, unit_a, leader):
    client.force_login(leader)
    data = {
        "unit": unit_a.pk,
        **COMPLETE,
        "conclusion": "implement",
        "opinions-TOTAL_FORMS": "2",
        "opinions-INITIAL_FORMS": "0",
        "opinions-MIN_NUM_FORMS": "0",
        "opinions-MAX_NUM_FORMS": "30",
        "opinions-0-source": "public",
        "opinions-0-who": "职工代表",
        "opinions-0-given_on": "2026-01-10",
        "opinions-0-text": "希望提高补偿",
    }
    response = client.post(reverse("risk:assessment_create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assessment = StabilityAssessment.objects.get()
    assert assessment.opinions.get().who == "职工代表"
    assert client.get(assessment.get_absolute_url()).status_code == 200
    assert client.get(reverse("risk:assessment_print", args=[assessment.pk])).status_code == 200


def test_pdf_is_a_pdf(client, unit_a, leader):
    assessment = make(unit_a, leader, conclusion="implement")
    client.force_login(leader)
    response = client.get(reverse("risk:assessment_pdf", args=[assessment.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_other_unit_gets_404_and_list_is_scoped(client, unit_a, leader, leader_b):
    assessment = make(unit_a, leader, conclusion="implement")
    client.force_login(leader_b)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert assessment.title not in client.get(reverse("risk:assessment_list")).content.decode()


def test_list_query_count_is_constant(
    client, unit_a, leader, office, django_assert_max_num_queries
):
    client.force_login(office)
    for i in range(5):
        make(unit_a, leader, title=f"事项{i}", conclusion="implement")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("risk:assessment_list"))
    for i in range(20):
        make(unit_a, leader, title=f"更多{i}", conclusion="implement")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("risk:assessment_list"))
