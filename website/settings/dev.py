"""Local development: debug on, a fixed throwaway key, the console for email."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-apse-8c1f0c2e1d7a4b6b9b4e")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SERVE_MEDIA = True

# Security: the demo users sign in with a password alone unless OTP_REQUIRED=1 is set.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
