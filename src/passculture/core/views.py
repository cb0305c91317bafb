"""The development mailbox (``/dev/mails``): only routed when not in production (see ``urls.py``)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from passculture.core.models import StoredEmail


def mail_list(request):
    mails = StoredEmail.objects.all()
    recipient = request.GET.get("to", "").strip()
    if recipient:
        mails = mails.filter(to__icontains=recipient)
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    return render(request, "core/mail_list.html", {"page": page, "recipient": recipient, "title": "Courriels envoyés"})


def mail_detail(request, pk: int):
    mail = get_object_or_404(StoredEmail, pk=pk)
    return render(request, "core/mail_detail.html", {"mail": mail, "title": mail.subject})
