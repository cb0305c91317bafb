"""A structure's API keys for its ticketing or bookstore software: list by prefix, create (shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from passculture.core.errors import DomainError
from passculture.offerers import rules as offerer_rules
from passculture.offerers import services as offerer_services
from passculture.offerers.selectors import apikeys_of, offerers_of
from passculture.pro.forms.apikeys import ApiKeyForm
from passculture.web.services import add_domain_error


def _page(request, offerer, form, *, clear_key=None, status=200):
    keys = list(offerer.api_keys.select_related("created_by").order_by("revoked_at", "-created_at"))
    active = sum(1 for key in keys if key.is_active)
    response = render(
        request,
        "pro/apikeys/list.html",
        {
            "offerer": offerer,
            "keys": keys,
            "active_count": active,
            "max_keys": offerer_rules.MAX_ACTIVE_KEYS,
            "form": form,
            "clear_key": clear_key,
            "title": f"Clés d'API — {offerer.name}",
        },
        status=status,
    )
    return response


@login_required
def apikey_list(request, offerer_pk: int):
    offerer = get_object_or_404(offerers_of(request.user), pk=offerer_pk)
    return _page(request, offerer, ApiKeyForm())


@never_cache
@login_required
@require_POST
def apikey_create(request, offerer_pk: int):
    """The clear key is in this response only: it is neither stored nor shown again (hence no redirect)."""
    offerer = get_object_or_404(offerers_of(request.user), pk=offerer_pk)
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            key, clear = offerer_services.apikey_create(offerer, request.user, form.cleaned_data["label"].strip())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"La clé « {key.label} » a été créée.")
            return _page(request, offerer, ApiKeyForm(), clear_key=clear)
    return _page(request, offerer, form)


@login_required
def apikey_revoke(request, pk: int):
    """Confirmation page, then revocation: software using the key is refused from then on."""
    key = get_object_or_404(apikeys_of(request.user), pk=pk)
    if request.method == "POST":
        try:
            offerer_services.apikey_revoke(key.pk, request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"La clé {key.prefix}… a été révoquée : elle ne permet plus d'accéder à l'API.")
        return redirect("pro:apikeys", offerer_pk=key.offerer_id)
    if not key.is_active:
        messages.info(request, "Cette clé d'API est déjà révoquée.")
        return redirect("pro:apikeys", offerer_pk=key.offerer_id)
    return render(
        request,
        "pro/apikeys/revoke.html",
        {"key": key, "offerer": key.offerer, "title": f"Révoquer la clé {key.prefix}…"},
    )
