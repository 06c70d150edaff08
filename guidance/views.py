from django.shortcuts import get_object_or_404, render

from guidance import filters
from guidance.models import Recommendation
from werkzeugkoffer.catalogue import exports, query_log
from werkzeugkoffer.catalogue.listing import render_listing, run_listing
from werkzeugkoffer.views import preview_response

# What a result card shows (guidance/includes/recommendation_card.html); the long texts stay in the database.
CARD_FIELDS = ["title", "slug", "kind", "audiences", "phases", "teaser"]


def recommendation_listing(request, queryset=None):
    """The faceted listing for request.GET, read for the result cards; the API passes a queryset with its prefetches."""
    return run_listing(
        request,
        Recommendation.objects.published().only(*CARD_FIELDS) if queryset is None else queryset,
        filters.RecommendationFilterSet,
        filters.facet_options,
        filters.SORTS,
        default_sort="titel",
        headline_fields=["teaser", "body", "steps"],
    )


def recommendation_list(request):
    listing = recommendation_listing(request)
    query_log.record_listing(request, listing)
    return render_listing(
        request,
        "guidance/recommendation_list.html",
        {
            "listing": listing,
            "card_template": "guidance/includes/recommendation_card.html",
            "noun": ("Handlungsempfehlung", "Handlungsempfehlungen"),
            "export_view": "guidance:export",
            # Its search box suggests this catalogue's entries first (/api/v1/vorschlaege/?typ=…).
            "search_scope": "handlungsempfehlungen",
        },
    )


def recommendation_export(request, file_format):
    """Every entry of the list under the same query string as CSV, Excel or PDF (see catalogue/exports.py)."""
    return exports.list_export(request, file_format, Recommendation, recommendation_listing)


def recommendation_detail(request, slug):
    recommendation = get_object_or_404(Recommendation.objects.visible_to(request.user), slug=slug)
    response = render(
        request,
        "guidance/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "practice_examples": recommendation.practice_examples.published().select_related("state", "district"),
            "funding_programmes": recommendation.funding_programmes.published(),
            "contacts": recommendation.contacts.published(),
            "events": recommendation.events.published(),
        },
    )
    return preview_response(response, recommendation)
