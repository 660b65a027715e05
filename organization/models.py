from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .roles import Role


def tree_label(depth: int, name: str) -> str:
    """A tree node's name indented by its depth, for choosing from a flat list."""
    return "\u3000" * (depth - 1) + name


def subtree_pks(node: MP_Node) -> list[int]:
    """The ids of a tree node and the nodes below it (one indexed prefix query).

    Filter rows by these constants (`unit__in=…`), not by a join on the path: the
    planner then knows how many rows each id matches and reads the foreign key's
    index, where `unit__path__startswith` estimates blindly and may scan the table.
    """
    return list(
        type(node)
        ._default_manager.filter(path__startswith=node.path)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class Unit(MP_Node):
    """A node of the three-level petition network (集团公司 → 单位 → 科区 → 班组).

    The tree is a materialised path (treebeard): a unit's subtree is every unit
    whose path starts with its own, one indexed prefix query.
    """

    class Kind(models.TextChoices):
        GROUP = "group", _("Group company")
        UNIT = "unit", _("Unit")
        DEPARTMENT = "department", _("Department")
        SECTION = "section", _("Section")
        TEAM = "team", _("Team")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive units keep their history but take no new cases."),
    )

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        # A subtree (path LIKE '0001%') reads the pattern index Django gives the unique
        # path (organization_unit_path_…_like).

    def __str__(self):
        return self.name

    @property
    def tree_label(self) -> str:
        """The name indented by depth, for choosing a unit from a flat list."""
        return tree_label(self.depth, self.name)

    def contains(self, other: "Unit") -> bool:
        """Whether `other` is this unit or lies below it."""
        return other.path.startswith(self.path)


class Leadership(models.TextChoices):
    """A user's place in their unit's leadership (领导班子), for the reception duty rule."""

    MAIN = "main", _("Main leader")
    MEMBER = "member", _("Leadership member")


class UserQuerySet(models.QuerySet):
    def unit_staff(self, units) -> "UserQuerySet":
        """The active handlers and leaders of `units` (a unit, a unit id, or an iterable
        of either): who hear about a unit's cases, notices and reports. Each user once,
        by pk; `.annotate(role=F("groups__name"))` gives a row per role instead."""
        if isinstance(units, Unit | int):
            units = [units]
        ids = [getattr(unit, "pk", unit) for unit in units]
        return (
            self.filter(
                is_active=True, unit_id__in=ids, groups__name__in=[Role.HANDLER, Role.LEADER]
            )
            .distinct()
            .order_by("pk")
        )

    def office_accounts(self) -> "UserQuerySet":
        """The active accounts with the office role: their units are the petition office's
        own (the one rule behind petition_office_staff and User.office_staff_roles)."""
        return self.filter(is_active=True, groups__name=Role.OFFICE)

    def petition_office_staff(self) -> "UserQuerySet":
        """The active handlers and leaders of the petition office's own unit(s): the units
        of the accounts with the office role (User.office_staff_roles, as a filter)."""
        offices = self.model.objects.office_accounts().values("unit_id")
        return self.filter(
            is_active=True, unit_id__in=offices, groups__name__in=[Role.HANDLER, Role.LEADER]
        )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    leadership = models.CharField(
        _("leadership"),
        max_length=8,
        choices=Leadership.choices,
        blank=True,
        help_text=_("Members of the unit's leadership must hold reception days."),
    )
    email_notifications = models.BooleanField(
        _("reminders by e-mail"),
        default=False,
        help_text=_("Send deadline reminders to the e-mail address as well as the inbox."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role | str) -> bool:
        return not self.roles.isdisjoint(roles)

    @cached_property
    def office_staff_roles(self) -> frozenset[str]:
        """The roles (handler, leader) in which this user works for the petition office:
        their unit is the office's own, the unit of an account with the office role.
        Empty for everyone else (one query, once per user object)."""
        roles = self.roles & {Role.HANDLER, Role.LEADER}
        if not (roles and self.unit_id):
            return frozenset()
        is_office_unit = (
            User.objects.office_accounts().filter(unit_id=self.unit_id).exclude(pk=self.pk).exists()
        )
        return frozenset(roles) if is_office_unit else frozenset()

    @property
    def role_labels(self) -> list[str]:
        return [Role(code).label for code in Role.values if code in self.roles]


class AccessGeneration(models.Model):
    """One row whose number PostgreSQL moves, in the same transaction, on every change
    to what decides a user's access: accounts' units, activity and superuser flag,
    group memberships, roles' names, permissions granted, the unit tree. The session's
    user is read with it; organization.grants keeps each user's roles, permissions and
    subtree under it, so they are read once per change, not on every page. The row and
    its triggers exist on PostgreSQL only (migration 0008): elsewhere nothing is kept."""

    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("access generation")

    def __str__(self):
        return str(self.value)


class YearlySequence(models.Model):
    """The last number issued per key and year: petitions ("petition") and every other
    gapless yearly number. Written only by services.allocate_number."""

    key = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="yearly_sequence_key_year")
        ]

    def __str__(self):
        return f"{self.key} {self.year}: {self.last_number}"
