"""Settings of pass Culture Pro, read from the environment.

Every variable is listed, with its default, in the README's "Configuration" table. The embedded default
(no environment at all) runs on a SQLite file under ``var/``, fake connectors and a mailbox stored in the
database (``/dev/mails``). ``PASSCULTURE_ENV=production`` refuses to start unless the configuration is safe:
see :func:`passculture.core.checks.check_production_settings`.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PASSCULTURE_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("PASSCULTURE_ENV", "development").strip().lower()
IS_PRODUCTION = ENVIRONMENT == "production"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key or IS_PRODUCTION:
        return key
    # Embedded mode: generate once and keep it, so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", not IS_PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "ninja",  # /api/docs: Swagger UI from ninja's static files, not from a CDN (Content-Security-Policy)
    # Domain apps, in dependency order.
    "passculture.core",
    "passculture.accounts",
    "passculture.offerers",
    "passculture.offers",
    "passculture.beneficiaries",
    "passculture.bookings",
    "passculture.finance",
    "passculture.providers",
    # Interface apps (and their shared kit, which only they import).
    "passculture.web",
    "passculture.account",
    "passculture.pro",
    "passculture.backoffice",
    "passculture.beneficiary",
    "passculture.api",
    "passculture.demo",
    # The top floor: `passculture serve` (it imports anything; nothing imports it).
    "passculture.server",
]

MIDDLEWARE = [
    "passculture.core.health.HealthMiddleware",  # /healthz, /readyz: before the host check and the HTTPS redirect
    "passculture.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "passculture.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "passculture.urls"
WSGI_APPLICATION = "passculture.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passculture.core.context_processors.platform",
            ],
        },
    },
]
DSFR_MARK_OPTIONAL_FIELDS = True

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'passculture.sqlite3'}"),
        # Keeping connections halves the cost of a request on PostgreSQL (bench/booking.py); checked before reuse.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web workers and the in-process jobs share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared by every process of the embedded server (login throttling must hold across workers).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "passculture_cache"}}

# Background work (passculture/celery.py): Redis as the broker when there is one, else tasks run inline.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is run again: a mail twice rather than never
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["passculture.accounts.backends.EmailBackend"]
LOGIN_URL = "account:login"
LOGIN_REDIRECT_URL = "pro:home"
LOGOUT_REDIRECT_URL = "account:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "passculture.accounts.validators.ProPasswordPolicyValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
EMAIL_VERIFICATION_MAX_AGE = int(os.environ.get("EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 24))
LOGIN_THROTTLE_MAX_FAILURES = int(os.environ.get("LOGIN_THROTTLE_MAX_FAILURES", "5"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_WINDOW", 15 * 60))
# Password-reset mails: at most N per window per email address and per client address.
PASSWORD_RESET_MAX_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_MAX_PER_EMAIL", "3"))
PASSWORD_RESET_MAX_PER_IP = int(os.environ.get("PASSWORD_RESET_MAX_PER_IP", "20"))
PASSWORD_RESET_THROTTLE_WINDOW = int(os.environ.get("PASSWORD_RESET_THROTTLE_WINDOW", 60 * 60))
# The header the reverse proxy appends the client address to (e.g. X-Forwarded-For); empty: REMOTE_ADDR is the client.
# Throttling buckets are per client address: behind a proxy without this, everyone shares the proxy's.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()

# Counter desk and ticketing API: attempts per window (guessing countermarks is throttled).
DESK_THROTTLE_MAX_PER_USER = int(os.environ.get("DESK_THROTTLE_MAX_PER_USER", "30"))
DESK_THROTTLE_MAX_PER_IP = int(os.environ.get("DESK_THROTTLE_MAX_PER_IP", "120"))
DESK_THROTTLE_WINDOW = int(os.environ.get("DESK_THROTTLE_WINDOW", "60"))
# Business parameters (core.Parameter) are kept this many seconds in each process (see core/parameters.py).
PARAMETER_CACHE_SECONDS = int(os.environ.get("PARAMETER_CACHE_SECONDS", "30"))
PUBLIC_API_THROTTLE_MAX_PER_KEY = int(os.environ.get("PUBLIC_API_THROTTLE_MAX_PER_KEY", "600"))
PUBLIC_API_THROTTLE_WINDOW = int(os.environ.get("PUBLIC_API_THROTTLE_WINDOW", "60"))

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# The application serves MEDIA_ROOT itself (images typed, anything else as an attachment, nosniff: core/uploads.py);
# in production the reverse proxy usually does, with the same headers (README, "Uploaded files").
SERVE_MEDIA = env_bool("SERVE_MEDIA", not IS_PRODUCTION)
# Private uploads (bank details' supporting documents): outside MEDIA_ROOT and the web root, served only through
# views that check who asks (docs/domain/finance.md#documents).
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", VAR_DIR / "private"))
# The public page of the Démarches simplifiées procedure for bank details: when set, "Ajouter un compte bancaire"
# leads there instead of the upload form of the embedded default.
DMS_APPLICATION_URL = os.environ.get("DMS_APPLICATION_URL", "")

# Mail: stored in the database (listed at /dev/mails) unless SMTP is configured.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pass Culture Pro <ne-pas-repondre@passculture.app>")
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "support@passculture.app")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "passculture.core.mail.DatabaseEmailBackend",
)
DEV_MAILBOX_ENABLED = not IS_PRODUCTION

# Connectors (outside systems): dotted paths; production refuses the fakes.
SIRENE_BACKEND = os.environ.get("SIRENE_BACKEND", "passculture.connectors.sirene.fake.FakeSireneClient")
SIRENE_API_URL = os.environ.get("SIRENE_API_URL", "https://api.insee.fr/api-sirene/3.11")
SIRENE_API_KEY = os.environ.get("SIRENE_API_KEY", "")
SIRENE_TIMEOUT = float(os.environ.get("SIRENE_TIMEOUT", "5"))
GEOCODING_BACKEND = os.environ.get("GEOCODING_BACKEND", "passculture.connectors.geocoding.fake.FakeGeocodingClient")
GEOCODING_API_URL = os.environ.get("GEOCODING_API_URL", "https://api-adresse.data.gouv.fr")
GEOCODING_TIMEOUT = float(os.environ.get("GEOCODING_TIMEOUT", "5"))
# Catalogue imports (docs/connectors.md): Allociné, bookstore stock software, Titelive daily files.
ALLOCINE_BACKEND = os.environ.get("ALLOCINE_BACKEND", "passculture.connectors.allocine.fake.FakeAllocineClient")
ALLOCINE_API_URL = os.environ.get("ALLOCINE_API_URL", "https://graph-api-proxy.allocine.fr/api/query")
ALLOCINE_API_KEY = os.environ.get("ALLOCINE_API_KEY", "")
ALLOCINE_TIMEOUT = float(os.environ.get("ALLOCINE_TIMEOUT", "30"))
# Built per provider (base URL, Authorization header, price unit come from the provider's record).
STOCKS_BACKEND = os.environ.get("STOCKS_BACKEND", "passculture.connectors.stocks.fake.FakeStocksClient")
TITELIVE_BACKEND = os.environ.get("TITELIVE_BACKEND", "passculture.connectors.titelive.fake.SampleTiteliveSource")
TITELIVE_FILES_DIR = os.environ.get("TITELIVE_FILES_DIR", "")
CONNECTOR_SETTINGS = ["SIRENE_BACKEND", "GEOCODING_BACKEND", "ALLOCINE_BACKEND", "STOCKS_BACKEND", "TITELIVE_BACKEND"]
# Démarches simplifiées (bank details applications). Without procedure numbers, DS is not used: the pros upload
# their documents in the app (the embedded default) and neither the webhook nor the poll reads anything.
DMS_BACKEND = os.environ.get("DMS_BACKEND", "passculture.connectors.dms.fake.FakeDmsClient")
DMS_API_URL = os.environ.get("DMS_API_URL", "https://www.demarches-simplifiees.fr/api/v2/graphql")
DMS_API_TOKEN = os.environ.get("DMS_API_TOKEN", "")
DMS_TIMEOUT = float(os.environ.get("DMS_TIMEOUT", "10"))
DMS_PAGE_SIZE = int(os.environ.get("DMS_PAGE_SIZE", "100"))
DMS_PROCEDURE_IDS = [int(number) for number in env_list("DMS_PROCEDURE_IDS", "")]
DMS_WEBHOOK_SECRET = os.environ.get("DMS_WEBHOOK_SECRET", "")

# Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything from the site itself, no inline script nor inline style (core/security.py); empty: no header.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id); see core/logs.py.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "passculture.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "passculture.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Payments (docs/domain/finance.md#sepa) ------------------------------------------------------------------------
# The pass Culture's own account, debited by the SEPA credit transfer files of the payment batches, and the
# identity printed on the justificatifs. Production sets them; the defaults are a demo account.
SEPA_DEBTOR_NAME = os.environ.get("SEPA_DEBTOR_NAME", "pass Culture")
SEPA_DEBTOR_IBAN = os.environ.get("SEPA_DEBTOR_IBAN", "FR7630001007941234567890185")
SEPA_DEBTOR_BIC = os.environ.get("SEPA_DEBTOR_BIC", "BDFEFRPPCCT")
PASS_CULTURE_SIREN = os.environ.get("PASS_CULTURE_SIREN", "853318459")
PASS_CULTURE_ADDRESS = os.environ.get("PASS_CULTURE_ADDRESS", "87 rue Saint-Honoré, 75001 Paris")
