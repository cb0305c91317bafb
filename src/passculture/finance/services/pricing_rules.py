"""The rules of the scale as dated data (docs/domain/finance.md#scale): staff add a rule (a new band, a new rate
from a date, a custom rule) or end one; a rule is never rewritten once it has priced bookings, so that every
pricing keeps the rule that explains it. Audited."""

import datetime

from django.db import transaction
from django.db.models import Q

from passculture.core.audit import log_action
from passculture.finance import errors, rules
from passculture.finance.models import PricingRule, PricingRuleGroup

SCOPES = ("offer", "venue", "offerer")


def _check(rule: PricingRule) -> None:
    scopes = [scope for scope in SCOPES if getattr(rule, f"{scope}_id")]
    if (rule.rate_bp is None) == (rule.amount_per_place is None):
        raise errors.PricingRuleInvalid(reason="indiquez un taux ou un montant par place.", field="rate")
    if rule.rate_bp is not None and not 0 <= rule.rate_bp <= rules.FULL_RATE_BP:
        raise errors.PricingRuleInvalid(reason="le taux est compris entre 0 et 100 %.", field="rate")
    if rule.valid_until is not None and rule.valid_until <= rule.valid_from:
        raise errors.PricingRuleInvalid(reason="la fin doit suivre le début.", field="valid_until")
    if rule.group == PricingRuleGroup.CUSTOM:
        if len(scopes) != 1:
            raise errors.PricingRuleInvalid(reason="choisissez une offre, un lieu ou une structure.", field="scope")
        if rule.revenue_above is not None or rule.revenue_up_to is not None:
            raise errors.PricingRuleInvalid(reason="une règle dérogatoire n'a pas de tranche.", field="revenue_above")
    else:
        if scopes or rule.subcategories:
            raise errors.PricingRuleInvalid(reason="seule une règle dérogatoire vise une offre ou un lieu.")
        if rule.amount_per_place is not None:
            raise errors.PricingRuleInvalid(reason="le barème s'exprime en taux.", field="rate")
    if rule.revenue_above is not None and rule.revenue_up_to is not None and rule.revenue_up_to <= rule.revenue_above:
        raise errors.PricingRuleInvalid(reason="la tranche est vide.", field="revenue_up_to")


def _overlapping(rule: PricingRule):
    """The rules that would apply to the same bookings at the same time as ``rule``."""
    others = PricingRule.objects.filter(group=rule.group).exclude(pk=rule.pk)
    others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=rule.valid_from))
    if rule.valid_until is not None:
        others = others.filter(valid_from__lt=rule.valid_until)
    for scope in SCOPES:
        others = others.filter(**{f"{scope}_id": getattr(rule, f"{scope}_id")})
    mine = set(rules.parse_subcategories(rule.subcategories))
    for other in others:
        theirs = set(other.subcategory_ids)
        if mine and theirs and not mine & theirs:
            continue
        if rule.group != PricingRuleGroup.CUSTOM and not _bands_overlap(rule, other):
            continue
        yield other


def _bands_overlap(a: PricingRule, b: PricingRule) -> bool:
    low = lambda rule: -1 if rule.revenue_above is None else rule.revenue_above  # noqa: E731
    high = lambda rule: float("inf") if rule.revenue_up_to is None else rule.revenue_up_to  # noqa: E731
    return low(a) < high(b) and low(b) < high(a)


@transaction.atomic
def pricing_rule_create(actor, **fields) -> PricingRule:
    """A new rule. Refused when incomplete, or when another rule would apply to the same bookings then (end it
    first: a new rate from a date is the old rule ended at that date, and a new one from it)."""
    list(PricingRule.objects.select_for_update().filter(group=fields.get("group")))  # one writer per group
    rule = PricingRule(**fields)
    rule.subcategories = rules.join_subcategories(rules.parse_subcategories(rule.subcategories))
    _check(rule)
    other = next(_overlapping(rule), None)
    if other is not None:
        raise errors.PricingRuleOverlap(other=other.label)
    rule.save()
    log_action(actor, "pricing_rule.created", rule, _snapshot(rule))
    return rule


@transaction.atomic
def pricing_rule_end(rule_id: int, actor, at: datetime.datetime) -> PricingRule:
    """The rule stops applying to the bookings used from ``at`` on."""
    rule = PricingRule.objects.select_for_update().get(pk=rule_id)
    if at <= rule.valid_from:
        raise errors.PricingRuleInvalid(reason="la fin doit suivre le début.", field="valid_until")
    previous = rule.valid_until
    rule.valid_until = at
    rule.save(update_fields=["valid_until"])
    log_action(
        actor, "pricing_rule.ended", rule,
        {"valid_until": at.isoformat(), "previous": previous.isoformat() if previous else None},
    )  # fmt: skip
    return rule


def _snapshot(rule: PricingRule) -> dict:
    return {
        "group": rule.group,
        "label": rule.label,
        "revenue_above": rule.revenue_above,
        "revenue_up_to": rule.revenue_up_to,
        "rate_bp": rule.rate_bp,
        "amount_per_place": rule.amount_per_place,
        "offer": rule.offer_id,
        "venue": rule.venue_id,
        "offerer": rule.offerer_id,
        "subcategories": rule.subcategories,
        "valid_from": rule.valid_from.isoformat(),
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
    }
