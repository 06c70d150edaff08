from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from contacts import filters
from contacts.models import Contact
from werkzeugkoffer.catalogue import exports, maps, query_log
from werkzeugkoffer.catalogue.listing import render_listing, run_listing
from werkzeugkoffer.views import preview_response

# Singular, plural and dative plural („12 von 16 Beratungsstellen“).
NOUN = ("Beratungsstelle", "Beratungsstellen", "Beratungsstellen")

# What a result card shows (contacts/includes/contact_card.html); the long texts stay in the database.
CARD_FIELDS = ["name", "slug", "kind", "town", "nationwide", "description"]


def contact_listing(request, queryset=None, count_facets=True):
    """The faceted listing for request.GET, read for the result cards; the API passes a queryset with its prefetches.
    Without count_facets only the total and the entries (see run_listing)."""
    return run_listing(
        request,
        Contact.objects.published().only(*CARD_FIELDS) if queryset is None else queryset,
        filters.ContactFilterSet,
        filters.facet_options,
        filters.SORTS,
        default_sort="titel",
        headline_fields=["description", "opening_hours"],
        count_facets=count_facets,
    )


def contact_list(request):
    listing = contact_listing(request)
    query_log.record_listing(request, listing)
    return render_listing(
        request,
        "contacts/contact_list.html",
        {
            "listing": listing,
            "card_template": "contacts/includes/contact_card.html",
            "noun": NOUN,
            "export_view": "contacts:export",
            # Its search box suggests this catalogue's entries first (/api/v1/vorschlaege/?typ=…).
            "search_scope": "beratung",
            "map_url": reverse("contacts:map"),
        },
    )


def contact_map(request):
    """The advice services of the list under the same search and filters, on a map and in a table by Kreis or
    Land."""
    listing = contact_listing(request)
    entry_map = maps.entry_map(
        request,
        listing,
        Contact.objects.published(),
        title_field="name",
        detail_view="contacts:detail",
        noun=NOUN,
    )
    return render(
        request,
        "contacts/contact_map.html",
        {"listing": listing, "entry_map": entry_map, "noun": NOUN, "list_url": reverse("contacts:list")},
    )


def contact_export(request, file_format):
    """Every entry of the list under the same query string as CSV, Excel or PDF (see catalogue/exports.py)."""
    return exports.list_export(request, file_format, Contact, contact_listing)


def contact_detail(request, slug):
    contact = get_object_or_404(Contact.objects.visible_to(request.user), slug=slug)
    response = render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "practice_examples": contact.practice_examples.published(),
            "funding_programmes": contact.funding_programmes.published(),
            "recommendations": contact.recommendations.published(),
        },
    )
    return preview_response(response, contact)
