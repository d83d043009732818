"""Settings shared by every environment. Values that differ per machine come from the
environment (see docs/deployment.md); nothing secret lives here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .mail import email_settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("CANCERHELP_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "cancerhelp.core",
    "cancerhelp.accounts",
    "cancerhelp.home",
    "cancerhelp.topics",
    "cancerhelp.glossary",
    "cancerhelp.directory",
    "cancerhelp.quality",
    "cancerhelp.search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "cancerhelp.core.cache.CacheMiddleware",  # first: a cached page skips everything below
    "django.middleware.security.SecurityMiddleware",
    "cancerhelp.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cancerhelp.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "cancerhelp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cancerhelp.wsgi.application"

# SQLite under var/ by default (zero set-up); DATABASE_URL points at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a connection broken by an outage is replaced, not reused
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editors' accounts (cancerhelp/accounts, docs/security.md): django-axes checks every
# sign-in first; a password alone never opens the admin (two-factor, django-otp).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # checks the lockout; can also load a signed-in user
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))  # per account and per address
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cancerhelp.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cancerhelp.accounts.lockout.client_address"
AXES_VERBOSE = False
BEHIND_PROXY = env_bool("BEHIND_PROXY")  # trust the proxy's X-Forwarded-For (core/client.py)
OTP_TOTP_ISSUER = "Cancer Help"
# Sessions end after this much inactivity (each request moves the deadline on).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
globals().update(email_settings(os.environ))  # EMAIL_URL or EMAIL_HOST... (settings/mail.py)

# Internationalisation: English at /, Spanish under /es/ (i18n_patterns in urls.py).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Serve uploaded images from Django (off when a proxy serves MEDIA_ROOT at /media/).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Caches shared by every gunicorn worker: "default" (the report form's rate limit, Wagtail)
# and "pages" (rendered public pages, cancerhelp/core/cache.py). Files under var/ by default;
# REDIS_URL (e.g. redis://127.0.0.1:6379/0) shares them between app servers. A Redis outage
# makes pages uncached, never an error (SafeRedisCache).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "cancerhelp")
if REDIS_URL:
    _redis = {
        "BACKEND": "cancerhelp.core.cache.SafeRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX, "TIMEOUT": 3600},
        "pages": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX + ":pages", "TIMEOUT": 86400},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 3600,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "page-cache"),
            "TIMEOUT": 86400,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# HTTP caching (cancerhelp/core/cache.py): browsers keep a public page CACHE_MAX_AGE seconds,
# shared caches (the reverse proxy, a CDN) CACHE_S_MAXAGE; both are purged on publish.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "86400"))
CACHE_MAX_AGE = int(os.environ.get("CACHE_MAX_AGE", "60"))
CACHE_S_MAXAGE = int(os.environ.get("CACHE_S_MAXAGE", "3600"))
# What pages show besides pages themselves: a change to any of these purges every page.
PAGE_CACHE_PURGED_BY = [
    "core.HelpLine",
    "directory.Service",
    "directory.Organization",
    "directory.Location",
    "directory.ServiceAtLocation",
    "directory.ServiceLanguage",
    "directory.ServicePhone",
    "directory.TaxonomyTerm",
    "glossary.GlossaryTerm",
    "quality.LinkTarget",
    "wagtailcore.Locale",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
]
# Wagtail's frontend cache purges the reverse proxy in front (ops/varnish.vcl; a CDN:
# docs/deployment.md). Each page URL already names its language.
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Security headers that every environment sends (core.middleware adds CSP and friends).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

WAGTAIL_SITE_NAME = "Cancer Help"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search. On PostgreSQL each language gets its own stemming: "default"
# searches English content, "es" Spanish content (cancerhelp/search/backend.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "cancerhelp.search.backend", "SEARCH_CONFIG": "cancerhelp_english"},
    "es": {
        "BACKEND": "cancerhelp.search.backend",
        "SEARCH_CONFIG": "cancerhelp_spanish",
        "AUTO_UPDATE": False,  # the default backend indexes every language
    },
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call home from the admin
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party avatars: Wagtail's local default image
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Reading targets for the readability report (quality app).
READABILITY_MAX_GRADE_EN = 8
READABILITY_MIN_EASE_ES = 70
# The "In short" box on topic pages is held to grade 6 (Fernández-Huerta 80 is its Spanish match).
READABILITY_IN_SHORT_MAX_GRADE_EN = 6
READABILITY_IN_SHORT_MIN_EASE_ES = 80
# Video sites whose players a reader may start on our pages (after pressing Play only).
VIDEO_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com"]
# Link checker (quality app, docs/link-checking.md): flag an address to editors after this
# many broken checks in a row; the contact address in its User-Agent; review-due horizon.
LINKCHECK_FLAG_AFTER = int(os.environ.get("LINKCHECK_FLAG_AFTER", "3"))
LINKCHECK_CONTACT_URL = os.environ.get("LINKCHECK_CONTACT_URL", "")  # default: WAGTAILADMIN_BASE_URL
REVIEW_DUE_WITHIN_DAYS = 30
# The outgoing addresses the link checker watches besides links in page bodies:
# (model label, address field, field naming the record, kind shown to editors).
# Quality observes content through this list and never imports a content model.
# The starter directory (directory/starter.py) reuses two pieces of the initial content (home):
# the page's own entries, to skip duplicates, and the Spanish translation step.
INITIAL_RESOURCES_FILE = BASE_DIR / "cancerhelp" / "home" / "content" / "resources.yaml"
STARTER_DIRECTORY_TRANSLATOR = "cancerhelp.home.translation.make_spanish_service_twins"

QUALITY_LINK_FIELDS = [
    ("directory.Service", "url", "title", "resource"),
    ("directory.Organization", "website", "name", "organization"),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SITE_TITLE = _("Cancer Help")
