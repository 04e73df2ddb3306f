"""A subject access file's contents: everything the CRM holds about one person, section by section."""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.utils import timezone

from core.personal_data import Person
from crm.models import (
    ApplicantMessage,
    ClockExtension,
    Consent,
    DocumentRequest,
    Enquiry,
    EventBooking,
    Household,
    ImportedRecord,
    Interest,
    Link,
    MatchingProfile,
    PrintedPack,
    SideEffect,
    SignInLink,
    StageChange,
    TimelineEntry,
)

from .documents import documents_of
from .equality import equality_record
from .privacy import person_households
from .registrations import registration_record
from .services import service_details_display
from .surveys import survey_records


def _value(value):
    """A value as it goes into a subject access file: dates as local ISO text, choices as stored."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def person_record(person: Person) -> dict[str, list[dict]]:
    """Everything the CRM holds about a person, section by section, as JSON-ready rows.

    Section and field names are written for the person reading them; staff names are included, as
    they are part of the record; staff internet addresses in the audit trail are not.
    """
    households = person_households(person).select_related("assigned_to__user", "merged_into")
    ids = person.household_ids
    interest_labels = dict(Interest.choices)
    sections: dict[str, list[dict]] = {}
    sections["Your details"] = [
        {
            "Reference": household.reference,
            "First name": household.first_name,
            "Last name": household.last_name,
            "Partner's first name": household.partner_first_name,
            "Partner's last name": household.partner_last_name,
            "Email": household.email,
            "Phone": household.phone,
            "Postcode": household.postcode,
            "Council": household.get_council_display(),
            "What you asked about": household.get_service_display(),
            **dict(service_details_display(household)),
            "Adopting": household.get_household_type_display(),
            "Children at home": household.get_children_at_home_display(),
            "Interested in": [interest_labels.get(value, value) for value in household.interests],
            "Best time to call": household.get_best_time_to_call_display(),
            "Stage": household.get_stage_display(),
            "Dates each stage was reached": household.stage_dates,
            "Fast track": household.fast_track,
            "Early permanence": household.early_permanence,
            "Emails when your journey moves on": household.status_emails,
            "Short surveys about how we did": household.survey_emails,
            "First enquiry": _value(household.first_enquiry_at),
            "Last enquiry": _value(household.last_enquiry_at),
            "First contact": _value(household.first_contact_at),
            "Closed": _value(household.closed_at),
            "Reason for closing": household.get_closure_reason_display(),
            "Team": str(household.team or ""),
            "Worker": str(household.assigned_to or ""),
            "Merged into": household.merged_into.reference if household.merged_into else "",
        }
        for household in households
    ]
    enquiries = Enquiry.objects.filter(Q(household__in=ids) | Q(pk__in=person.enquiry_ids)).select_related(
        "logged_by"
    )
    sections["Enquiries"] = [
        {
            "Record": Household.reference_for(enquiry.household_id) if enquiry.household_id else "",
            "Received": _value(enquiry.received_at),
            "Came in by": enquiry.get_source_display(),
            "Status": enquiry.get_status_display(),
            "Council": enquiry.get_council_display(),
            "What you told us": enquiry.data,
            "Message": enquiry.message,
            "How you heard about us": enquiry.get_heard_about_display(),
            "More about how you heard": enquiry.heard_about_detail,
            "Campaign and website details": enquiry.attribution,
            "Why it was held for checking": enquiry.spam_reasons,
            "Logged by": _user_name(enquiry.logged_by),
        }
        for enquiry in enquiries.order_by("received_at", "pk")
    ]
    sections["Consents"] = [
        {
            "Record": Household.reference_for(consent.household_id),
            "For": consent.get_purpose_display(),
            "Answer": "Given" if consent.granted else "Withdrawn",
            "Wording": consent.wording,
            "Wording version": consent.wording_version,
            "Where": consent.source,
            "When": _value(consent.recorded_at),
        }
        for consent in Consent.objects.filter(household__in=ids).order_by("recorded_at", "pk")
    ]
    sections["Stage history"] = [
        {
            "Record": Household.reference_for(change.household_id),
            "What": change.get_kind_display(),
            "From": change.get_from_stage_display(),
            "To": change.get_to_stage_display(),
            "Reason for closing": change.get_closure_reason_display(),
            "When it happened": _value(change.effective_at),
            "When it was recorded": _value(change.recorded_at),
            "By": _user_name(change.by),
            "Note": change.note,
        }
        for change in StageChange.objects.filter(household__in=ids).select_related("by")
    ]
    sections["Records moved from a council's old system"] = [
        {
            "Record": Household.reference_for(record.household_id),
            "Council": record.get_source_display(),
            "Reference in the old system": record.reference,
            "What it did": record.get_outcome_display(),
            "When": _value(record.imported_at),
        }
        for record in ImportedRecord.objects.filter(household__in=ids).order_by("imported_at", "pk")
    ]
    sections["Timescale extensions"] = [
        {
            "Record": Household.reference_for(extension.household_id),
            "Timescale": extension.clock.name,
            "New due date": _value(extension.due_on),
            "Reason": extension.reason,
            "By": _user_name(extension.by),
            "When": _value(extension.recorded_at),
        }
        for extension in ClockExtension.objects.filter(household__in=ids).select_related("clock", "by")
    ]
    sections["Timeline"] = [
        {
            "Record": Household.reference_for(entry.household_id),
            "When": _value(entry.at),
            "What": entry.get_kind_display(),
            "By": _user_name(entry.by),
            "Summary": entry.summary,
            "Details": entry.body,
        }
        for entry in TimelineEntry.objects.filter(household__in=ids).select_related("by").order_by("at", "pk")
    ]
    sections["Event bookings"] = [
        {
            "Record": Household.reference_for(booking.household_id),
            "Event": booking.event.title,
            "Status": booking.get_status_display(),
            "Places": booking.places,
            "Access needs you told us": booking.access_needs,
            "Booked": _value(booking.created_at),
            "Reminder sent": _value(booking.reminder_sent_at),
        }
        for booking in EventBooking.objects.filter(household__in=ids).select_related("event")
    ]
    sections["Printed information packs"] = [
        {
            "Record": Household.reference_for(pack.household_id),
            "Name on the envelope": pack.name,
            "Address": pack.address,
            "Postcode": pack.postcode,
            "Asked for": _value(pack.requested_at),
            "Asked for by": _user_name(pack.requested_by),
            "Posted": _value(pack.posted_at),
            "Posted by": _user_name(pack.posted_by),
        }
        for pack in PrintedPack.objects.filter(household__in=ids).select_related("requested_by", "posted_by")
    ]
    sections["What you hope for (your matching profile)"] = [
        {
            "Record": Household.reference_for(profile.household_id),
            "Ages": profile.age_band_labels,
            "Brothers and sisters": profile.get_siblings_display(),
            "A disability or extra needs": profile.get_disability_display(),
            "Updated": _value(profile.updated_at),
            "Updated by": _user_name(profile.updated_by),
        }
        for profile in MatchingProfile.objects.filter(household__in=ids).select_related("updated_by")
    ]
    # The child's reference is the child's information, not yours: it is left out.
    sections["Links with a child"] = [
        {
            "Record": Household.reference_for(link.household_id),
            "Child's council": link.get_child_council_display(),
            "Child's age": link.get_age_band_display(),
            "Brothers and sisters in the link": link.siblings,
            "Early permanence": link.early_permanence,
            "Approved as foster carers": _value(link.fostering_approved_on),
            "Placed with you as foster carers": _value(link.placed_for_fostering_on),
            "Linked": _value(link.linked_on),
            "Matched at matching panel": _value(link.matched_on),
            "Placed for adoption": _value(link.placed_on),
            "Adoption order": _value(link.order_on),
            "Ended": _value(link.ended_on),
            "Why it ended": link.get_end_reason_display(),
        }
        for link in Link.objects.filter(household__in=ids).order_by("linked_on", "pk")
    ]
    sections["Documents we asked you for"] = [
        {
            "Record": Household.reference_for(wanted.household_id),
            "Document": wanted.title,
            "Note to you": wanted.note,
            "Asked for": _value(wanted.requested_at),
            "Asked for by": _user_name(wanted.requested_by),
            "Sent": _value(wanted.fulfilled_at),
        }
        for wanted in DocumentRequest.objects.filter(household__in=ids).select_related("requested_by")
    ]
    sections["Documents you sent us"] = [
        {
            "Record": Household.reference_for(document.household_id),
            "File name": document.original_name,
            "Sent for": document.request.title if document.request else "",
            "Type": document.kind_label,
            "Size in bytes": document.size,
            "Sent": _value(document.uploaded_at),
            "Sent by": document.uploaded_by_label,
            "Virus check": document.get_scan_result_display(),
            "In this download": subject_access_path(document),
        }
        for document in documents_of(ids).order_by("uploaded_at", "pk")
    ]
    sections["Emails we sent or were due to send"] = [
        {
            "Record": Household.reference_for(effect.household_id),
            "Email": effect.get_kind_display(),
            "Status": effect.get_status_display(),
            "Queued": _value(effect.created_at),
            "Sent": _value(effect.done_at),
        }
        for effect in SideEffect.objects.filter(household__in=ids).order_by("created_at", "pk")
    ]
    sections["Your registration of interest"] = [
        {label: _value(value) for label, value in row.items()} for row in registration_record(ids)
    ]
    sections["Your answers to our equality questions"] = equality_record(ids)
    sections["Messages with your worker"] = [
        {
            "Record": Household.reference_for(message.household_id),
            "From": "You" if message.from_applicant else _user_name(message.author) or "Staff",
            "Sent": _value(message.sent_at),
            "Read": _value(message.read_at),
            "Message": message.body,
        }
        for message in ApplicantMessage.objects.filter(household__in=ids).select_related("author")
    ]
    sections["Signing in to your own page"] = [
        {
            "Record": Household.reference_for(link.household_id),
            "Link sent to": link.email,
            "Asked for": _value(link.created_at),
            "Used": _value(link.used_at),
        }
        for link in SignInLink.objects.filter(household__in=ids).order_by("created_at", "pk")
    ]
    sections.update(survey_records(ids))
    return sections


def subject_access_path(document) -> str:
    """Where a document's copy is in the subject access file."""
    return f"documents/{document.pk}-{document.download_name}"


def subject_access_files(person: Person) -> Iterator[tuple[str, bytes]]:
    """(path in the file, content) for every document the person sent us, read one at a time.

    A file missing from storage is said to be missing, in a note where it would have been.
    """
    for document in documents_of(person.household_ids).order_by("uploaded_at", "pk"):
        path = subject_access_path(document)
        try:
            with document.file.open("rb") as stored:
                yield path, stored.read()
        except OSError:
            yield f"{path}.missing.txt", b"This file could not be found in our storage."


def audit_rows(events) -> list[dict]:
    """Audit entries for a subject access file: who did what, when; staff internet addresses left out."""
    return [
        {
            "When": _value(event.at),
            "Who": _user_name(event.user) or event.username or "The system or the person themselves",
            "What": event.get_action_display(),
            "Record": event.household_reference or f"{event.object_type} {event.object_id or ''}".strip(),
            "Summary": event.summary,
        }
        for event in events
    ]
