from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from funding.models import FundingProgramme


def programme_list(request):
    programmes = FundingProgramme.objects.published().prefetch_related("regions")
    page = Paginator(programmes, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funding/programme_list.html", {"page": page})


def programme_detail(request, slug):
    programme = get_object_or_404(FundingProgramme.objects.published().select_related("contact"), slug=slug)
    contact = programme.contact if programme.contact and programme.contact.is_published() else None
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "contact": contact,
            "practice_examples": programme.practice_examples.published(),
        },
    )
