from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from projects.models import PracticeExample


def example_list(request):
    examples = PracticeExample.objects.published().select_related("state").prefetch_related("fields_of_action")
    page = Paginator(examples, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/example_list.html", {"page": page})


def example_detail(request, slug):
    example = get_object_or_404(PracticeExample.objects.published().select_related("state", "district"), slug=slug)
    return render(
        request,
        "projects/example_detail.html",
        {
            "example": example,
            "funding_programmes": example.funding_programmes.published(),
            "contacts": example.contacts.published(),
        },
    )
