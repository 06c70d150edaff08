from django.shortcuts import get_object_or_404, render

from funding import filters
from funding.models import FundingProgramme
from werkzeugkoffer.catalogue import exports, query_log
from werkzeugkoffer.catalogue.listing import render_listing, run_listing
from werkzeugkoffer.views import preview_response

# What a result card shows (funding/includes/programme_card.html); the long texts stay in the database.
CARD_FIELDS = [
    "title",
    "slug",
    "funder",
    "level",
    "funding_type",
    "application_start",
    "application_end",
    "deadline_state",
    "applicants",
    "summary",
]


def programme_listing(request, queryset=None):
    """The faceted listing for request.GET, read for the result cards; the API passes a queryset with its prefetches."""
    return run_listing(
        request,
        FundingProgramme.objects.published().only(*CARD_FIELDS) if queryset is None else queryset,
        filters.FundingProgrammeFilterSet,
        filters.facet_options,
        filters.SORTS,
        default_sort="frist",
        headline_fields=["summary", "funded_activities", "how_to_apply"],
    )


def programme_list(request):
    listing = programme_listing(request)
    query_log.record_listing(request, listing)
    return render_listing(
        request,
        "funding/programme_list.html",
        {
            "listing": listing,
            "card_template": "funding/includes/programme_card.html",
            "noun": ("Förderprogramm", "Förderprogramme"),
            "export_view": "funding:export",
            # Its search box suggests this catalogue's entries first (/api/v1/vorschlaege/?typ=…).
            "search_scope": "foerderprogramme",
        },
    )


def programme_export(request, file_format):
    """Every entry of the list under the same query string as CSV, Excel or PDF (see catalogue/exports.py)."""
    return exports.list_export(request, file_format, FundingProgramme, programme_listing)


def programme_detail(request, slug):
    programme = get_object_or_404(
        FundingProgramme.objects.visible_to(request.user).select_related("contact"), slug=slug
    )
    contact = programme.contact if programme.contact and programme.contact.is_published() else None
    response = render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "contact": contact,
            "practice_examples": programme.practice_examples.published(),
            "recommendations": programme.recommendations.published(),
        },
    )
    return preview_response(response, programme)
