"""Access to the back office: the pass Culture team only."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse


def staff_required(view):
    """Anonymous → the login page (then back here); logged in but not staff → 404, never 403.

    A 404 does not reveal that the back office exists to a pro who guesses its address.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account:login"))
        if not (user.is_active and user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
