"""The email door: a message to the front-door mailbox becomes an enquiry.

The provider's webhook (``crm.views.inbound``) checks the request is genuine and hands over the
message django-anymail has already normalised; everything about what counts as an enquiry is here.
Someone who writes to us has chosen to be contacted, so the enquiry carries their consent to contact.
Mail that no person wrote to us (auto-replies, bounces, our own mail coming back) is logged and
dropped; mail the provider thinks is spam is kept in quarantine for a person to judge.
"""

import datetime as dt
import html
import logging
import re
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.html import strip_tags

from anymail.exceptions import AnymailInvalidAddress
from anymail.inbound import AnymailInboundMessage
from anymail.utils import EmailAddress

from crm.models import Enquiry, Source
from crm.postcodes import postcode_normalise
from crm.services import EnquiryDetails, EnquiryError, enquiry_create, household_find_match

logger = logging.getLogger(__name__)

# Long enough for anyone's story; short enough that a pasted novel or a mail loop cannot fill the table.
MESSAGE_LIMIT = 5000
NAME_LIMIT = 100

# RFC 3834 and the headers mail systems add to what a program, not a person, sent.
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
AUTOMATED_HEADERS = (
    "X-Autoreply",
    "X-Autorespond",
    "X-Auto-Reply",
    "X-Failed-Recipients",
    "List-Id",
    "List-Unsubscribe",
)
AUTOMATED_LOCAL_PARTS = {
    "mailer-daemon",
    "postmaster",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "bounce",
    "bounces",
}
AUTOMATED_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto:|away from (the )?office"
    r"|undeliverable|undelivered mail|delivery status notification|mail delivery (failed|failure|system)"
    r"|returned mail|delivery failure|failure notice)",
    re.IGNORECASE,
)

# Where a reply quotes what came before, or a signature starts: everything from here down is not new.
# "On <date>, <someone> wrote:" is often wrapped over two lines, so it is also tried on a pair.
REPLY_HEADER = re.compile(r"^On\b.{0,200}\bwrote:\s*$", re.IGNORECASE | re.DOTALL)
CUT_HERE = [
    re.compile(r"^-{2,}\s*(Original|Forwarded) Message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r"^--\s*$"),
]
OUTLOOK_HEADER = re.compile(r"^(From|De|Von):\s", re.IGNORECASE)
OUTLOOK_FOLLOWING = re.compile(r"^(Sent|Date|To|Subject):\s", re.IGNORECASE)
DEVICE_FOOTER = re.compile(r"^(Sent from my .{1,60}|Get Outlook for .{1,40}|Sent from Mail for Windows.*)$")
# Control characters other than tab and newline; PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)\s?([0-9][A-Z]{2})\b", re.IGNORECASE)
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir"}
COUPLE = re.compile(r"^(?P<first>[^\s&]+)\s+(?:&|and)\s+(?P<partner>[^\s&]+)\s+(?P<last>.+)$", re.IGNORECASE)


def inbound_email_enquiry(
    *, message: AnymailInboundMessage, received_at: dt.datetime | None = None
) -> Enquiry | None:
    """Turn one inbound email into an enquiry, or decide it is not one and say why in the log.

    The Message-ID decides the submission key, so a webhook the provider delivers twice still makes
    one enquiry. Returns the enquiry (new, or the one made by an earlier delivery), or None.
    """
    sender = _sender(message)
    if sender is None:
        logger.info("Inbound email ignored: no usable From address.")
        return None
    if reason := _not_from_a_person(message, sender):
        logger.info("Inbound email from %s ignored: %s.", sender.domain, reason)
        return None

    body = _message_text(message)
    details = EnquiryDetails(
        **_names(sender),
        email=sender.addr_spec,
        postcode=_postcode_in(body),
        message=_with_subject(message, body),
        contact_consent=True,
    )
    if not details.postcode and (known := household_find_match(email=details.email, service=None)):
        # Someone we know, writing without a postcode: they stay with the council we have them under.
        details.council = known.council
    now = timezone.now()
    try:
        return enquiry_create(
            source=Source.EMAIL,
            details=details,
            submission_key=_submission_key(message, sender, body),
            spam_reasons=_spam_reasons(message),
            received_at=min(received_at, now) if received_at else now,
        )
    except EnquiryError as error:
        logger.warning("Inbound email from %s not taken as an enquiry: %s", sender.domain, error)
        return None


def _clean(value: str | None) -> str:
    return CONTROL_CHARACTERS.sub("", value or "")


def _sender(message: AnymailInboundMessage) -> EmailAddress | None:
    """The one valid From address, or None (missing, several, or malformed)."""
    try:
        sender = message.from_email
    except (AnymailInvalidAddress, ValueError, TypeError):
        return None
    if not isinstance(sender, EmailAddress) or not sender.addr_spec:
        return None
    try:
        validate_email(sender.addr_spec)
    except ValidationError:
        return None
    return sender


def _own_domains() -> set[str]:
    configured = getattr(settings, "CRM_INBOUND_OWN_DOMAINS", None)
    if configured is None:
        configured = [parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]]
    return {domain.lower() for domain in configured if domain}


def _header(message: AnymailInboundMessage, name: str) -> str:
    try:
        return _clean(str(message.get(name, "") or "")).strip()
    except (ValueError, TypeError, LookupError):
        return ""


def _not_from_a_person(message: AnymailInboundMessage, sender: EmailAddress) -> str:
    """Why this email is not an enquiry from a person, or '' if it may be one."""
    domain = sender.domain.lower()
    if any(domain == own or domain.endswith(f".{own}") for own in _own_domains()):
        return "it came from our own domain"
    if sender.username.lower() in AUTOMATED_LOCAL_PARTS:
        return "it came from an automated address"
    if message.envelope_sender is not None and message.envelope_sender.strip() in ("", "<>"):
        return "it has an empty return path, as bounces do"
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return "it is marked Auto-Submitted"
    if _header(message, "Precedence").lower() in BULK_PRECEDENCE:
        return "it is marked as bulk or automatic mail"
    if present := [name for name in AUTOMATED_HEADERS if _header(message, name)]:
        return f"it has the {present[0]} header"
    if message.get_content_type() == "multipart/report":
        return "it is a delivery report"
    if AUTOMATED_SUBJECT.match(_header(message, "Subject")):
        return "its subject says it is an automatic reply or a bounce"
    return ""


def _spam_reasons(message: AnymailInboundMessage) -> list[str]:
    reasons = []
    if message.spam_detected:
        reasons.append("The mail provider flagged this email as spam.")
    limit = getattr(settings, "CRM_INBOUND_SPAM_SCORE", 5.0)
    if message.spam_score is not None and message.spam_score >= limit:
        reasons.append(f"Its spam score is {message.spam_score:g} (we quarantine {limit:g} or more).")
    return reasons


def _names(sender: EmailAddress) -> dict[str, str]:
    """First and last name from the From display name; failing that, from the address itself."""
    display = re.sub(r"\s+", " ", _clean(sender.display_name)).strip(" \"'")
    if "@" in display:
        display = ""
    if "," in display:
        last, _, first = display.partition(",")
        display = f"{first.strip()} {last.strip()}".strip()
    words = display.split(" ") if display else []
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words.pop(0)
    display = " ".join(words)
    if couple := COUPLE.match(display):
        last = couple["last"][:NAME_LIMIT]
        return {
            "first_name": couple["first"][:NAME_LIMIT],
            "partner_first_name": couple["partner"][:NAME_LIMIT],
            "last_name": last,
            "partner_last_name": last,
        }
    if words:
        return {"first_name": words[0][:NAME_LIMIT], "last_name": " ".join(words[1:])[:NAME_LIMIT]}
    parts = [part for part in re.split(r"[._\-+]", sender.username) if part]
    if len(parts) >= 2 and all(part.isalpha() for part in parts):
        return {"first_name": parts[0].title()[:NAME_LIMIT], "last_name": parts[-1].title()[:NAME_LIMIT]}
    return {"first_name": sender.username[:NAME_LIMIT], "last_name": ""}


def _part_text(part: AnymailInboundMessage) -> str:
    try:
        return part.get_content_text() or ""
    except LookupError:
        # An unknown charset: read it as UTF-8 and replace what does not fit.
        return part.get_content_text(charset="utf-8") or ""


def _body(message: AnymailInboundMessage, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type and not part.is_attachment():
            return _part_text(part)
    return ""


def _message_text(message: AnymailInboundMessage) -> str:
    """What the person wrote: the plain text without quoted replies or signature, shortened if huge.

    Mailgun's own stripped text is preferred when it has it; our stripping runs either way, so
    other providers and raw MIME get the same treatment.
    """
    text = message.stripped_text or _body(message, "text/plain")
    if not text.strip():
        text = html.unescape(strip_tags(message.stripped_html or _body(message, "text/html")))
    text = _clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Stripping reads line by line; there is no need to read far beyond what will be kept.
    text = text[: MESSAGE_LIMIT * 4]
    new = _strip_reply(text)
    return _shorten(new or text.strip())


def _strip_reply(text: str) -> str:
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        two_lines = f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else stripped
        if REPLY_HEADER.match(stripped) or REPLY_HEADER.match(two_lines):
            break
        if any(marker.match(stripped) for marker in CUT_HERE):
            break
        if OUTLOOK_HEADER.match(stripped) and any(
            OUTLOOK_FOLLOWING.match(following.strip()) for following in lines[index + 1 : index + 4]
        ):
            break
        if stripped.startswith(">") or DEVICE_FOOTER.match(stripped):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _shorten(text: str) -> str:
    if len(text) <= MESSAGE_LIMIT:
        return text
    return text[:MESSAGE_LIMIT].rstrip() + "\n\n[The rest of this email was too long to keep here.]"


def _with_subject(message: AnymailInboundMessage, body: str) -> str:
    subject = re.sub(r"\s+", " ", _header(message, "Subject"))[:200]
    if not subject:
        return body
    return f"Subject: {subject}\n\n{body}".strip()


def _postcode_in(text: str) -> str:
    """The first full postcode in what they wrote, so the enquiry reaches the right council's team."""
    match = POSTCODE_IN_TEXT.search(text)
    return postcode_normalise(f"{match[1]} {match[2]}") if match else ""


def _submission_key(message: AnymailInboundMessage, sender: EmailAddress, body: str) -> uuid.UUID:
    """The same email always gets the same key: from its Message-ID, or from its content if it has none."""
    message_id = _header(message, "Message-ID")
    if message_id:
        return uuid.uuid5(uuid.NAMESPACE_URL, message_id)
    fingerprint = "\n".join(
        [sender.addr_spec.lower(), _header(message, "Date"), _header(message, "Subject"), body]
    )
    return uuid.uuid5(uuid.NAMESPACE_URL, f"email:{fingerprint}")
