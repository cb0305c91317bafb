# The Celery application is loaded with Django so that ``@shared_task`` uses it (Celery's Django recipe).
from passculture.celery import app as celery_app

__all__ = ["celery_app"]
