from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render


@staff_member_required(login_url="pro:login")
def home(request):
    return render(request, "backoffice/home.html", {"title": "Back office"})
