"""factory-boy factories shared by the whole suite."""

import factory
from django.contrib.auth.models import Group

from organization.models import Unit, User

PASSWORD = "correct-horse-42"


def sign_in_request(address="127.0.0.1"):
    """A request for authenticate(): django-axes needs one to count failures by address."""
    from django.test import RequestFactory

    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit; pass parent=<Unit> for a child, none for a root."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Unit.Kind.UNIT

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(parent, kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; roles=[Role.CLERK, ...] puts them in those groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    unit = None

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(role) for role in extracted]))
