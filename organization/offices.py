"""The petition office (信访办) as the public meets it: the name that signs what it
publishes, and where to call or go to book an appointment (约访)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Unit
from .roles import Role


def office_unit_name() -> str:
    """The petition office's own name when no setting gives it: the first unit below
    the top whose active members include the office role, else "<top unit> petition
    office"."""
    office = (
        Unit.objects.filter(members__groups__name=Role.OFFICE, members__is_active=True, depth__gt=1)
        .order_by("path")
        .first()
    )
    if office is not None:
        return office.name
    root = Unit.objects.filter(depth=1).order_by("path").first()
    return _("%(organization)s petition office") % {"organization": root.name if root else ""}


@dataclass(frozen=True)
class OfficeContact:
    name: str  # signs the notices it publishes
    contact_name: str  # named as the contact
    phone: str
    address: str

    @property
    def bookable(self) -> bool:
        """Whether the public is told how to book an appointment."""
        return bool(self.phone or self.address)


def petition_office() -> OfficeContact:
    """LETTER_ISSUER signs (as on the letters and the 督办单), else PETITION_OFFICE_NAME,
    else the office's unit; the contact is PETITION_OFFICE_NAME with its phone and
    PETITION_OFFICE_ADDRESS."""
    contact_name = settings.PETITION_OFFICE_NAME or ""
    name = settings.LETTER_ISSUER or contact_name or office_unit_name()
    return OfficeContact(
        name=name,
        contact_name=contact_name or name,
        phone=settings.PETITION_OFFICE_PHONE,
        address=settings.PETITION_OFFICE_ADDRESS,
    )
