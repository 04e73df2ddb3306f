"""Deploy checks (``manage.py check --deploy``): production must not run without the security settings.

https://docs.djangoproject.com/en/5.2/topics/checks/
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def security_settings_check(app_configs, **kwargs):
    problems = []
    if not settings.OTP_REQUIRED:
        problems.append(
            Warning(
                "OTP_REQUIRED is off, so staff can use the admin with a password alone.",
                hint="Leave OTP_REQUIRED unset (it defaults to on) outside development.",
                id="website_security.W001",
            )
        )
    if "'unsafe-inline'" in " ".join(" ".join(sources) for sources in settings.CSP_PUBLIC.values()):
        problems.append(
            Warning(
                "The public Content-Security-Policy allows 'unsafe-inline'.",
                hint="Move inline scripts and styles into static files.",
                id="website_security.W002",
            )
        )
    if "'unsafe-inline'" in settings.CSP_ADMIN.get("script-src", []):
        problems.append(
            Warning(
                "The admin's Content-Security-Policy lets inline scripts run, so a script slipped into an admin "
                "page would run with a member of staff's access.",
                hint="Give the admin's own inline scripts the response's nonce (website.security.csp) instead.",
                id="website_security.W004",
            )
        )
    if not getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        problems.append(
            Warning(
                "TRUSTED_PROXY_COUNT is 0, so behind a load balancer every visitor shares its address and "
                "one person's failed sign-ins lock everyone out.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the site (1 for one load balancer).",
                id="website_security.W003",
            )
        )
    return problems
