from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from contacts.models import Contact


def contact_list(request):
    contacts = Contact.objects.published().prefetch_related("regions")
    page = Paginator(contacts, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/contact_list.html", {"page": page})


def contact_detail(request, slug):
    contact = get_object_or_404(Contact.objects.published(), slug=slug)
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "practice_examples": contact.practice_examples.published(),
            "funding_programmes": contact.funding_programmes.published(),
        },
    )
