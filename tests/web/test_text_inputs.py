"""Every form of the interface apps follows the text input rules (core/inputs.py, docs/domain/README.md#text-inputs):
control characters refused (search texts cleaned instead), every text bounded, French messages.

The test walks the forms modules of the interface apps: a new form class is found, and the test fails until it has
the rules (``web.forms.Form`` or ``PlainForm``) and is listed in ``CONSTRUCTORS`` when it needs arguments."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms

from passculture.core.inputs import CONTROL_CHARACTERS_MESSAGE, LINE_BREAKS_MESSAGE
from passculture.offers import categories
from passculture.web.forms import SearchTextField, TextInputRules
from tests.factories import OffererFactory, UserFactory, VenueFactory

INTERFACE_FORMS = ["pro", "beneficiary", "backoffice", "account", "web"]
CONTROLS = ["\x00", "\x1b", "\x07", "\x7f", "\x85"]  # NUL, escape, bell, delete, a C1 control
ENGLISH = ("Ensure", "characters", "at most")


def form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for app in INTERFACE_FORMS:
        package = importlib.import_module(f"passculture.{app}.forms")
        modules = [package]
        if hasattr(package, "__path__"):
            for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
                modules.append(importlib.import_module(info.name))
        for module in modules:
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


FORM_CLASSES = form_classes()


def _venue():
    return VenueFactory()


def _digital_venue():
    return OffererFactory().venues.get(is_virtual=True)


# The arguments of the forms that need some, by class name: each call gives (args, kwargs).
CONSTRUCTORS = {
    "OfferFilterForm": [lambda: ((), {"venues": [_venue()]})],
    "OfferTypeForm": [lambda: ((), {"venues": [_venue()]})],
    "BookingFilterForm": [lambda: ((), {"venues": [_venue()]})],
    "StockForm": [lambda: ((), {"is_event": True, "tz_name": "Europe/Paris"})],
    "RecurrenceForm": [lambda: ((), {"tz_name": "Europe/Paris"})],
    "SubTypeForm": [lambda: ((), {"kind": "music", "type_value": "JAZZ_BLUES"})],
    "OfferDetailsForm": [
        lambda: ((), {"subcategory": categories.SUBCATEGORIES_BY_ID[subcategory], "venue": _venue()})
        for subcategory in ("LIVRE_PAPIER", "CONCERT", "SPECTACLE_REPRESENTATION", "CONFERENCE", "SEANCE_CINE")
    ]
    + [
        lambda: ((), {"subcategory": categories.SUBCATEGORIES_BY_ID["LIVRE_NUMERIQUE"], "venue": _digital_venue()}),
    ],
    "ParameterValueForm": [
        lambda: ((), {"key": "deposit_amount_cents", "current": 30000, "today": datetime.date(2026, 12, 4)}),
        lambda: ((), {"key": "booking_cancellation_hours", "current": 48, "today": datetime.date(2026, 12, 4)}),
    ],
    "SetPasswordForm": [lambda: ((UserFactory(),), {})],
    "PasswordChangeForm": [lambda: ((UserFactory(),), {})],
}


def variants(cls):
    """Each way the form is built: ``make(data)`` gives a bound form (``None``: unbound)."""
    for make_arguments in CONSTRUCTORS.get(cls.__name__, [lambda: ((), {})]):
        args, kwargs = make_arguments()

        def make(data, args=args, kwargs=kwargs):
            return cls(*args, **kwargs) if data is None else cls(*args, data=data, **kwargs)

        yield make


def text_fields(form: forms.BaseForm) -> dict[str, forms.CharField]:
    return {
        name: field for name, field in form.fields.items() if isinstance(field, forms.CharField) and not field.disabled
    }


def ids(cls) -> str:
    return cls.__qualname__


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"VenueForm", "OfferDetailsForm", "CatalogueSearchForm", "RejectOfferForm", "ProfileForm"} <= names
    assert len(FORM_CLASSES) >= 35


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=ids)
def test_every_form_has_the_text_input_rules(cls):
    assert issubclass(cls, TextInputRules), f"{cls.__module__}.{cls.__qualname__}: use web.forms.Form or PlainForm"


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=ids)
def test_every_text_field_refuses_control_characters_or_cleans_them_from_a_search(cls):
    for make in variants(cls):
        fields = text_fields(make(None))
        for control in CONTROLS:
            form = make({name: f"ab{control}cd" for name in fields})
            form.is_valid()  # never raises, whatever the other fields say
            for name, field in text_fields(form).items():
                if isinstance(field, SearchTextField):
                    assert name not in form.errors, (cls.__name__, name, form.errors.get(name))
                    assert form.cleaned_data[name] == "abcd", (cls.__name__, name)
                else:
                    assert name in form.errors, (cls.__name__, name, control)
                    if type(field) is forms.CharField:  # URL and email fields may say their own refusal first
                        assert CONTROL_CHARACTERS_MESSAGE in form.errors[name], (cls.__name__, name, control)
                    assert control not in str(form.cleaned_data.get(name, "")), (cls.__name__, name)


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=ids)
def test_line_breaks_are_kept_in_a_multi_line_text_and_refused_on_one_line(cls):
    for make in variants(cls):
        fields = text_fields(make(None))
        form = make({name: "ligne 1\r\n\tligne 2" for name in fields})
        form.is_valid()
        for name, field in text_fields(form).items():
            errors = form.errors.get(name, [])
            if isinstance(field.widget, forms.Textarea):
                assert LINE_BREAKS_MESSAGE not in errors and CONTROL_CHARACTERS_MESSAGE not in errors, name
            elif not isinstance(field, SearchTextField) and not isinstance(field.widget, forms.PasswordInput):
                assert errors, (cls.__name__, name)
                if type(field) is forms.CharField:
                    assert LINE_BREAKS_MESSAGE in errors, (cls.__name__, name)


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=ids)
def test_every_text_field_is_bounded_with_a_french_message(cls):
    for make in variants(cls):
        fields = text_fields(make(None))
        assert all(field.max_length for field in fields.values()), [n for n, f in fields.items() if not f.max_length]
        form = make({name: "a" * (field.max_length + 1) for name, field in fields.items()})
        assert not form.is_valid() or not fields
        for name, field in text_fields(form).items():
            assert str(field.max_length) == str(field.widget.attrs.get("maxlength")), (cls.__name__, name)
            messages = " ".join(form.errors.get(name, []))
            assert messages and not any(word in messages for word in ENGLISH), (cls.__name__, name, messages)
