"""A wide model's rows loaded with columns deferred (organization.loading): the same
values as a full load, the deferred columns read on access, whatever the select's order."""

import pytest

from petitions.models import LIST_DEFERRED, Petition
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def loaded(petition) -> dict:
    deferred = petition.get_deferred_fields()
    return {
        field.attname: getattr(petition, field.attname)
        for field in Petition._meta.concrete_fields
        if field.attname not in deferred
    }


@pytest.mark.parametrize(
    "narrow",
    [
        lambda rows: rows.for_lists(),
        lambda rows: rows.only("state", "number", "summary"),
        lambda rows: rows.only("summary", "responsible_unit", "received_on").defer("summary"),
    ],
)
def test_a_deferred_load_holds_the_full_load_s_values(people, narrow):
    register(by=people["clerk"], summary="反映拖欠工资问题")
    register(by=people["clerk"], summary="采煤塌陷区搬迁", content="补偿不到位。")
    full = {petition.pk: petition for petition in Petition.objects.all()}
    for petition in narrow(Petition.objects.order_by("pk")):
        deferred = petition.get_deferred_fields()
        assert deferred
        assert "id" not in deferred
        whole = full[petition.pk]
        assert loaded(petition) == {name: getattr(whole, name) for name in loaded(petition)}
        # A deferred column is read when asked for.
        for name in deferred:
            assert getattr(petition, name) == getattr(whole, name)


def test_the_list_s_rows_defer_exactly_the_long_columns(people):
    register(by=people["clerk"])
    petition = Petition.objects.for_lists().get()
    attnames = {Petition._meta.get_field(name).attname for name in LIST_DEFERRED}
    assert petition.get_deferred_fields() == attnames
