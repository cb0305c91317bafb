"""Versioned business parameters (amounts, delays, thresholds): see the value in force, its history, add a value.

A parameter is never edited: a new value is a new row with its validity date, today or later, so that a past
decision can always be explained with the value it used (``core.parameters``).
"""

import datetime
import json
from dataclasses import dataclass
from itertools import groupby
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.parameters import ParameterValueForm
from passculture.core.dates import PARIS, format_datetime, localtime_in
from passculture.core.models import Parameter
from passculture.core.money import format_cents
from passculture.core.parameters import parameter_add
from passculture.core.selectors import parameter_versions
from passculture.web.services import call_service


def display_value(key: str, value) -> str:
    """``offers.max_price_cents = 30000`` → ``300,00 €``; anything else as JSON."""
    if key.endswith("_cents") and isinstance(value, int) and not isinstance(value, bool):
        return format_cents(value)
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Version:
    row: Parameter
    display: str
    state: str  # "current", "upcoming" or "past"


@dataclass(frozen=True)
class ParameterSummary:
    key: str
    description: str
    current: Version | None
    upcoming: list[Version]
    history: list[Version]  # newest first, every row

    @property
    def current_value(self):
        return self.current.row.value if self.current else None


def _summary(key: str, rows: list[Parameter], now: datetime.datetime) -> ParameterSummary:
    """``rows``: the rows of ``key``, newest ``valid_from`` first."""
    current_row = next((row for row in rows if row.valid_from <= now), None)

    def state(row):
        if row.valid_from > now:
            return "upcoming"
        return "current" if row is current_row else "past"

    history = [Version(row, display_value(key, row.value), state(row)) for row in rows]
    described = next((row.description for row in rows if row.description), "")
    return ParameterSummary(
        key=key,
        description=described,
        current=next((version for version in history if version.state == "current"), None),
        upcoming=[version for version in reversed(history) if version.state == "upcoming"],
        history=history,
    )


def _summaries(now: datetime.datetime) -> list[ParameterSummary]:
    rows = parameter_versions()
    return [_summary(key, list(group), now) for key, group in groupby(rows, key=lambda row: row.key)]


@staff_required
def parameters(request):
    return render(
        request,
        "backoffice/parameters/list.html",
        {"title": "Paramètres", "summaries": _summaries(timezone.now())},
    )


def _valid_from(day: datetime.date | None, now: datetime.datetime) -> datetime.datetime:
    """Empty or today → now; a later day → its midnight in Paris (the parameters' reference time zone)."""
    if day is None or day <= localtime_in(now, PARIS).date():
        return now
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(PARIS))


@staff_required
def parameter_detail(request, key: str):
    now = timezone.now()
    rows = list(parameter_versions(key))
    if not rows:
        raise Http404
    summary = _summary(key, rows, now)
    today = localtime_in(now, PARIS).date()
    form = ParameterValueForm(request.POST or None, key=key, current=summary.current_value, today=today)
    if request.method == "POST":
        if form.is_valid():
            valid_from = _valid_from(form.cleaned_data["valid_from"], now)
            value = form.cleaned_data["value"]
            if call_service(form, parameter_add, request.user, key, value, valid_from, form.cleaned_data["comment"]).ok:
                messages.success(
                    request,
                    f"Nouvelle valeur de « {key} » enregistrée : {display_value(key, value)}, en vigueur "
                    f"{'immédiatement' if valid_from == now else 'à partir du ' + format_datetime(valid_from, PARIS)}.",
                )
                return redirect(reverse("backoffice:parameter-detail", args=[key]))
        messages.error(request, "La valeur n'a pas été enregistrée : corrigez le formulaire ci-dessous.")
    return render(
        request,
        "backoffice/parameters/detail.html",
        {"title": f"Paramètre {key}", "summary": summary, "form": form, "is_amount": form.is_amount},
        status=400 if form.is_bound else 200,
    )
