from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.catalogue.counting import cached
from werkzeugkoffer.catalogue.listing import SEARCH_COLUMNS
from werkzeugkoffer.models import Page


def home(request):
    today = timezone.localdate()
    programmes = FundingProgramme.objects.published().defer(*SEARCH_COLUMNS)
    # Counting every published entry grows with the content; the counts change only with it.
    counts = cached(
        request,
        ("start", "counts"),
        lambda: {
            "example_count": PracticeExample.objects.published().count(),
            "programme_count": programmes.count(),
            "contact_count": Contact.objects.published().count(),
        },
    )
    newest_examples = PracticeExample.objects.published().defer(*SEARCH_COLUMNS).select_related("state")
    return render(
        request,
        "werkzeugkoffer/home.html",
        {
            **counts,
            "newest_examples": newest_examples.order_by("-created_at")[:3],
            "newest_programmes": programmes.order_by("-created_at")[:3],
            "upcoming_deadlines": programmes.open_for_applications(today)
            .filter(application_end__isnull=False)
            .order_by("application_end")[:5],
        },
    )


def page(request, slug):
    return render(request, "werkzeugkoffer/page.html", {"page": get_object_or_404(Page, slug=slug)})


def preview_response(response, entry):
    """A staff preview of an unpublished entry is neither cached nor indexed."""
    if not entry.is_published():
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response
