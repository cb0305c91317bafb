from django.shortcuts import render

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.audit import AuditFilterForm
from passculture.backoffice.views.common import paginate, query_string
from passculture.core.selectors import audit_log


@staff_required
def audit(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"action": "", "acteur": ""}
    page = paginate(request, audit_log(action=filters["action"], actor_email=filters["acteur"]), per_page=50)
    return render(
        request,
        "backoffice/audit/log.html",
        {
            "title": "Journal d'audit",
            "form": form,
            "page": page,
            "query_string": query_string(action=filters["action"], acteur=filters["acteur"]),
        },
    )
