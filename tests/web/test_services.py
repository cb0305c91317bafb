from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from passculture.core.errors import DomainError
from passculture.web.services import add_domain_error, call_service


class NameForm(forms.Form):
    name = forms.CharField()


def _refuse(field=None):
    raise DomainError("Refusé.", code="refused", field=field)


def test_an_error_about_a_field_goes_under_the_field():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_domain_error(form, DomainError("Nom déjà pris.", field="name"))
    assert form.errors == {"name": ["Nom déjà pris."]}


def test_an_error_about_no_field_or_an_unknown_field_goes_on_top_of_the_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_domain_error(form, DomainError("Refusé."))
    add_domain_error(form, DomainError("Autre refus.", field="siren"))
    assert form.non_field_errors() == ["Refusé.", "Autre refus."]


def test_call_service_returns_the_value_when_the_service_accepts():
    form = NameForm({"name": "x"})
    outcome = call_service(form, lambda a, b=0: a + b, 1, b=2)
    assert outcome.ok and outcome.value == 3 and outcome.error is None


def test_call_service_puts_the_refusal_on_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    outcome = call_service(form, _refuse, field="name")
    assert not outcome.ok and outcome.error.code == "refused"
    assert form.errors == {"name": ["Refusé."]}


def test_call_service_with_a_request_shows_the_refusal_as_a_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    outcome = call_service(request, _refuse)
    assert not outcome.ok
    assert [str(message) for message in get_messages(request)] == ["Refusé."]
