"""Staff records: who works enquiries, in which team, and whether they are taking new ones."""

from django.db import transaction

from crm.models import StaffMember, Team


@transaction.atomic
def staff_member_save(
    *, user, role: str, council: str | None = None, team: Team | None = None, is_active: bool = True
) -> StaffMember:
    """Create or update the CRM record for ``user``. Workers belong to their council's team, or to ``team``."""
    if team is None and council:
        team = Team.objects.get(kind=Team.Kind.LOCALITY, council=council)
    if role == StaffMember.Role.WORKER and team is None:
        raise ValueError(
            "A worker needs a team: Kent, Medway, Bexley, the central team or the family-finding team."
        )
    staff, _ = StaffMember.objects.update_or_create(
        user=user, defaults={"role": role, "team": team, "is_active": is_active}
    )
    return staff


def staff_set_away(*, staff: StaffMember, away: bool, by=None) -> StaffMember:
    """Mark someone away (no new enquiries) or back. Their open cases stay with them."""
    if staff.is_away != away:
        staff.is_away = away
        staff.save(update_fields=["is_away"])
    return staff
