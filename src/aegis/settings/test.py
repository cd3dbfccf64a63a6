"""Settings for the test suite: fast hashing, in-memory mail, same database switch."""

from aegis.settings.base import *  # noqa: F403
from aegis.settings.base import STATIC_ROOT

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Static files come from the apps' folders (finders); the empty root only quiets WhiteNoise.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Tests change lists and rules between checks: every interactive check reads them afresh.
AEGIS_IAPI_REFRESH_SECONDS = 0
