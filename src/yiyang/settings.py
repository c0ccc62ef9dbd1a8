"""Django settings, read from the environment (12-factor) with safe development defaults.

Every setting a bureau's operator may change is listed in docs/operations/settings.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# With the editable install that `make setup` does, the checkout holds var/ and node_modules/.
PROJECT_DIR = Path(os.environ.get("YIYANG_HOME", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("YIYANG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or env_bool("YIYANG_DEV", True)):
        raise RuntimeError("SECRET_KEY must be set in production (YIYANG_DEV=0).")
    SECRET_KEY = "yiyang-development-only-key-not-for-production"  # noqa: S105
# Audit hashes of identity and phone numbers use their own key so rotating SECRET_KEY keeps
# old audit entries comparable.
AUDIT_HASH_KEY = os.environ.get("AUDIT_HASH_KEY", SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "yiyang.core",
    "yiyang.registry",
    "yiyang.assessment",
    "yiyang.benefits",
    "yiyang.scheduling",
    "yiyang.institutions",
    "yiyang.telecare",
    "yiyang.workforce",
    "yiyang.homecare",
    "yiyang.stats",
    "yiyang.servicemap",
    "yiyang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yiyang.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yiyang.core.middleware.RequestIdMiddleware",
]

ROOT_URLCONF = "yiyang.urls"
WSGI_APPLICATION = "yiyang.wsgi.application"
ASGI_APPLICATION = "yiyang.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yiyang.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yiyang.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads; a busy timeout instead of
    # "database is locked" when both write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DB_SERVER_SIDE_BINDING", False):
    # Parameters sent apart from the SQL, and a statement run DB_PREPARE_THRESHOLD times on a
    # connection prepared on it: PostgreSQL then stops parsing and planning it anew at every
    # request. Only with persistent connections straight to PostgreSQL, not through a pooler
    # in transaction mode (docs/operations/deploy.md).
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": int(os.environ.get("DB_PREPARE_THRESHOLD", "5")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# Lockout: this many failures for one account within the window locks it for the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [Path(os.environ.get("YIYANG_LOCALE_DIR", PACKAGE_DIR / "locale"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
NODE_MODULES = Path(os.environ.get("YIYANG_NODE_MODULES", PROJECT_DIR / "node_modules"))
# Front-end libraries come from npm at set-up and are served by us: no CDN (DESIGN.md rule 8).
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / path)
    for name, path in {
        "bootstrap": "bootstrap/dist",
        "bootstrap-icons": "bootstrap-icons/font",
        "htmx": "htmx.org/dist",
        "echarts": "echarts/dist",
        "leaflet": "leaflet/dist",
    }.items()
    if (NODE_MODULES / path).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# API tokens and their accounts are kept this many seconds in the cache between a client's
# requests (docs/operations/settings.md). Only a cache the web processes share (Redis) sees a
# revocation everywhere at once, so it is off with the per-process local-memory cache.
API_TOKEN_CACHE_SECONDS = int(
    os.environ.get("API_TOKEN_CACHE_SECONDS", "60" if os.environ.get("REDIS_URL") else "0")
)

# Telecare (docs/modules/telecare.md): the MQTT broker devices publish to, and this city's
# tenant in the topic scheme yiyang/<tenant>/<serial>/<kind>.
TELECARE_MQTT_HOST = os.environ.get("TELECARE_MQTT_HOST", "127.0.0.1")
TELECARE_MQTT_PORT = int(os.environ.get("TELECARE_MQTT_PORT", "1883"))
TELECARE_TENANT = os.environ.get("TELECARE_TENANT", "wuzhong")

# Day planning (docs/modules/scheduling.md): a routing server's minutes between places, as a JSON
# file; empty plans with the great-circle travel time of the home-service policy.
HOMECARE_TRAVEL_MATRIX = os.environ.get("HOMECARE_TRAVEL_MATRIX", "")
# How often a caregiver's open phone page asks whether her round changed (ADR 0006).
HOMECARE_NOTICE_POLL_SECONDS = int(os.environ.get("HOMECARE_NOTICE_POLL_SECONDS", "20"))

NINJA_PAGINATION_PER_PAGE = 25
NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# How many rows the registry import writes per transaction.
IMPORT_BATCH_SIZE = int(os.environ.get("IMPORT_BATCH_SIZE", "2000"))
# Files above this many data rows are imported by the task worker with a progress bar.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))

# The registry keeps residents of this age or over (seed 000: 老年人 = 60+).
REGISTRY_MIN_AGE = int(os.environ.get("REGISTRY_MIN_AGE", "60"))
# The city's telephone area code, added to local landline numbers (e.g. 0953 for Wuzhong).
PHONE_AREA_CODE = os.environ.get("PHONE_AREA_CODE", "0953")
# Shown in the page frame: the city (or county) whose bureau runs this installation.
PLATFORM_CITY_NAME = os.environ.get("PLATFORM_CITY_NAME", "吴忠市")

# Maps (core/partials/map.html): a tile server the city runs or licenses, e.g.
# "https://tiles.example.gov.cn/{z}/{x}/{y}.png". Empty (the default) draws points on a plain
# background, so maps work on an intranet with no internet at all. The centre is used when a map
# has no points yet.
MAP_TILE_URL = os.environ.get("YIYANG_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("YIYANG_MAP_ATTRIBUTION", "")
MAP_CENTER = tuple(
    float(part) for part in os.environ.get("YIYANG_MAP_CENTER", "37.9976,106.1987").split(",")
)
# An Excel export of the registry stops at this many rows (larger sets: narrow the filters).
REGISTRY_EXPORT_MAX_ROWS = int(os.environ.get("REGISTRY_EXPORT_MAX_ROWS", "50000"))

# Statistics (issue 8): a count of fewer elders than this is shown as "<5" to users who may not
# see the elders themselves, so a statistic never identifies a person.
STATS_SMALL_COUNT_THRESHOLD = int(os.environ.get("STATS_SMALL_COUNT_THRESHOLD", "5"))
# The lower edges of the dashboard's age bands (60-69, 70-79, 80-89, 90+).
STATS_AGE_BANDS = [int(age) for age in os.environ.get("STATS_AGE_BANDS", "60,70,80,90").split(",")]
