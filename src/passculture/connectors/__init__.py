"""Connectors to outside systems: one package per system, each swappable through a setting.

A setting such as ``SIRENE_BACKEND`` holds the dotted path of a class; :func:`load_connector` imports it and
returns a shared instance. Fakes carry the class attribute ``is_fake = True`` so that production checks can
refuse them (:func:`is_fake`).
"""

from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

__all__ = ["clear_connector_cache", "connector_class", "is_fake", "load_connector"]


def load_connector(setting_name: str) -> Any:
    """Return the connector instance configured by ``settings.<setting_name>`` (a dotted class path).

    Instances are cached per (setting, path), so ``override_settings`` pointing the setting at another class
    gets a fresh instance, and any setting change in tests clears the cache (the real clients read their URL,
    key and timeout from settings when they are built).
    """
    path = getattr(settings, setting_name, None)
    if not path or not isinstance(path, str):
        raise ImproperlyConfigured(f"settings.{setting_name} must be the dotted path of a connector class.")
    return _instantiate(setting_name, path)


def connector_class(setting_name: str) -> Any:
    """The class configured by ``settings.<setting_name>``, for connectors built per configuration (the stock
    software client is built from each provider's URL, key and price unit)."""
    path = getattr(settings, setting_name, None)
    if not path or not isinstance(path, str):
        raise ImproperlyConfigured(f"settings.{setting_name} must be the dotted path of a connector class.")
    return _import_class(setting_name, path)


@cache
def _instantiate(setting_name: str, path: str) -> Any:
    return _import_class(setting_name, path)()


def _import_class(setting_name: str, path: str) -> Any:
    try:
        return import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"settings.{setting_name} = {path!r} cannot be imported: {exc}") from exc


def clear_connector_cache() -> None:
    """Forget every cached connector instance (they are rebuilt on the next :func:`load_connector`)."""
    _instantiate.cache_clear()


def _on_setting_changed(**kwargs: Any) -> None:
    clear_connector_cache()


setting_changed.connect(_on_setting_changed, dispatch_uid="passculture.connectors.clear_cache")


def is_fake(obj: Any) -> bool:
    """True when ``obj`` (a connector instance or class) is an in-memory fake, not a real client."""
    return bool(getattr(obj, "is_fake", False))
