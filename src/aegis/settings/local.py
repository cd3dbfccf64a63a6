"""Settings for a developer's machine and the ``make run`` demo: embedded SQLite."""

from aegis.settings.base import *  # noqa: F403
from aegis.settings.base import STATIC_ROOT, VAR_DIR
from aegis.settings.environment import env_bool

DEBUG = env_bool("DEBUG", default=True)
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
