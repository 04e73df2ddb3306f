"""Request context for the audit trail."""

from crm.services.privacy import audit_context, client_ip


class AuditContextMiddleware:
    """Tells the audit trail who is acting and from which address, for the length of each request.

    Services are given only ``by``; entries they record deep inside (an assignment made while an
    enquiry is logged) still get the member of staff's address this way. It must come after
    Django's ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with audit_context(user=user, ip_address=client_ip(request)):
            return self.get_response(request)
