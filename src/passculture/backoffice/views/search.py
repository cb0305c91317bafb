"""One search box for structures and users; the user page."""

from django.shortcuts import get_object_or_404, render

from passculture.accounts.models import User
from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.search import SearchForm
from passculture.backoffice.views.common import paginate, query_string
from passculture.core.audit import audit_trail
from passculture.core.selectors import actions_by
from passculture.offerers.selectors import memberships_of, search_offerers, search_users

TABS = {"structures": "Structures", "utilisateurs": "Utilisateurs"}
HISTORY_LENGTH = 100


@staff_required
def search(request):
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    offerers, users = search_offerers(q), search_users(q)
    offerer_count, user_count = offerers.count(), users.count()
    tab = request.GET.get("type")
    if tab not in TABS:
        prefers_users = "@" in q or (offerer_count == 0 and user_count > 0)
        tab = "utilisateurs" if prefers_users else "structures"
    results = users if tab == "utilisateurs" else offerers
    page = paginate(request, results)
    return render(
        request,
        "backoffice/search/search.html",
        {
            "title": f"Recherche « {q} »" if q else "Recherche",
            "form": form,
            "q": q,
            "tab": tab,
            "tabs": [
                (
                    key,
                    label,
                    offerer_count if key == "structures" else user_count,
                    query_string(q=q, type=key),
                )
                for key, label in TABS.items()
            ],
            "page": page,
            "query_string": query_string(q=q, type=tab),
        },
    )


@staff_required
def user_detail(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    return render(
        request,
        "backoffice/users/detail.html",
        {
            "title": f"Utilisateur {user.email}",
            "person": user,
            "memberships": memberships_of(user),
            "trail": audit_trail(user)[:HISTORY_LENGTH],
            "actions_done": actions_by(user)[:HISTORY_LENGTH],
        },
    )
