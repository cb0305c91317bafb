"""Review of the offers publication sent to manual review, and the review rules (docs/domain/offers.md#review).

Rules are data (``OfferValidationRule``): staff create, edit, activate and deactivate them here; every change is
audited with its before / after. Publication (``offers.services.offer_publish``) reads the active rules.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from passculture.backoffice.ages import request_age
from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.offers import OfferQueueFilterForm, RejectOfferForm
from passculture.backoffice.forms.rules import RULE_FORMS
from passculture.backoffice.views.common import call_decision, paginate, query_string
from passculture.core.audit import audit_trail
from passculture.core.money import format_cents
from passculture.offers import rules, selectors, services
from passculture.offers.categories import (
    CATEGORIES_BY_ID,
    SUBCATEGORIES_BY_ID,
    ExtraField,
    music_sub_type_choices,
    music_type_choices,
    show_sub_type_choices,
    show_type_choices,
)
from passculture.offers.models import Offer, OfferValidationRule, Stock, ValidationRuleKind
from passculture.web.services import call_service

AUDIT_TRAIL_LENGTH = 100
REJECT_WARNING = "Refuser désactive l'offre, annule ses réservations et prévient la structure par email."

# --- Reads -----------------------------------------------------------------------------------------------


def _type_labels(subcategory_id: str) -> tuple[str, str]:
    """(category label, subcategory label); an unknown id (data from an older catalogue) shows as is."""
    subcategory = SUBCATEGORIES_BY_ID.get(subcategory_id)
    if subcategory is None:
        return "", subcategory_id
    category = CATEGORIES_BY_ID.get(subcategory.category_id)
    return (category.label if category else ""), subcategory.label


def _is_event(subcategory_id: str) -> bool:
    subcategory = SUBCATEGORIES_BY_ID.get(subcategory_id)
    return bool(subcategory and subcategory.is_event)


# --- The queue -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    offer: Offer
    category_label: str
    type_label: str
    age: object  # backoffice.ages.RequestAge


@staff_required
def offer_queue(request):
    form = OfferQueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"categorie": "", "structure": ""}
    offers = selectors.pending_offers(category_id=filters["categorie"], offerer_name=filters["structure"])
    page = paginate(request, offers)
    rows = [QueueRow(offer, *_type_labels(offer.subcategory_id), request_age(offer.submitted_at)) for offer in page]
    return render(
        request,
        "backoffice/offers/queue.html",
        {
            "title": "Offres à valider",
            "form": form,
            "filtered": bool(filters["categorie"] or filters["structure"]),
            "page": page,
            "rows": rows,
            "query_string": query_string(categorie=filters["categorie"], structure=filters["structure"]),
        },
    )


# --- The review page -------------------------------------------------------------------------------------


def _type_option_label(choices: list[tuple[str, str]], code) -> str:
    return dict(choices).get(code, str(code))


def _extra_data_rows(offer: Offer) -> list[tuple[str, str]]:
    """The conditional fields, labelled; show and music types by their names rather than their codes."""
    labels = {field.field_name: field.label for field in ExtraField}
    data = offer.extra_data or {}
    value_labels = {
        "show_type": lambda code: _type_option_label(show_type_choices(), code),
        "show_sub_type": lambda code: _type_option_label(show_sub_type_choices(data.get("show_type", "")), code),
        "music_type": lambda code: _type_option_label(music_type_choices(), code),
        "music_sub_type": lambda code: _type_option_label(music_sub_type_choices(data.get("music_type", "")), code),
    }
    return [
        (labels.get(key, key), value_labels[key](value) if key in value_labels else str(value))
        for key, value in data.items()
        if value not in (None, "")
    ]


@dataclass(frozen=True)
class ReviewReasons:
    at_publication: list[str] | None  # None: no publication entry (an offer sent to review another way)
    published_at: object  # datetime | None
    published_validation: str  # the status publication gave ("PENDING", "APPROVED"), "" when unknown
    today: list[rules.RuleMatch]  # the active rules that would flag the offer if it were published now


def _review_reasons(offer: Offer, stocks: list[Stock]) -> ReviewReasons:
    published = selectors.last_publication(offer)
    today = selectors.review_rule_matches(offer, stocks)
    return ReviewReasons(
        at_publication=list(published.data.get("rules", [])) if published else None,
        published_at=published.created_at if published else None,
        published_validation=published.data.get("validation", "") if published else "",
        today=today,
    )


def _render_detail(request, offer: Offer, reject_form: RejectOfferForm | None = None, status: int = 200):
    stocks = list(offer.stocks.all())
    category_label, type_label = _type_labels(offer.subcategory_id)
    return render(
        request,
        "backoffice/offers/detail.html",
        {
            "title": f"Offre {offer.name}",
            "offer": offer,
            "venue": offer.venue,
            "offerer": offer.venue.offerer,
            "category_label": category_label,
            "type_label": type_label,
            "is_event": any(stock.beginning_datetime for stock in stocks) or _is_event(offer.subcategory_id),
            "pro_status": rules.offer_status(offer.validation, offer.is_active, stocks, timezone.now()),
            "extra_data": _extra_data_rows(offer),
            "stocks": stocks,
            "reasons": _review_reasons(offer, stocks),
            "trail": list(audit_trail(offer)[:AUDIT_TRAIL_LENGTH]),
            "actions": rules.review_actions(offer.validation),
            "reject_form": reject_form or RejectOfferForm(prefix="reject"),
            "reject_warning": REJECT_WARNING,
        },
        status=status,
    )


def _get_offer(pk: int) -> Offer:
    return get_object_or_404(selectors.offers_for_staff(), pk=pk)


@staff_required
def offer_detail(request, pk: int):
    return _render_detail(request, _get_offer(pk))


# --- Decisions -------------------------------------------------------------------------------------------


@staff_required
@require_POST
def offer_approve(request, pk: int):
    offer = _get_offer(pk)
    if call_service(request, services.offer_approve, offer.pk, request.user).ok:
        messages.success(request, f"L'offre « {offer.name} » a été validée : la structure a été prévenue par email.")
    return redirect(reverse("backoffice:offer-detail", args=[offer.pk]))


@staff_required
@require_POST
def offer_reject(request, pk: int):
    offer = _get_offer(pk)
    form = RejectOfferForm(request.POST, prefix="reject")
    if not form.is_valid():
        messages.error(request, "L'offre n'a pas été refusée : corrigez le formulaire ci-dessous.")
        return _render_detail(request, offer, form, status=400)
    outcome = call_decision(request, form, services.offer_reject, offer.pk, request.user, form.cleaned_data["reason"])
    if form.errors:
        return _render_detail(request, offer, form, status=400)
    if outcome.ok:
        messages.success(
            request,
            f"L'offre « {offer.name} » a été refusée : elle est désactivée, ses réservations sont annulées "
            "et le motif a été envoyé à la structure.",
        )
    return redirect(reverse("backoffice:offer-detail", args=[offer.pk]))


# --- Review rules ----------------------------------------------------------------------------------------


def describe_rule_parameters(kind: str, parameters: dict) -> str:
    """A rule's parameters as staff read them (``{"cents": 15000}`` → ``Prix supérieur à 150,00 €``)."""
    parameters = parameters or {}
    if kind == ValidationRuleKind.PRICE_ABOVE:
        return f"Un prix supérieur à {format_cents(int(parameters.get('cents', 0)))}"
    if kind == ValidationRuleKind.NAME_KEYWORD:
        keywords = parameters.get("keywords", [])
        return "Mots-clés : " + (", ".join(f"« {word} »" for word in keywords) if keywords else "aucun")
    if kind == ValidationRuleKind.NEW_OFFERER:
        count = int(parameters.get("first_offers", 1))
        return "La première offre de la structure" if count == 1 else f"Les {count} premières offres de la structure"
    if kind == ValidationRuleKind.SUBCATEGORY:
        ids = parameters.get("subcategories", [])
        labels = [SUBCATEGORIES_BY_ID[i].label if i in SUBCATEGORIES_BY_ID else i for i in ids]
        return "Types d'offres : " + (", ".join(labels) if labels else "aucun")
    return str(parameters)


@dataclass(frozen=True)
class RuleRow:
    rule: OfferValidationRule
    description: str


@staff_required
def offer_rules(request):
    rows = [
        RuleRow(rule, describe_rule_parameters(rule.kind, rule.parameters)) for rule in selectors.validation_rules()
    ]
    return render(
        request,
        "backoffice/offers/rules.html",
        {"title": "Règles de validation des offres", "rows": rows, "kinds": ValidationRuleKind.choices},
    )


def _render_rule_form(request, form, kind: str, rule: OfferValidationRule | None, status: int = 200):
    kind_label = ValidationRuleKind(kind).label
    return render(
        request,
        "backoffice/offers/rule_form.html",
        {
            "title": f"Modifier la règle {rule.name}" if rule else "Nouvelle règle de validation",
            "form": form,
            "rule": rule,
            "kind": kind,
            "kind_label": kind_label,
        },
        status=status,
    )


@staff_required
def offer_rule_create(request, kind: str):
    form_class = RULE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _render_rule_form(request, form, kind, None, status=400)
        rule = services.validation_rule_create(
            request.user, kind=kind, name=form.cleaned_data["name"], parameters=form.parameters()
        )
        messages.success(request, f"La règle « {rule.name} » a été créée et s'applique aux prochaines publications.")
        return redirect(reverse("backoffice:offer-rules"))
    return _render_rule_form(request, form, kind, None)


@staff_required
def offer_rule_edit(request, pk: int):
    rule = get_object_or_404(selectors.validation_rules(), pk=pk)
    form_class = RULE_FORMS.get(rule.kind)
    if form_class is None:
        raise Http404
    if request.method != "POST":
        return _render_rule_form(request, form_class(initial=form_class.initial_from(rule)), rule.kind, rule)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_rule_form(request, form, rule.kind, rule, status=400)
    rule, changed = services.validation_rule_update(
        rule.pk, request.user, name=form.cleaned_data["name"], parameters=form.parameters()
    )
    if not changed:
        messages.info(request, f"La règle « {rule.name} » n'a pas changé.")
    else:
        messages.success(request, f"La règle « {rule.name} » a été modifiée.")
    return redirect(reverse("backoffice:offer-rules"))


@staff_required
@require_POST
def offer_rule_toggle(request, pk: int):
    """Activate (``active=1``) or deactivate (``active=0``): explicit, so a double submission changes nothing twice."""
    active = request.POST.get("active") == "1"
    rule = services.validation_rule_set_active(
        get_object_or_404(selectors.validation_rules(), pk=pk).pk, request.user, active
    )
    if active:
        messages.success(request, f"La règle « {rule.name} » est active : elle s'applique aux prochaines publications.")
    else:
        messages.success(request, f"La règle « {rule.name} » est désactivée.")
    return redirect(reverse("backoffice:offer-rules"))
