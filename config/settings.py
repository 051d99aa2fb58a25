"""Settings for Electives Abroad, read from the environment (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django_countries.data import COUNTRIES

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0 or true/false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name, default):
    value = os.environ.get(name, "")
    if value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "django_countries",
    "axes",
    "simple_history",
    "django_ratelimit",
    # Ours, lowest first: each depends only on those above it.
    "web",
    "mail",
    "electives",
    "guide",
    "residents",
    "debriefs",
    "curation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "web.middleware.DatabaseUnavailableMiddleware",
    "web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Where Django itself would first read the Host header, so the 400 has every header.
    "web.middleware.HostPortMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Gives history records made outside the admin's own save (actions, revert) their user.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        # No "loaders": Django then wraps these in the cached loader (templates parsed once).
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
    {
        # The directory listing's own templates (electives.templating explains why).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [],
        "APP_DIRS": True,  # electives/jinja2/
        "OPTIONS": {"environment": "electives.templating.environment"},
    },
]

# SQLite in the project by default; PostgreSQL (what CI and production use) with DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        # No CONN_HEALTH_CHECKS: its `SELECT 1` on every request would double the queries of
        # a cached page. The first query of a public request (the content version, and
        # /healthz) reconnects once instead when a restart cut the connection
        # (web.database.on_a_fresh_connection_if_stale).
        conn_health_checks=False,
    )
}
# How long a web request's query may run, and wait for a row lock, before it answers 503
# (web.middleware.DatabaseUnavailableMiddleware; management commands are not bounded).
DATABASE_QUERY_TIMEOUT = envint("DATABASE_QUERY_TIMEOUT", 5)
DATABASE_LOCK_TIMEOUT = envint("DATABASE_LOCK_TIMEOUT", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer must not hold a worker for long: fail fast, answer
    # 503. Keepalives notice a host gone quiet under an idle persistent connection, and
    # tcp_user_timeout one that stopped acknowledging what we sent.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=envint("DATABASE_CONNECT_TIMEOUT", 3),
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=5,
        keepalives_count=3,
        tcp_user_timeout=10_000,  # milliseconds
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) when configured, so several app servers agree; else per process.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "electives",
            "TIMEOUT": 3600,
            # A slow or absent Redis costs a second at most; electives.cache then renders afresh.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 3600,
        }
    }
# Each process keeps the public pages it served last in its own memory too (electives.cache):
# up to 1,000 pages of at most 256 kB (typically 10-40 kB), keyed by the content version read
# from the database.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# ... and the few larger pages it served last (a search's CSV: up to 1 MB each, 32 MB in
# all), which would otherwise cross from Redis on every download.
CACHES["big_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "big-pages",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 32},
}

# The database's own cache table (the residents app's migrations create it): shared by every
# process and server, and as durable as the data.
CACHES["database"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "ratelimit_cache",
}
# django-ratelimit counts form submissions per address in a cache every process shares: the
# shared cache (Redis) when there is one, else the database; it rightly refuses a per-process
# memory cache. With Redis unreachable the forms are accepted uncounted (residents.views).
# Its W001 names every backend outside its short list, Django's own RedisCache (atomic
# increments, like django-redis) included.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "default" if CACHE_URL else "database"
if not CACHE_URL:
    # Its check wants an atomic increment; the database cache reads then writes, so two
    # submissions at the same instant may both pass. A limit of 5 an hour that lets a 6th
    # through in a race still stops floods; with REDIS_URL the count is exact.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]
# An admin CSV upload waits between its preview and "Apply" (which another process or server
# may answer) in the database, not in Redis: Redis may evict it (allkeys-lru) or be down,
# and either would lose a curator's work.
PENDING_IMPORT_CACHE = "database"
# Public form submissions (suggest, report, alerts) allowed per address, the address being
# the one the admin lockout counts (django-axes, PROXY_COUNT): one rule for who a client is.
FORM_RATE_LIMIT = os.environ.get("FORM_RATE_LIMIT", "5/h")
RATELIMIT_IP_META_KEY = "axes.helpers.get_client_ip_address"

# Whole public pages stored in that cache, keyed by the content version (electives.cache).
# Off only to measure or debug rendering; ETags and 304s stay on either way.
PUBLIC_PAGE_CACHE = envbool("PUBLIC_PAGE_CACHE", True)
# Seconds gunicorn's master spends, before forking, preparing the commonest pages' cards
# and searches for every worker (electives.warm); 0 turns it off.
WARM_UP_SECONDS = envint("WARM_UP_SECONDS", 5)
# The workers' listener for content changes (electives.version_watch) needs a session of
# its own: behind PgBouncer in transaction mode, point it at PostgreSQL itself.
CONTENT_VERSION_LISTEN_URL = os.environ.get("CONTENT_VERSION_LISTEN_URL", "")
# Where downloads too big for the page cache are kept, compressed, per content version
# (electives.csv.kept); a folder of the system's temporary directory by default.
KEPT_DOWNLOADS_DIR = os.environ.get("KEPT_DOWNLOADS_DIR", "")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed admin logins: lock the username+address pair after a few tries, for an hour.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind PROXY_COUNT reverse proxies the address counted is the client's, as they report it
# in X-Forwarded-For (config.proxies): so an attacker locks out only itself.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "config.proxies.client_address"
AXES_USERNAME_CALLABLE = "config.lockout.attempted_username"
AXES_LOCKOUT_TEMPLATE = "429.html"

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed names (what {% static %} writes) are served "immutable" for ten years by whitenoise;
# an unhashed name keeps whitenoise's short default, so a deploy is seen within a minute.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# HTTPS everywhere when DEBUG is off; SECURE_SSL_REDIRECT=0 behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# A year, subdomains included, and preloading: what the browsers' preload list asks for.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
# An operator who turns preloading off has chosen to; check --deploy need not warn about it.
SILENCED_SYSTEM_CHECKS += [] if SECURE_HSTS_PRELOAD or DEBUG else ["security.W021"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts and styles only from our own files: no inline code, no eval, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "electives@localhost")
CURATOR_EMAILS = envlist("CURATOR_EMAILS", [])
# A slow mail server must not hold a request or the alerts run for long (seconds).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
# The site's address for links in e-mails sent outside a request (alerts, re-verification, digests).
# Hosts exempt from "public addresses only" (electives.addresses): the link checker may
# request them and URL fields accept them. Empty in production; tests list their loopback
# servers.
OUTBOUND_ALLOWED_HOSTS = []

# A listing not verified for this many months needs re-verification: the public pages
# say it may be out of date, and the admin, the dashboard and request_reverification
# (its default) pick it out.
REVERIFY_AFTER_MONTHS = envint("REVERIFY_AFTER_MONTHS", 12)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "config.errors.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        # httpx logs every request at INFO: a line per URL in check_links.
        "httpx": {"level": "WARNING"},
    },
}

SITE_NAME = "Electives Abroad"
LISTING_PAGE_SIZE = 20

# An institution's travel policy (README, "An institution's travel policy"): electives over
# it are marked on every page. The highest State Department advisory level it allows
# without an appeal (1-4; empty: no policy), and the countries it forbids (ISO codes).
ADVISORY_POLICY_MAX_LEVEL = envint("ADVISORY_POLICY_MAX_LEVEL", None)
if ADVISORY_POLICY_MAX_LEVEL is not None and not 1 <= ADVISORY_POLICY_MAX_LEVEL <= 4:
    raise ImproperlyConfigured(
        f"ADVISORY_POLICY_MAX_LEVEL must be 1 to 4, or empty, not {ADVISORY_POLICY_MAX_LEVEL}"
    )
ADVISORY_POLICY_COUNTRIES = [code.upper() for code in envlist("ADVISORY_POLICY_COUNTRIES", [])]
if bad_codes := [code for code in ADVISORY_POLICY_COUNTRIES if code not in COUNTRIES]:
    raise ImproperlyConfigured(
        f"ADVISORY_POLICY_COUNTRIES must be ISO 3166-1 codes such as KE, not {bad_codes}"
    )

# Getting an elective approved (README, "Getting an elective approved"). How many days before
# the start the institution wants the approval request (institutions ask for 90 to 180): the
# plan, the packet, plan.ics and the guide's timeline count the approval step back by it.
GME_APPROVAL_LEAD_DAYS = envint("GME_APPROVAL_LEAD_DAYS", 120)
if not 1 <= GME_APPROVAL_LEAD_DAYS <= 730:
    raise ImproperlyConfigured(
        f"GME_APPROVAL_LEAD_DAYS must be 1 to 730 days, not {GME_APPROVAL_LEAD_DAYS}"
    )
# Countries with no State Department advisory on file: `include` lets them through
# advisory_max and the policy above; `exclude` treats them as over the limit.
ADVISORY_POLICY_UNKNOWN = os.environ.get("ADVISORY_POLICY_UNKNOWN", "").strip() or "include"
if ADVISORY_POLICY_UNKNOWN not in ("include", "exclude"):
    raise ImproperlyConfigured(
        f"ADVISORY_POLICY_UNKNOWN must be include or exclude, not {ADVISORY_POLICY_UNKNOWN!r}"
    )
# Who approves travel to advisory level 3-4 countries, as the plan's step names it.
TRAVEL_RISK_COMMITTEE = (
    os.environ.get("TRAVEL_RISK_COMMITTEE", "").strip()
    or "your institution's travel-risk committee"
)
# Countries by the names residents use (django-countries' common names, which stay on,
# and these where its ISO-derived names read oddly: "Naoero", "Bahamas (The)").
COUNTRIES_OVERRIDE = {
    "BS": "Bahamas",
    "CC": "Cocos Islands",
    "FK": "Falkland Islands",
    "MF": "Saint Martin",
    "NR": "Nauru",
    "SX": "Sint Maarten",
    "TR": "Turkey",
    "US": "United States",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}
