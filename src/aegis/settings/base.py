"""Settings shared by every environment."""

from __future__ import annotations

import os
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from aegis.settings.environment import database_from_env, env_bool, env_int, env_list, env_str

# Lets the code write ModelForm[Activity] and QuerySet[Activity] at run time as mypy reads them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Where the embedded database and uploaded files live; a checkout keeps them in ./var.
VAR_DIR = Path(env_str("AEGIS_VAR_DIR", str(Path.cwd() / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-used-in-production")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ("127.0.0.1", "localhost"))

# One switch per half: an office deployment and a PIU deployment are separate installations.
AEGIS_OFFICE_ENABLED = env_bool("AEGIS_OFFICE_ENABLED", default=True)
AEGIS_PIU_ENABLED = env_bool("AEGIS_PIU_ENABLED", default=True)

# Four eyes on the office's publications: the roles (names as in core/roles.py) whose
# members may approve or publish an activity or issue they wrote or submitted themselves.
AEGIS_SELF_REVIEW_ROLES = env_list("AEGIS_SELF_REVIEW_ROLES", ())

# The PIU (travel app): its airports (inbound/outbound), the EU PNR directive's retention
# periods, the drop folder and message queue of the intake doors, background task mode.
AEGIS_PIU_AIRPORTS = env_list("AEGIS_PIU_AIRPORTS", ("JFK", "IAD"))
AEGIS_RETENTION_MASK_DAYS = env_int("AEGIS_RETENTION_MASK_DAYS", 183)
AEGIS_RETENTION_DELETE_DAYS = env_int("AEGIS_RETENTION_DELETE_DAYS", 1826)
AEGIS_INTAKE_FOLDER = env_str("AEGIS_INTAKE_FOLDER", str(VAR_DIR / "intake"))
AEGIS_AMQP_URL = env_str("AEGIS_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
AEGIS_AMQP_QUEUE = env_str("AEGIS_AMQP_QUEUE", "aegis.carrier-messages")
# Background tasks (aegis/core/queue.py): with a broker URL they go through RabbitMQ to
# `aegis worker` ("broker"); without one the embedded default runs them in a thread of the
# web process ("thread"); "eager" runs them at once on commit (tests, the command line).
AEGIS_BROKER_URL = env_str("AEGIS_BROKER_URL", "")
AEGIS_TASK_QUEUE = env_str("AEGIS_TASK_QUEUE", "aegis.tasks")
AEGIS_TASKS = env_str("AEGIS_TASKS", "broker" if AEGIS_BROKER_URL else "thread")
if AEGIS_TASKS not in {"broker", "thread", "eager"}:
    raise ImproperlyConfigured(f"AEGIS_TASKS={AEGIS_TASKS!r}: use broker, thread or eager.")
if AEGIS_TASKS == "broker" and not AEGIS_BROKER_URL:
    raise ImproperlyConfigured("AEGIS_TASKS=broker needs AEGIS_BROKER_URL (amqp://…).")
# A run no worker has taken for this long, or one whose worker has written no progress for
# this long, is marked failed with the reason on the page (a redelivered one resumes).
AEGIS_TASK_QUEUED_TIMEOUT = env_int("AEGIS_TASK_QUEUED_TIMEOUT", 1800)
AEGIS_TASK_STALLED_TIMEOUT = env_int("AEGIS_TASK_STALLED_TIMEOUT", 600)
# Travellers per re-screening chunk: matched together, their hits written in one transaction.
AEGIS_RESCREEN_CHUNK_SIZE = env_int("AEGIS_RESCREEN_CHUNK_SIZE", 500)
# Intake (issue 14): the largest message any door takes (a real PAXLST/PNRGOV push is far
# smaller), and the carrier whose flights the drop folder and the queue may carry: an IATA
# code, or "*" to accept any carrier; empty makes `aegis watch`/`consume` ask for --carrier.
AEGIS_INTAKE_MAX_BYTES = env_int("AEGIS_INTAKE_MAX_BYTES", 10 * 1024 * 1024)
AEGIS_INTAKE_FOLDER_CARRIER = env_str("AEGIS_INTAKE_FOLDER_CARRIER", "")
AEGIS_AMQP_CARRIER = env_str("AEGIS_AMQP_CARRIER", "")
AEGIS_PIU_REQUIRE_2FA = env_bool("AEGIS_PIU_REQUIRE_2FA", default=True)
# Fernet keys of the masked travellers' sealed copy (travel/sealing.py), newest first; empty:
# derived from SECRET_KEY (development). Production sets its own.
AEGIS_SEALING_KEYS = env_list("AEGIS_SEALING_KEYS", ())
# Accounts' security (aegis.accounts): how long an enrolment code for a second factor works.
AEGIS_ENROLMENT_CODE_HOURS = env_int("AEGIS_ENROLMENT_CODE_HOURS", 72)
# How many days an API token works (then its owner asks for a new one).
AEGIS_API_TOKEN_DAYS = env_int("AEGIS_API_TOKEN_DAYS", 90)
# Build the watchlists' match index when the application loads (with gunicorn --preload:
# once, shared by the workers) rather than on the first screening.
AEGIS_SCREENING_WARM = env_bool("AEGIS_SCREENING_WARM", default=False)
# How old (seconds) the active lists and rules an interactive check screens against may be.
AEGIS_IAPI_REFRESH_SECONDS = env_int("AEGIS_IAPI_REFRESH_SECONDS", 2)
# How long (minutes, from the case's opening) an analyst may still send a carrier a boarding
# direction for a traveller referred at check-in; later, the PIU answers by its own channels.
AEGIS_IAPI_DIRECTION_MINUTES = env_int("AEGIS_IAPI_DIRECTION_MINUTES", 60)
# Worker processes that match travellers during a re-screening (default: the cores this
# process may run on); small re-screenings stay in one process (travel/tasks.py).
AEGIS_SCREENING_WORKERS = env_int(
    "AEGIS_SCREENING_WORKERS",
    len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
)
if AEGIS_SCREENING_WORKERS < 1:
    raise ImproperlyConfigured("AEGIS_SCREENING_WORKERS must be at least 1.")

INSTALLED_APPS = [
    "aegis.accounts.apps.AegisAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "aegis.core",
    "aegis.accounts",
    "aegis.coordination",
    "aegis.activities",
    "aegis.funding",
    "aegis.reporting",
    "aegis.travel",
    "aegis.site",
]

MIDDLEWARE = [
    "aegis.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "aegis.core.middleware.RefuseNullInQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "aegis.core.switches.FeatureSwitchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "aegis.core.middleware.HideInternalPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aegis.urls"
CSRF_FAILURE_VIEW = "aegis.core.api.csrf_failure"
FORM_RENDERER = "aegis.core.forms.FormRenderer"
WSGI_APPLICATION = "aegis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aegis.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(f"sqlite:///{VAR_DIR / 'aegis.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The dashboards' figures are cached until a record they read changes (core/figures_cache.py):
# in each process's memory by default, in Redis (shared by every process) when one is named.
AEGIS_CACHE_URL = env_str("AEGIS_CACHE_URL", "")
if AEGIS_CACHE_URL and not AEGIS_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("AEGIS_CACHE_URL must be a redis://, rediss:// or unix:// URL.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": AEGIS_CACHE_URL}
        if AEGIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "aegis"}
    )
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username from that address for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The reverse proxies (addresses or networks) whose X-Forwarded-For is believed, read from the
# right (aegis/accounts/lockout.py); none by default: the connection's address is the client.
AEGIS_TRUSTED_PROXIES = env_list("AEGIS_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "aegis.accounts.lockout.client_address"
# The username alone is never locked: from AXES_FAILURE_LIMIT failures on (any addresses),
# each failed attempt is answered after a delay doubling from this many seconds up to the max.
AEGIS_SIGN_IN_DELAY_SECONDS = env_int("AEGIS_SIGN_IN_DELAY_SECONDS", 1)
AEGIS_SIGN_IN_DELAY_MAX_SECONDS = env_int("AEGIS_SIGN_IN_DELAY_MAX_SECONDS", 30)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "aegis.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "aegis.core.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "aegis.core.rest.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Aegis API",
    "DESCRIPTION": "Records of the counter-terrorism coordination office and its PIU.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # An activity's newsletter section and a kind's proposed one are the same choice set.
    "ENUM_NAME_OVERRIDES": {"NewsletterSectionEnum": "aegis.activities.models.Activity.Section"},
}

# Everything the pages load comes from this server: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
