"""The rules of the reimbursement scale (docs/domain/finance.md#scale): list, add, end. A rule that has priced
bookings is never rewritten: a new rate is the old rule ended at a date and a new rule from it. Audited."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.pricing import PricingRuleEndForm, PricingRuleForm
from passculture.finance.models import PricingRule, PricingRuleGroup
from passculture.finance.selectors import pricing as selectors
from passculture.finance.services import pricing_rules
from passculture.web.services import call_service


def _rule_or_404(pk: int) -> PricingRule:
    try:
        return selectors.pricing_rule(pk)
    except PricingRule.DoesNotExist as missing:
        raise Http404 from missing


@staff_required
def pricing_rule_list(request):
    group = request.GET.get("bareme", "")
    return render(
        request,
        "backoffice/pricing/rules.html",
        {
            "title": "Barème des remboursements",
            "rules": selectors.pricing_rules(group=group, current_only=request.GET.get("en_vigueur") == "1"),
            "group": group,
            "groups": PricingRuleGroup.choices,
            "current_only": request.GET.get("en_vigueur") == "1",
        },
    )


@staff_required
def pricing_rule_create(request):
    form = PricingRuleForm(request.POST or None, initial={"group": "CUSTOM"})
    if request.method == "POST" and form.is_valid():
        outcome = call_service(form, pricing_rules.pricing_rule_create, request.user, **form.service_data())
        if outcome.ok:
            messages.success(request, f"La règle « {outcome.value.label} » a été ajoutée.")
            return redirect("backoffice:pricing-rules")
    return render(
        request,
        "backoffice/pricing/rule_form.html",
        {"title": "Nouvelle règle de remboursement", "form": form},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def pricing_rule_end(request, pk: int):
    rule = _rule_or_404(pk)
    form = PricingRuleEndForm(request.POST)
    if form.is_valid():
        if call_service(request, pricing_rules.pricing_rule_end, rule.pk, request.user, form.end()).ok:
            ending = form.cleaned_data["valid_until"]
            messages.success(request, f"La règle « {rule.label} » prend fin le {ending:%d/%m/%Y}.")
    else:
        messages.error(request, " ".join(form.errors["valid_until"]))
    return redirect("backoffice:pricing-rules")
