"""The production settings (DEBUG=0), read in a fresh process as a server would read them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-" + "k" * 50,
    "ALLOWED_HOSTS": "electives.example.org",
}

REPORT = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.template import engines
from django.urls import reverse
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "hsts": settings.SECURE_HSTS_SECONDS,
    "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "hsts_preload": settings.SECURE_HSTS_PRELOAD,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.SESSION_COOKIE_SAMESITE, settings.CSRF_COOKIE_SECURE,
                settings.CSRF_COOKIE_SAMESITE],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "loader": f"{type(loader).__module__}.{type(loader).__name__}",
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "pool": settings.DATABASES["default"].get("OPTIONS", {}).get("pool", False),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "sessions": settings.SESSION_ENGINE,
    "admin": reverse("admin:index"),
}))
"""


def run(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "REDIS_URL", "CACHE_URL")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_settings(**env):
    result = run("-c", REPORT, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_gives_no_warning_with_debug_off():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_hardened_and_fast():
    found = production_settings()
    assert found["hsts"] >= 365 * 24 * 3600
    assert found["hsts_subdomains"] and found["hsts_preload"]
    assert found["ssl_redirect"] is True
    assert found["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["cookies"] == [True, True, "Lax", True, "Lax"]
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["loader"] == "django.template.loaders.cached.Loader"
    # Persistent connections or psycopg's pool, never both (Django refuses the pair).
    assert (found["conn_max_age"] > 0) != bool(found["pool"])
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    # Sessions in the database: any app server can serve any curator.
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["admin"] == "/admin/"


def test_behind_a_tls_proxy_only_the_redirect_goes_off():
    found = production_settings(SECURE_SSL_REDIRECT="0")
    assert found["ssl_redirect"] is False
    assert found["hsts"] >= 365 * 24 * 3600
    assert found["cookies"][0] is True


def test_redis_url_gives_djangos_redis_cache_and_admin_url_moves_the_admin():
    found = production_settings(REDIS_URL="redis://127.0.0.1:6379/3", ADMIN_URL="/curators-x7/")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_location"] == "redis://127.0.0.1:6379/3"
    assert found["admin"] == "/curators-x7/"
    found = production_settings(CACHE_URL="redis://cache.internal:6379/0")
    assert found["cache_location"] == "redis://cache.internal:6379/0"


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run("manage.py", "check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_environment_values_fail_loudly():
    result = run("manage.py", "check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be 1/0 or true/false" in result.stderr


def test_gunicorn_config_uses_threads_and_every_core():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--print-config", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "PORT")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = dict(
        (part.strip() for part in line.split("=", 1))
        for line in result.stdout.splitlines()
        if "=" in line
    )
    assert config["worker_class"] == "web.gunicorn_worker.BalancedThreadWorker"
    assert int(config["workers"]) == (os.cpu_count() or 1) + 1
    assert int(config["threads"]) >= 2
    assert int(config["timeout"]) == 30
    assert config["accesslog"] == "-"
    assert config["control_socket_disable"] == "True"
    assert config["bind"] == "['127.0.0.1:8000']"
