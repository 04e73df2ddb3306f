"""Work that must happen after a commit, kept as rows until it has."""

from django.db import models

from core.outbox import OutboxRow

from .households import Household


class SideEffect(OutboxRow):
    """Something that must happen after a commit (an email), kept until it has.

    A Celery task works each row; the sweep re-queues rows whose task never ran (``core.outbox``).
    ``key`` makes creating the same side effect twice harmless.
    """

    class Kind(models.TextChoices):
        ENQUIRY_CONFIRMATION = "enquiry_confirmation", "Enquiry confirmation to the enquirer"
        OUT_OF_AREA_REPLY = "out_of_area_reply", "Reply to an enquirer outside the partnership"
        WORKER_NOTIFICATION = "worker_notification", "New enquiry notice to the assigned worker"
        BOOKING_CONFIRMATION = "booking_confirmation", "Event booking confirmation"
        BOOKING_WAITING = "booking_waiting", "Waiting list confirmation"
        BOOKING_PROMOTED = "booking_promoted", "A waiting list place became a booking"
        BOOKING_CANCELLED = "booking_cancelled", "Booking cancellation confirmation"
        BOOKING_REMINDER = "booking_reminder", "Event reminder the day before"
        ORGANISER_REMINDER = "organiser_reminder", "Tomorrow's bookings and access needs, to the organiser"
        DAILY_DIGEST = "daily_digest", "Daily overdue and due-soon digest"
        SIGN_IN_LINK = "sign_in_link", "Sign-in link to the applicant's own page"
        STAGE_UPDATE = "stage_update", "Your adoption journey has moved on, to the applicant"
        ROI_CONFIRMATION = "roi_confirmation", "Registration of interest received, to the applicant"
        ROI_WORKER_NOTICE = (
            "roi_worker_notice",
            "Registration of interest sent online, to the assigned worker",
        )
        APPLICANT_MESSAGE = "applicant_message", "A message from an applicant, to their worker"
        WORKER_MESSAGE = "worker_message", "A message from their worker, to the applicant"
        SURVEY_INVITATION = "survey_invitation", "A short survey about their experience, to the applicant"
        PEER_INTRODUCTION = (
            "peer_introduction",
            "An introduction to a peer mentor, buddy or the person they support",
        )

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to run"
        DONE = "done", "Done"
        FAILED = "failed", "Failed: needs a person"

    # Side effects refer to no content: Wagtail's reference index would cost two queries a row.
    wagtail_reference_index_ignore = True

    kind = models.CharField("email", max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        # Staff see these as the emails they are: "side effect" is how the code thinks of them.
        verbose_name = "email"
        verbose_name_plural = "emails"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
