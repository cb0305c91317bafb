"""Pages of the platform itself: the stored uploads (``/media/``) and the development mailbox (``/dev/mails``, only
routed when not in production; see ``urls.py``)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views import static

from passculture.core.inputs import without_control_characters
from passculture.core.models import StoredEmail
from passculture.core.uploads import media_headers


def serve_media(request, path: str):
    """A stored upload, served with an image type (or as an attachment) and ``nosniff`` (``core/uploads.py``)."""
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    for header, value in media_headers(path).items():
        response[header] = value
    return response


def mail_list(request):
    mails = StoredEmail.objects.all()
    recipient = without_control_characters(request.GET.get("to", "")).strip()
    if recipient:
        mails = mails.filter(to__icontains=recipient)
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    return render(request, "core/mail_list.html", {"page": page, "recipient": recipient, "title": "Courriels envoyés"})


def mail_detail(request, pk: int):
    mail = get_object_or_404(StoredEmail, pk=pk)
    return render(request, "core/mail_detail.html", {"mail": mail, "title": mail.subject})
