"""One search over all four catalogues at /suche/, with a content-type facet."""

import copy

from django.conf import settings
from django.db import connection
from django.db.models import CharField, F, Value
from django.http import QueryDict
from django.shortcuts import render

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.catalogue import nearby, places, query_log, search, synonyms
from werkzeugkoffer.catalogue.counting import cached
from werkzeugkoffer.catalogue.listing import (
    FULLTEXT,
    PARTIAL,
    SIMILAR,
    Chip,
    KnownCountPaginator,
    fulltext,
    page_number,
    partial,
    similar,
    spelling_suggestion,
    typed_words,
    url_with,
    without,
    word_hits,
)
from werkzeugkoffer.models import SearchPlace

# (value in the query string, label, model, title field, text field, URL prefix)
TYPES = [
    ("praxisbeispiele", "Praxisbeispiele", PracticeExample, "title", "teaser", "/praxisbeispiele/"),
    ("foerderprogramme", "Förderprogramme", FundingProgramme, "title", "summary", "/foerderprogramme/"),
    ("beratung", "Beratung", Contact, "name", "description", "/beratung/"),
    ("handlungsempfehlungen", "Handlungsempfehlungen", Recommendation, "title", "teaser", "/handlungsempfehlungen/"),
]
TYPE_LABELS = {value: label for value, label, *_rest in TYPES}


def _published(model, place=None):
    """The published entries of model; with a place, those that concern it (guidance applies everywhere)."""
    base = model.objects.published()
    return nearby.scoped(base, place) if place and hasattr(model, "place_tiers") else base


def _bases(place=None):
    return [_published(model, place) for _value, _label, model, *_rest in TYPES]


# The catalogues that the place field narrows, with the noun of their entries, in the order of the overview.
NEARBY_TYPES = [
    ("beratung", ("Beratungsstelle", "Beratungsstellen"), "/beratung/"),
    ("praxisbeispiele", ("Praxisbeispiel", "Praxisbeispiele"), "/praxisbeispiele/"),
    ("foerderprogramme", ("Förderprogramm", "Förderprogramme"), "/foerderprogramme/"),
]
OVERVIEW_ENTRIES = 3


def _overview(request, near, query):
    """Per place-bound catalogue, its list for the place (and the words) as the list page shows it: the count,
    the first few entries, and the link to that list. The lists' own machinery counts, so the numbers agree."""
    from contacts.views import contact_listing
    from funding.views import programme_listing
    from projects.views import example_listing

    listings = {"beratung": contact_listing, "praxisbeispiele": example_listing, "foerderprogramme": programme_listing}
    rows = []
    for value, noun, path in NEARBY_TYPES:
        params = QueryDict(mutable=True)
        params["ort"] = near.place.label
        if near.radius != nearby.DEFAULT_RADIUS:
            params["umkreis"] = str(near.radius)
        if query:
            params["q"] = query
        listed = copy.copy(request)
        listed.GET = params
        listing = listings[value](listed)
        entries = listing.page.object_list[:OVERVIEW_ENTRIES]
        for entry in entries:
            entry.overview_title = getattr(entry, "name", None) or entry.title
        wider = ""
        if listing.place_radius and near.place.is_point and near.radius < nearby.RADII[-1]:
            widened = params.copy()
            widened["umkreis"] = str(nearby.RADII[-1])
            wider = url_with(widened, path)
        rows.append(
            {
                "value": value,
                "noun": noun,
                "count": listing.total,
                "entries": entries,
                "url": url_with(params, path),
                "wider": nearby.RADII[-1],
                "wider_url": wider,
            }
        )
    return rows


# Contacts whose own name, organisation or contact person the query does not name rank at this share of their
# rank: for a topic („Tagespflege“) the examples and programmes about it come first, not every Träger that
# mentions it, while a name („Mahler“, „Caritas“) still puts the named service first.
MENTION_WEIGHT = 0.5
IDENTITY_FIELDS = {"beratung": ("name", "organisation", "person_name")}


def _branches(query, mode, thesaurus, gazetteer, missing=(), place=None):
    """One values() queryset per content type, with the same columns, for a UNION; for a search with only some of
    the words, missing are those that no entry contains."""
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db.models import Case, FloatField, When

    any_word = search.tsquery_text(query, thesaurus, every_word=False, gazetteer=gazetteer)
    # A service responsible for a place the query names is no mere mention: with a place, no type is weighed down.
    if any(unit.place for unit in search.units(query, thesaurus, gazetteer)):
        any_word = ""
    branches = {}
    for value, _label, model, title, _text, _prefix in TYPES:
        base = _published(model, place)
        if mode == SIMILAR:
            matched = similar(base, query)
        elif mode == PARTIAL:
            matched = partial(base, query, missing, thesaurus, gazetteer)
        else:
            matched = fulltext(base, query, thesaurus, gazetteer=gazetteer)
        rank = F("rank")
        if value in IDENTITY_FIELDS and mode != SIMILAR and any_word:
            named = SearchVector(*IDENTITY_FIELDS[value], config=search.CONFIG)
            matched = matched.annotate(identity=named)
            rank = Case(
                When(identity=SearchQuery(any_word, config=search.CONFIG, search_type="raw"), then=F("rank")),
                default=F("rank") * Value(MENTION_WEIGHT),
                output_field=FloatField(),
            )
        # Narrow rows only: the union is sorted by rank over every match.
        branches[value] = matched.annotate(
            hit_type=Value(value, output_field=CharField()),
            hit_title=F(title),
            hit_rank=rank,
        ).values("hit_type", "pk", "hit_title", "hit_rank")
    return branches


def _entries(hits):
    """The page's hits with their slug and text, one query per content type on the page."""
    ids = {}
    for hit in hits:
        ids.setdefault(hit["hit_type"], []).append(hit["pk"])
    rows = {}
    for value, _label, model, title, text, prefix in TYPES:
        if value in ids:
            for row in model.objects.filter(pk__in=ids[value]).values("pk", "slug", title, text):
                rows[value, row["pk"]] = {
                    "hit_type": value,
                    "slug": row["slug"],
                    "hit_title": row[title],
                    "hit_text": row[text],
                    "hit_prefix": prefix,
                }
    return [rows[hit["hit_type"], hit["pk"]] for hit in hits if (hit["hit_type"], hit["pk"]) in rows]


def _count(branches):
    parts, params = [], []
    for value, queryset in branches.items():
        sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"SELECT %s, count(*) FROM ({sql}) branch")
        params += [value, *sql_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return dict(cursor.fetchall())


def search_all(request):
    data = request.GET
    notices = []
    query, shortened = search.clean_query(data.get("q", ""))
    if shortened:
        notices.append("Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen und wurde gekürzt.")
    selected = list(dict.fromkeys(data.getlist("typ")))
    for value in selected:
        if value not in TYPE_LABELS:
            notices.append(f"Den Inhaltstyp „{value[:80]}“ gibt es nicht; er wurde ignoriert.")
    selected = [value for value in selected if value in TYPE_LABELS]
    near = nearby.read(data)
    notices += near.notices
    place = near.place
    scope = place.key if place else ()
    choices = []
    for choice in near.choices:
        params = without(data, "ort")
        params["ort"] = choice.label
        choices.append(Chip(choice.label, url_with(params)))

    context = {
        "query": query,
        "notices": notices,
        "types": [],
        "page": None,
        "total": 0,
        "mode": "",
        "chips": [],
        "missing_words": [],
        "suggestion": "",
        "suggestion_url": "",
        "near": near,
        "place_choices": choices,
        "overview": [],
    }
    if near.place:
        context["overview"] = _overview(request, near, query if query and search.search_query(query) else "")
    if query and search.search_query(query) is None:
        notices.append("Ihr Suchbegriff enthält keine Wörter, nach denen gesucht werden kann.")
    elif query:
        # As in the catalogue lists: every word, else the entries with most of the words, else similar spellings.
        mode, missing = FULLTEXT, []
        thesaurus = synonyms.for_request(request)
        gazetteer = places.for_request(request)
        branches = _branches(query, mode, thesaurus, gazetteer, place=place)
        counts = cached(request, ("suche", mode, query, scope), lambda: _count(branches))
        if not sum(counts.values()):
            _every, missing = cached(
                request,
                ("suche", "woerter", query, scope),
                lambda: word_hits(_bases(place), query, thesaurus, gazetteer),
            )
            mode = PARTIAL if len(missing) < len(search.words(query)) else SIMILAR
            branches = _branches(query, mode, thesaurus, gazetteer, missing, place)
            counts = cached(request, ("suche", mode, query, scope), lambda: _count(branches))
        query_log.record(request, SearchPlace.EVERYTHING, query, found=sum(counts.values()))
        total = sum(counts[value] for value in (selected or TYPE_LABELS))
        size = settings.LIST_PAGE_SIZE
        raw_page = data.get("page")
        last = max(1, -(-total // size))
        asked = page_number(raw_page)
        if raw_page is not None and not (asked and asked <= last):
            notices.append(f"Die Seite „{raw_page[:20]}“ gibt es nicht; angezeigt wird eine vorhandene Seite.")
        number = min(asked, last) if asked else 1
        # Each branch only needs its best rows up to the end of this page (a top-N sort per
        # content type) before the union is sorted; never all matches of all four.
        chosen = [
            branches[value].order_by("-hit_rank", "hit_title")[: number * size] for value in (selected or TYPE_LABELS)
        ]
        combined = (
            chosen[0].union(*chosen[1:], all=True).order_by("-hit_rank", "hit_title") if len(chosen) > 1 else chosen[0]
        )
        paginator = KnownCountPaginator(combined, size, total)
        page = paginator.get_page(number)
        page.object_list = _entries(list(page.object_list))
        chips = [Chip(f"Inhaltstyp: {TYPE_LABELS[value]}", url_with(without(data, "typ", value))) for value in selected]
        if place:
            chips.insert(0, Chip(f"Ort: {place.label}", url_with(without(without(data, "ort"), "umkreis"))))
        context.update(
            mode=mode,
            total=total,
            page=page,
            chips=chips,
            types=[
                {"value": value, "label": label, "count": counts[value], "selected": value in selected}
                for value, label, *_rest in TYPES
            ],
        )
        if missing:
            context["missing_words"] = typed_words(query, missing)
            suggestion = cached(
                request,
                ("suche", "vorschlag", query, scope),
                lambda: spelling_suggestion(_bases(place), query, missing),
            )
            if suggestion:
                params = without(data, "q")
                params["q"] = suggestion
                context.update(suggestion=suggestion, suggestion_url=url_with(params))
    return render(request, "werkzeugkoffer/search.html", context)
