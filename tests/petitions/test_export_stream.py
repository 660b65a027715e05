"""The petition export at a few thousand rows: streamed, and still exactly right."""

import io
from datetime import date

import openpyxl
import pytest
from django.http import StreamingHttpResponse

from petitions.models import Category, Nature, Petition, Petitioner, PetitionPetitioner

pytestmark = pytest.mark.django_db

COUNT = 3000


def _cases(people):
    """COUNT open cases of unit A, every third an accusation (检举控告), a petitioner each."""
    category = Category.objects.first()
    petitions = [
        Petition(
            number=f"XF2026{index + 1:06d}",
            query_code=f"S{index:08d}",
            channel="letter",
            received_on=date(2026, 1, 5),
            nature=Nature.ACCUSATION if index % 3 == 0 else Nature.APPEAL,
            category=category,
            summary=f"=反映拖欠工资问题{index}",
            content="内容",
            registered_unit=people["unit"],
            registered_by=people["clerk"],
            responsible_unit=people["unit"],
            state=Petition.State.IN_PROGRESS,
            current_clock="handling",
            current_due=date(2026, 3, 7),
        )
        for index in range(COUNT)
    ]
    Petition.objects.bulk_create(petitions)
    people_rows = Petitioner.objects.bulk_create(
        Petitioner(name=f"张{index}", phone=f"139{index:08d}") for index in range(COUNT)
    )
    PetitionPetitioner.objects.bulk_create(
        PetitionPetitioner(petition=petition, petitioner=person, name=person.name)
        for petition, person in zip(petitions, people_rows, strict=True)
    )
    return petitions


def test_a_large_export_streams_every_row_with_labels_and_masking(client, people, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    _cases(people)
    client.force_login(people["handler"])
    response = client.get("/petitions/export.xlsx")
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment")
    chunks = list(response.streaming_content)
    assert len(chunks) > 3  # handed on a chunk at a time, not as one finished file
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(chunks)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[2]]
    assert header[:3] == ["编号", "收到日期", "来源渠道"] or header[0] == "编号"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == COUNT
    by_number = {row[0]: row for row in rows}
    first, second = by_number["XF2026000001"], by_number["XF2026000002"]
    assert first[5] == "（保密）"  # an accusation: the unit does not learn who filed
    assert second[5] == "张1"
    assert second[7] == "=反映拖欠工资问题1"  # formula-like text kept as text
    assert second[9] == str(Petition.State.IN_PROGRESS.label) or second[9] == "办理中"
    assert second[1] == date(2026, 1, 5) or second[1].date() == date(2026, 1, 5)
    assert sum(row[5] == "（保密）" for row in rows) == COUNT // 3
