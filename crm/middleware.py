"""Request context for the audit trail."""

from crm.selectors import refusals_watch
from crm.services.privacy import audit_context, audit_denied, client_ip


class AuditContextMiddleware:
    """Tells the audit trail who is acting and from which address, for the length of each request.

    Services are given only ``by``; entries they record deep inside (an assignment made while an
    enquiry is logged) still get the member of staff's address this way. It must come after
    Django's ``AuthenticationMiddleware``.

    It is also the one place a refused record is recorded: a selector that will not hand a person
    a household, quarantined enquiry or booking raises ``RecordHidden``, and when the answer is
    the 404 that follows, each record refused goes into the trail. The 404 itself is unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with audit_context(user=user, ip_address=client_ip(request)), refusals_watch() as refused:
            response = self.get_response(request)
        if response.status_code == 404:
            for object_type, object_id in dict.fromkeys(refused):
                audit_denied(request=request, object_type=object_type, object_id=object_id)
        return response
