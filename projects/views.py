from django.shortcuts import get_object_or_404, render

from projects import filters
from projects.models import PracticeExample
from werkzeugkoffer.catalogue import query_log
from werkzeugkoffer.catalogue.listing import render_listing, run_listing
from werkzeugkoffer.views import preview_response

# What a result card shows (projects/includes/example_card.html); the long texts stay in the database.
CARD_FIELDS = ["title", "slug", "place", "state__name", "district__name", "is_running", "teaser"]


def example_listing(request, queryset=None):
    """The faceted listing for request.GET, read for the result cards; the API passes a queryset with its prefetches."""
    return run_listing(
        request,
        PracticeExample.objects.published().select_related("state", "district").only(*CARD_FIELDS)
        if queryset is None
        else queryset,
        filters.PracticeExampleFilterSet,
        filters.facet_options,
        filters.SORTS,
        default_sort="neu",
        headline_fields=["teaser", "goals", "implementation", "special_feature", "results"],
    )


def example_list(request):
    listing = example_listing(request)
    query_log.record_listing(request, listing)
    return render_listing(
        request,
        "projects/example_list.html",
        {
            "listing": listing,
            "card_template": "projects/includes/example_card.html",
            "noun": ("Praxisbeispiel", "Praxisbeispiele"),
            # Its search box suggests this catalogue's entries first (/api/v1/vorschlaege/?typ=…).
            "search_scope": "praxisbeispiele",
        },
    )


def example_detail(request, slug):
    examples = PracticeExample.objects.visible_to(request.user).select_related("state", "district")
    example = get_object_or_404(examples, slug=slug)
    response = render(
        request,
        "projects/example_detail.html",
        {
            "example": example,
            "funding_programmes": example.funding_programmes.published(),
            "contacts": example.contacts.published(),
            "recommendations": example.recommendations.published(),
        },
    )
    return preview_response(response, example)
