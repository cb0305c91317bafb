from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from passculture.backoffice.views.common import call_decision
from passculture.core.errors import DomainError


class CommentForm(forms.Form):
    comment = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _refuse(field=None):
    raise DomainError("Refusé.", code="REFUSED", field=field)


def _valid_form() -> CommentForm:
    form = CommentForm({"comment": "motif"})
    assert form.is_valid()
    return form


def test_call_decision_returns_the_value_when_the_service_accepts():
    request, form = _request(), _valid_form()
    outcome = call_decision(request, form, lambda pk, comment: (pk, comment), 3, comment="motif")
    assert outcome.ok and outcome.value == (3, "motif")
    assert not form.errors and not list(get_messages(request))


def test_call_decision_puts_a_refusal_about_a_field_of_the_form_under_it():
    request, form = _request(), _valid_form()
    outcome = call_decision(request, form, _refuse, field="comment")
    assert not outcome.ok and outcome.error.code == "REFUSED"
    assert form.errors == {"comment": ["Refusé."]}
    assert not list(get_messages(request))


def test_call_decision_shows_any_other_refusal_as_a_message_and_leaves_the_form_valid():
    request, form = _request(), _valid_form()
    outcome = call_decision(request, form, _refuse, field="siren")
    assert not outcome.ok
    assert not form.errors
    assert [str(message) for message in get_messages(request)] == ["Refusé."]
