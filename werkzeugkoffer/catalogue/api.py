"""Read-only JSON mirror of the four catalogues at /api/v1/."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse

from contacts.models import Contact
from contacts.views import contact_listing
from funding.models import FundingProgramme
from funding.views import programme_listing
from guidance.models import Recommendation
from guidance.views import recommendation_listing
from projects.models import PracticeExample
from projects.views import example_listing
from werkzeugkoffer.catalogue import query_log
from werkzeugkoffer.catalogue.listing import FULLTEXT, PARTIAL, SEARCH_COLUMNS, SIMILAR

SEARCH_MODES = {FULLTEXT: "volltext", PARTIAL: "volltext", SIMILAR: "aehnliche-schreibweise"}
SEARCH_MATCHES = {FULLTEXT: "alle-woerter", PARTIAL: "einige-woerter"}

# Same escapes as Django's json_script: input that is echoed back can never form markup.
HTML_ESCAPES = {b">": b"\\u003E", b"<": b"\\u003C", b"&": b"\\u0026"}


class SafeJsonResponse(JsonResponse):
    def __init__(self, data, **kwargs):
        super().__init__(data, json_dumps_params={"ensure_ascii": False}, **kwargs)
        # On the UTF-8 bytes: these ASCII bytes never occur inside a multi-byte character, and
        # bytes.replace is a hundred times faster here than str.translate over non-ASCII text.
        content = self.content
        for character, escape in HTML_ESCAPES.items():
            content = content.replace(character, escape)
        self.content = content


class TaxonomyNames:
    """Names for the ids in the facet arrays, from the taxonomies a listing loaded anyway (no extra queries)."""

    def __init__(self, taxonomies):
        self.order = {}
        for kind in ("field", "group", "tag"):
            for position, row in enumerate(taxonomies[kind]):
                self.order[kind, row["id"]] = (position, row["name"])

    def __call__(self, kind, ids):
        return [name for _position, name in sorted(self.order[kind, pk] for pk in ids if (kind, pk) in self.order)]


def _names(related):
    return [item.name for item in related.all()]


def _links(request, entries):
    return [{"titel": str(entry), "url": request.build_absolute_uri(entry.get_absolute_url())} for entry in entries]


def _region(region):
    return {"name": region.name, "slug": region.slug} if region else None


def serialize_example(request, example, names=None):
    return {
        "slug": example.slug,
        "titel": example.title,
        "url": request.build_absolute_uri(example.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:example-detail", args=[example.slug])),
        "kurzbeschreibung": example.teaser,
        "leitsatz": example.motto,
        "ziele": example.goals,
        "umsetzung": example.implementation,
        "besonderheit": example.special_feature,
        "finanzierung": example.financing,
        "ergebnisse": example.results,
        "traeger": {
            "name": example.operator_name,
            "strasse": example.operator_street,
            "plz": example.operator_postcode,
            "ort": example.operator_town,
            "website": example.operator_website,
        },
        "ort": example.place,
        "bundesland": _region(example.state),
        "kreis": _region(example.district),
        "raumtyp": example.get_area_type_display() if example.area_type else None,
        "quartiersgroesse": example.inhabitants,
        "laeuft_seit": example.running_since,
        "beendet": example.running_until,
        "laeuft_noch": example.is_running,
        "kooperationspartner": example.partner_list(),
        "personal_quartiersmanagement": example.staffing,
        "verstetigung": example.get_continuation_display() if example.continuation else None,
        "handlungsfelder": names("field", example.facet_fields) if names else _names(example.fields_of_action),
        "zielgruppen": names("group", example.facet_groups) if names else _names(example.target_groups),
        "schlagworte": names("tag", example.facet_tags) if names else _names(example.tags),
        "foerderprogramme": _links(request, example.funding_programmes.all()),
        "ansprechpartner": _links(request, example.contacts.all()),
        "handlungsempfehlungen": _links(request, example.recommendations.all()),
        "quelle": example.source,
        "stand": example.source_date,
        "anmerkung_zur_quelle": example.source_note,
        "zuletzt_geprueft": example.reviewed_at.isoformat() if example.reviewed_at else None,
        "zuletzt_geaendert": example.updated_at.isoformat(),
    }


def serialize_programme(request, programme, names=None):
    contact = programme.contact if programme.contact and programme.contact.is_published() else None
    return {
        "slug": programme.slug,
        "titel": programme.title,
        "url": request.build_absolute_uri(programme.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:programme-detail", args=[programme.slug])),
        "kurzbeschreibung": programme.summary,
        "gefoerdert_wird": programme.funded_activities,
        "foerdergeber": programme.funder,
        "foerderebene": programme.get_level_display(),
        "foerderart": programme.get_funding_type_display(),
        "antragsberechtigte": programme.applicant_labels(),
        "hinweis_antragsberechtigte": programme.applicants_note,
        "bundesweit": programme.nationwide,
        "foerdergebiet": [_region(region) for region in programme.regions.all()],
        "handlungsfelder": names("field", programme.facet_fields) if names else _names(programme.fields_of_action),
        "zielgruppen": names("group", programme.facet_groups) if names else _names(programme.target_groups),
        "schlagworte": names("tag", programme.facet_tags) if names else _names(programme.tags),
        "rechtsgrundlage": programme.legal_basis,
        "foerderhoehe": programme.amount_text,
        "betrag_min": float(programme.amount_min) if programme.amount_min is not None else None,
        "betrag_max": float(programme.amount_max) if programme.amount_max is not None else None,
        "antragsstart": programme.application_start.isoformat() if programme.application_start else None,
        "antragsfrist": programme.application_end.isoformat() if programme.application_end else None,
        "laufend": programme.is_rolling(),
        "status": programme.application_status().label,
        "fristenstand": programme.deadline_state,
        "hinweis_frist": programme.deadline_note,
        "antragstellung": programme.how_to_apply,
        "website": programme.website_url,
        "foerderrichtlinie": programme.guideline_url,
        "antragsformulare": programme.forms_url,
        "ansprechpartner": _links(request, [contact]) if contact else [],
        "praxisbeispiele": _links(request, programme.practice_examples.all()),
        "handlungsempfehlungen": _links(request, programme.recommendations.all()),
        "quelle": programme.source,
        "stand": programme.source_date,
        "anmerkung_zur_quelle": programme.source_note,
        "zuletzt_geprueft": programme.reviewed_at.isoformat() if programme.reviewed_at else None,
        "zuletzt_geaendert": programme.updated_at.isoformat(),
    }


def serialize_contact(request, contact, names=None):
    return {
        "slug": contact.slug,
        "name": contact.name,
        "url": request.build_absolute_uri(contact.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:contact-detail", args=[contact.slug])),
        "organisation": contact.organisation,
        "art": contact.get_kind_display(),
        "beschreibung": contact.description,
        "ansprechperson": contact.person_name,
        "funktion": contact.person_role,
        "themen": names("field", contact.facet_topics) if names else _names(contact.topics),
        "schlagworte": names("tag", contact.facet_tags) if names else _names(contact.tags),
        "bundesweit": contact.nationwide,
        "zustaendigkeit": [_region(region) for region in contact.regions.all()],
        "strasse": contact.street,
        "plz": contact.postcode,
        "ort": contact.town,
        "telefon": contact.phone,
        # Like the HTML pages: readable for people, not a ready-made address for harvesters.
        "email": contact.email.replace("@", " [at] ") if contact.email else "",
        "website": contact.website,
        "sprechzeiten": contact.opening_hours,
        "barrierefreiheit": contact.get_accessibility_display(),
        "hinweis_barrierefreiheit": contact.accessibility_note,
        "sprachen": contact.language_list(),
        "handlungsempfehlungen": _links(request, contact.recommendations.all()),
        "quelle": contact.source,
        "stand": contact.source_date,
        "anmerkung_zur_quelle": contact.source_note,
        "zuletzt_geprueft": contact.reviewed_at.isoformat() if contact.reviewed_at else None,
        "zuletzt_geaendert": contact.updated_at.isoformat(),
    }


def serialize_recommendation(request, recommendation, names=None):
    return {
        "slug": recommendation.slug,
        "titel": recommendation.title,
        "url": request.build_absolute_uri(recommendation.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:recommendation-detail", args=[recommendation.slug])),
        "art": recommendation.get_kind_display(),
        "kurzbeschreibung": recommendation.teaser,
        "text": recommendation.body,
        "schritte": [{"titel": title, "text": text} for title, text in recommendation.step_list()],
        "fuer_wen": recommendation.audience_labels(),
        "projektphasen": recommendation.phase_labels(),
        "handlungsfelder": names("field", recommendation.facet_fields)
        if names
        else _names(recommendation.fields_of_action),
        "zielgruppen": names("group", recommendation.facet_groups) if names else _names(recommendation.target_groups),
        "schlagworte": names("tag", recommendation.facet_tags) if names else _names(recommendation.tags),
        "praxisbeispiele": _links(request, recommendation.practice_examples.all()),
        "foerderprogramme": _links(request, recommendation.funding_programmes.all()),
        "ansprechpartner": _links(request, recommendation.contacts.all()),
        "literatur_und_links": recommendation.further_reading,
        "quelle": recommendation.source,
        "quelle_url": recommendation.source_url,
        "stand": recommendation.source_date,
        "anmerkung_zur_quelle": recommendation.source_note,
        "zuletzt_geprueft": recommendation.reviewed_at.isoformat() if recommendation.reviewed_at else None,
        "zuletzt_geaendert": recommendation.updated_at.isoformat(),
    }


def error(message, status):
    return SafeJsonResponse({"fehler": message}, status=status)


def listing_response(request, listing, serialize):
    """Results, total and facet counts: the same numbers as the HTML list for the same query string."""
    query_log.record_listing(request, listing, api=True)
    page = listing.page
    names = TaxonomyNames(listing.taxonomies)

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return SafeJsonResponse(
        {
            "anzahl": listing.total,
            "seite": page.number,
            "seiten": page.paginator.num_pages,
            "naechste": page_url(page.next_page_number()) if page.has_next() else None,
            "vorherige": page_url(page.previous_page_number()) if page.has_previous() else None,
            "suche": {
                "begriff": listing.query,
                "modus": SEARCH_MODES.get(listing.mode, ""),
                # Whether the entries contain every searched word or, when none does, some of them.
                "treffer": SEARCH_MATCHES.get(listing.mode, ""),
                "nicht_gefunden": listing.missing_words,
                "vorschlag": listing.suggestion,
                # Places the query names: they also match the entries for that region (see catalogue/places.py),
                # with the filter that shows only those.
                "orte": [
                    {"name": place.name, "filter": {place.facet: place.value} if place.facet else {}}
                    for place in listing.places
                ],
            },
            "sortierung": listing.sort,
            "hinweise": listing.notices,
            "facetten": [
                {
                    "name": facet.name,
                    "titel": facet.label,
                    "optionen": [
                        {
                            "wert": option.value,
                            "titel": option.label,
                            "anzahl": option.count,
                            "gewaehlt": option.selected,
                        }
                        for option in facet.visible_options
                    ],
                }
                for facet in listing.facets
            ],
            "ort": place_payload(listing),
            "ergebnisse": [located(serialize(request, entry, names), entry, listing) for entry in page.object_list],
        },
    )


def place_payload(listing):
    """The place field (?ort=…): the place it resolved to, or the places to choose from; None without it."""
    near = listing.near
    if not near.text:
        return None
    payload = {"eingabe": near.text, "aufgeloest": near.place is not None, "auswahl": [c.label for c in near.choices]}
    if near.place:
        candidate = near.place.candidate
        payload |= {
            "name": candidate.label,
            "art": candidate.kind.label,
            "gemeindeschluessel": candidate.ags if len(candidate.ags) == 8 else "",
            "postleitzahl": candidate.postcode,
            "kreis": candidate.kreis,
            "kreisschluessel": near.place.kreis_ags,
            "land": candidate.land,
            "landesschluessel": candidate.land_ags,
            "breite": round(candidate.latitude, 5),
            "laenge": round(candidate.longitude, 5),
            "umkreis_km": near.radius if listing.place_radius and near.place.is_point else None,
        }
    return payload


def located(payload, entry, listing):
    """An entry of a list narrowed to a place, with why it concerns the place and its distance from it."""
    if not listing.near.place:
        return payload
    distance = getattr(entry, "place_distance", None)
    return payload | {
        "ortsbezug": entry.place_note,
        "entfernung_km": round(distance, 1) if distance is not None and listing.near.place.is_point else None,
    }


# Lists take taxonomy and tag names from the facet arrays (TaxonomyNames); details load them.
TAXONOMY_RELATIONS = {
    PracticeExample: ["fields_of_action", "target_groups", "tags"],
    FundingProgramme: ["fields_of_action", "target_groups", "tags"],
    Contact: ["topics", "tags"],
    Recommendation: ["fields_of_action", "target_groups", "tags"],
}


def _published(model):
    """The published entries of model, without their search columns, for the links between catalogues."""
    return Prefetch(
        {
            PracticeExample: "practice_examples",
            FundingProgramme: "funding_programmes",
            Contact: "contacts",
            Recommendation: "recommendations",
        }[model],
        queryset=model.objects.published().defer(*SEARCH_COLUMNS),
    )


def published_examples(for_list=False):
    return (
        PracticeExample.objects.published()
        .select_related("state", "district")
        .prefetch_related(
            *([] if for_list else TAXONOMY_RELATIONS[PracticeExample]),
            _published(FundingProgramme),
            _published(Contact),
            _published(Recommendation),
        )
    )


def published_programmes(for_list=False):
    return (
        FundingProgramme.objects.published()
        .select_related("contact")
        .prefetch_related(
            *([] if for_list else TAXONOMY_RELATIONS[FundingProgramme]),
            "regions",
            _published(PracticeExample),
            _published(Recommendation),
        )
    )


def published_contacts(for_list=False):
    return Contact.objects.published().prefetch_related(
        *([] if for_list else TAXONOMY_RELATIONS[Contact]), "regions", _published(Recommendation)
    )


def published_recommendations(for_list=False):
    return Recommendation.objects.published().prefetch_related(
        *([] if for_list else TAXONOMY_RELATIONS[Recommendation]),
        _published(PracticeExample),
        _published(FundingProgramme),
        _published(Contact),
    )


def detail(request, queryset, slug, serialize):
    obj = queryset.filter(slug=slug).first()
    if obj is None:
        return error("Zu dieser Adresse gibt es keinen veröffentlichten Eintrag.", 404)
    return SafeJsonResponse(serialize(request, obj))


def example_list(request):
    return listing_response(request, example_listing(request, published_examples(for_list=True)), serialize_example)


def example_detail(request, slug):
    return detail(request, published_examples(), slug, serialize_example)


def programme_list(request):
    return listing_response(
        request, programme_listing(request, published_programmes(for_list=True)), serialize_programme
    )


def programme_detail(request, slug):
    return detail(request, published_programmes(), slug, serialize_programme)


def contact_list(request):
    return listing_response(request, contact_listing(request, published_contacts(for_list=True)), serialize_contact)


def contact_detail(request, slug):
    return detail(request, published_contacts(), slug, serialize_contact)


def recommendation_list(request):
    return listing_response(
        request,
        recommendation_listing(request, published_recommendations(for_list=True)),
        serialize_recommendation,
    )


def recommendation_detail(request, slug):
    return detail(request, published_recommendations(), slug, serialize_recommendation)
