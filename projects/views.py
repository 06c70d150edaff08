from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from projects import filters
from projects.models import PracticeExample
from werkzeugkoffer.catalogue import exports, maps, query_log
from werkzeugkoffer.catalogue.listing import render_listing, run_listing
from werkzeugkoffer.views import preview_response

# Singular, plural and dative plural („12 von 16 Praxisbeispielen“).
NOUN = ("Praxisbeispiel", "Praxisbeispiele", "Praxisbeispielen")

# What a result card shows (projects/includes/example_card.html); the long texts stay in the database.
CARD_FIELDS = ["title", "slug", "place", "state__name", "district__name", "is_running", "teaser"]


def example_listing(request, queryset=None, count_facets=True):
    """The faceted listing for request.GET, read for the result cards; the API passes a queryset with its prefetches.
    Without count_facets only the total and the entries (see run_listing)."""
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
        count_facets=count_facets,
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
            "noun": NOUN,
            "export_view": "projects:export",
            # Its search box suggests this catalogue's entries first (/api/v1/vorschlaege/?typ=…).
            "search_scope": "praxisbeispiele",
            "map_url": reverse("projects:map"),
        },
    )


def example_map(request):
    """The examples of the list under the same search and filters, on a map and in a table by Kreis or Land."""
    listing = example_listing(request)
    entry_map = maps.entry_map(
        request,
        listing,
        PracticeExample.objects.published(),
        title_field="title",
        detail_view="projects:detail",
        noun=NOUN,
    )
    return render(
        request,
        "projects/example_map.html",
        {"listing": listing, "entry_map": entry_map, "noun": NOUN, "list_url": reverse("projects:list")},
    )


def example_export(request, file_format):
    """Every entry of the list under the same query string as CSV, Excel or PDF (see catalogue/exports.py)."""
    return exports.list_export(request, file_format, PracticeExample, example_listing)


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
