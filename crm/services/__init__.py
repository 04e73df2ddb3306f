"""Every write the CRM makes. Views, forms, webhooks and tasks validate, then call one of these."""

from .enquiries import (
    EnquiryDetails,
    EnquiryError,
    enquiry_create,
    enquiry_mark_spam,
    enquiry_release,
    household_find_match,
)
from .merge import households_merge
from .pipeline import (
    PipelineError,
    allowed_moves,
    clock_refresh,
    clocks_recompute,
    closure_choices,
    household_add_note,
    household_advance,
    household_close,
    household_extend_clock,
    household_log_call,
    household_mark_attended,
    household_reopen,
    household_set_flags,
)
from .routing import (
    RoutingError,
    household_assign,
    household_council_set,
    household_hand_over,
    household_reroute,
    household_route,
)
from .seen import household_mark_seen, household_opened
from .side_effects import side_effect_queue
from .staff import staff_member_save, staff_set_away

__all__ = [
    "EnquiryDetails",
    "EnquiryError",
    "PipelineError",
    "RoutingError",
    "allowed_moves",
    "closure_choices",
    "clock_refresh",
    "clocks_recompute",
    "enquiry_create",
    "enquiry_mark_spam",
    "enquiry_release",
    "household_add_note",
    "household_advance",
    "household_assign",
    "household_council_set",
    "household_hand_over",
    "household_reroute",
    "household_close",
    "household_extend_clock",
    "household_find_match",
    "household_log_call",
    "household_mark_attended",
    "household_mark_seen",
    "household_opened",
    "household_reopen",
    "household_route",
    "household_set_flags",
    "households_merge",
    "side_effect_queue",
    "staff_member_save",
    "staff_set_away",
]

from .bookings import (  # noqa: E402
    BookingError,
    booking_cancel,
    booking_create,
    booking_mark_attendance,
    booking_reminders_queue,
)

__all__ += [
    "BookingError",
    "booking_cancel",
    "booking_create",
    "booking_mark_attendance",
    "booking_reminders_queue",
]

from .privacy import (  # noqa: E402
    ErasureResult,
    PrivacyError,
    SubjectAccessFile,
    audit_context,
    audit_export,
    audit_record,
    person_erase,
    retention_apply,
    subject_access_export,
)

__all__ += [
    "ErasureResult",
    "PrivacyError",
    "SubjectAccessFile",
    "audit_context",
    "audit_export",
    "audit_record",
    "person_erase",
    "retention_apply",
    "subject_access_export",
]

from .packs import (  # noqa: E402
    information_pack_requester_record,
    printed_pack_request,
    printed_packs_mark_posted,
)

__all__ += ["information_pack_requester_record", "printed_pack_request", "printed_packs_mark_posted"]

from .matching import (  # noqa: E402
    link_create,
    link_end,
    link_fostering,
    link_match,
    link_order,
    link_place,
    matching_profile_save,
)

__all__ += [
    "link_create",
    "link_end",
    "link_fostering",
    "link_match",
    "link_order",
    "link_place",
    "matching_profile_save",
]

from .documents import (  # noqa: E402
    APPLICANT,
    DocumentError,
    DocumentRefused,
    document_delete,
    document_open,
    document_request_create,
    document_upload,
)

__all__ += [
    "APPLICANT",
    "DocumentError",
    "DocumentRefused",
    "document_delete",
    "document_open",
    "document_request_create",
    "document_upload",
]
