"""``PASSCULTURE_ENV=production`` refuses to start with an unsafe configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def production_problems() -> list[str]:
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG est activé.")
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty key
        secret_key = ""
    if not secret_key:
        problems.append("SECRET_KEY est absent.")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append("La base SQLite n'est pas faite pour la production : renseignez DATABASE_URL (PostgreSQL).")
    if not settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS est vide.")
    if settings.EMAIL_BACKEND.endswith("DatabaseEmailBackend"):
        problems.append("Les courriels ne partent pas : renseignez EMAIL_HOST (SMTP).")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append(
            "Aucun courtier de tâches : renseignez REDIS_URL (ou CELERY_BROKER_URL) pour que les courriels partent"
            " hors des requêtes."
        )
    for name in settings.CONNECTOR_SETTINGS:
        path = getattr(settings, name)
        if getattr(import_string(path), "is_fake", False):
            problems.append(f"{name} désigne un connecteur factice ({path}).")
    problems.extend(_dms_problems())
    return problems


def _dms_problems() -> list[str]:
    """Démarches simplifiées is checked only when used (procedure numbers set)."""
    if not settings.DMS_PROCEDURE_IDS:
        return []
    problems = []
    if getattr(import_string(settings.DMS_BACKEND), "is_fake", False):
        problems.append(f"DMS_BACKEND désigne un connecteur factice ({settings.DMS_BACKEND}).")
    if not settings.DMS_API_TOKEN:
        problems.append("DMS_API_TOKEN est absent alors que DMS_PROCEDURE_IDS est renseigné.")
    if len(settings.DMS_WEBHOOK_SECRET) < 32:
        problems.append("DMS_WEBHOOK_SECRET doit compter au moins 32 caractères quand DMS_PROCEDURE_IDS est renseigné.")
    return problems


@register(Tags.security, deploy=False)
def check_production_settings(app_configs, **kwargs):
    if not settings.IS_PRODUCTION:
        return []
    return [Error(problem, id="passculture.E001") for problem in production_problems()]


def refuse_unsafe_production() -> None:
    """Called by the WSGI/ASGI entry points and ``passculture serve``: production never starts unsafe."""
    if settings.IS_PRODUCTION:
        problems = production_problems()
        if problems:
            raise ImproperlyConfigured("Configuration de production refusée :\n- " + "\n- ".join(problems))
