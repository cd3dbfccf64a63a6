"""Production: PostgreSQL, secrets from the environment, every transport hardened.

Starting without ``SECRET_KEY`` or ``DATABASE_URL`` raises ImproperlyConfigured.
"""

from aegis.settings.base import *  # noqa: F403
from aegis.settings.environment import database_from_env, env_bool, env_int, env_str

# Without a default these raise: the development fallbacks must never serve production.
SECRET_KEY = env_str("SECRET_KEY")
DATABASES = {"default": database_from_env(None)}
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
