"""Staff records: who works enquiries, in which team, and whether they are taking new ones."""

from django.db import transaction

from crm.models import Council, StaffMember, Team


@transaction.atomic
def staff_member_save(*, user, role: str, council: str | None = None, is_active: bool = True) -> StaffMember:
    """Create or update the CRM record for ``user``. Workers belong to their council's team."""
    if role == StaffMember.Role.WORKER and council not in (Council.KENT, Council.MEDWAY, Council.BEXLEY):
        raise ValueError("A recruitment worker needs a team: Kent, Medway or Bexley.")
    team = Team.objects.get(council=council) if council else None
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
