"""One catalogue's list: search, facets, sort and pagination for the HTML page and the API alike."""

import functools
import operator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q

from werkzeugkoffer.catalogue import nearby, places, search, synonyms
from werkzeugkoffer.catalogue.counting import cached, cached_counts, cached_total
from werkzeugkoffer.catalogue.filters import FacetedFilterSet, vocabulary
from werkzeugkoffer.catalogue.search import CONFIG
from werkzeugkoffer.operations.caching import PARTIAL_HEADER

SEARCH_COLUMNS = ["search_document", "search_text", "search_vector"]
SORT_RELEVANCE = "relevanz"
SORT_NEAR = "naehe"
# How a search matched: entries with every word, with some of the words, or with similar spellings.
FULLTEXT, PARTIAL, SIMILAR = "fulltext", "partial", "similar"
# Entries per misspelt word whose titles and names are searched for its correct spelling.
SPELLING_CANDIDATES = 5


class LazySlice:
    """A sequence that make() builds only when it is read: when the counting statement brought
    the page along, the paginator's slice of the ids is never even put together as a query."""

    def __init__(self, make):
        self.make = make

    @functools.cached_property
    def items(self):
        return self.make()

    def __getitem__(self, item):
        return LazySlice(lambda: self.items[item])

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


class KnownCountPaginator(Paginator):
    """A Paginator that reuses a count computed elsewhere (the facet statement)."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


def fulltext(queryset, text, thesaurus=None, every_word=True, gazetteer=None):
    """Entries matching the German full-text query (with the synonyms of thesaurus), ranked; None when text
    holds no searchable word.

    With every_word=False, entries need only some of the words: the rank then counts the words an
    entry contains, and today's ranking (title above teaser above body) orders entries with as many.
    With a gazetteer (places.Gazetteer), a place in the query also matches the entries in its region and those
    responsible for it; a word that names a fact an entry may leave open also matches the entries that do
    (see unit_terms). Words that say what every entry of the catalogue is only rank (see catalogue_word).
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import ExpressionWrapper, F, FloatField, Value

    parts = search.units(text, thesaurus, gazetteer)
    if not parts:
        return None
    model = queryset.model
    required = [unit for unit in parts if not catalogue_word(model, unit)] or parts
    terms = {unit: unit_terms(model, unit) for unit in required}
    plain = [unit for unit in required if len(terms[unit]) == 1]
    wider = [unit for unit in required if len(terms[unit]) > 1]

    def raw(source):
        return SearchQuery(source, config=CONFIG, search_type="raw")

    if every_word and not wider and len(required) == len(parts):
        query = raw(search.join_units(parts))
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query, normalization=Value(1))
        )
    # Normalization 32 turns the text rank into rank / (rank + 1), below 1: a word more always ranks higher.
    rank = SearchRank(F("search_vector"), raw(search.join_units(parts, every_word=False)), normalization=Value(1 | 32))
    words = raw(search.join_units(plain, every_word=every_word)) if plain else None
    if every_word:
        scored = wider
        conditions = [Q(search_vector=words)] * bool(plain) + [unit_match(terms[unit]) for unit in wider]
        condition = functools.reduce(operator.and_, conditions)
    else:
        scored = required
        conditions = [Q(search_vector=words)] * bool(plain) + [unit_match(terms[unit]) for unit in wider]
        condition = functools.reduce(operator.or_, conditions)
    score = functools.reduce(operator.add, [unit_score(terms[unit]) for unit in scored], Value(0.0))
    return queryset.filter(condition).annotate(rank=ExpressionWrapper(score + rank, output_field=FloatField()))


@functools.cache
def _word_keys(text):
    from werkzeugkoffer.models import synonym_word_key, synonym_words

    return frozenset(synonym_word_key(word) for word in synonym_words(text))


def _all_in(unit, text):
    from werkzeugkoffer.models import synonym_word_key

    known = _word_keys(text)
    return unit.place is None and all(synonym_word_key(word) in known for word in unit.words)


def catalogue_word(model, unit):
    """Whether the words of unit only say what every entry of model is (its ``catalogue_words``, such as
    „Beratung“ among the advice services): they rank, but never exclude."""
    return _all_in(unit, getattr(model, "catalogue_words", ""))


def unit_terms(model, unit):
    """(condition, weight) pairs under which an entry of model matches unit, the strongest first.

    A word matches the entries that contain it. A place (see places.py) also matches the entries in its region
    and those responsible for it, and, at half the weight, those responsible everywhere (a nationwide hotline
    for „Beratung Mainz“). A word that names a fact entries may leave open (``open_fact_words`` of the model:
    „Kommunen“ among the Antragsberechtigte) also matches, at half the weight, the entries that do not state it:
    an unknown is never a reason to leave an entry out.
    """
    text = Q(search_vector=unit.query())
    if unit.place is not None and hasattr(model, "place_conditions"):
        specific, everywhere = model.place_conditions(unit.place.region_ids)
        return [(specific, 1.0), (text, 1.0)] + [(everywhere, 0.5)] * (everywhere is not None)
    for words, unknown in getattr(model, "open_fact_words", ()):
        if _all_in(unit, words):
            return [(text, 1.0), (unknown, 0.5)]
    return [(text, 1.0)]


def unit_match(terms):
    return functools.reduce(operator.or_, [condition for condition, _weight in terms])


def unit_score(terms):
    from django.db.models import Case, Value, When

    return Case(*[When(condition, then=Value(weight)) for condition, weight in terms], default=Value(0.0))


def present_words(text, missing):
    """The searchable words of text without those that no entry contains (missing, see word_hits)."""
    absent = set(missing)
    return " ".join(word for word in search.words(text) if word not in absent)


def partial(queryset, text, missing, thesaurus=None, gazetteer=None):
    """Entries with some of the words of text, those with most of them first (fulltext with every_word=False).

    The words that no entry contains (missing) add nothing to any entry, so they are left out of the query; when
    a single unit remains, its entries are exactly those of a search for it, ranked alike, which costs no more
    than that search („Quartier Musterstadt“ is „Quartier“).
    """
    rest = present_words(text, missing)
    single = len(search.units(rest, thesaurus, gazetteer)) == 1
    return fulltext(queryset, rest, thesaurus, every_word=single, gazetteer=gazetteer)


def similar(queryset, text):
    """Typo-tolerant fallback: entries whose title, place or organisation resemble the words."""
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models import Func, Value

    folded = Func(Value(" ".join(search.words(text))), function="wk_fold")
    return queryset.filter(search_text__trigram_word_similar=folded).annotate(
        rank=TrigramWordSimilarity(folded, "search_text")
    )


@dataclass
class Chip:
    label: str
    url: str


@dataclass
class PlaceOffer:
    """A place the query names, and the link that turns it into the list's region filter (if the list has one)."""

    name: str
    facet: str = ""
    value: str = ""
    label: str = ""
    url: str = ""


@dataclass
class Listing:
    """Everything a catalogue list shows, for the HTML page and the API alike."""

    filterset: FacetedFilterSet
    query: str
    mode: str
    total: int
    facets: list
    page: object
    sort: str
    sort_options: list
    chips: list
    notices: list
    suggestion: str = ""
    sort_chosen: bool = False  # whether the query string asked for this sort, or it is the default
    suggestion_url: str = ""
    relaxations: list = field(default_factory=list)
    unknown_offers: list = field(default_factory=list)
    taxonomies: dict = field(default_factory=dict)
    missing_words: list = field(default_factory=list)  # as typed: the words that no entry contains
    places: list = field(default_factory=list)  # PlaceOffer for each place the query names (see places.py)
    near: nearby.Reading = field(default_factory=nearby.Reading)  # the place field (?ort=…, see nearby.py)
    place_field: bool = False  # whether the list can be narrowed to a place
    place_radius: bool = False  # whether its entries have points, so that „near“ has a radius
    place_choices: list = field(default_factory=list)  # Chip per place the field's text may mean
    # The list's order (order_by arguments) over maps.matching(): an export lists every entry in the order of the pages.
    ordering: list = field(default_factory=list)

    @property
    def defaults_in_effect(self):
        """Labels of the defaults that narrow the list without a choice of the person's (e.g. „nur aktuelle
        Programme“): never chips, but a printout must still say what it leaves out."""
        return [
            f"{facet.label}: {option.label}"
            for facet in self.facets
            if facet.single and not facet.selected
            for option in facet.options
            if option.selected
        ]

    @property
    def chosen_filters(self):
        """How many facet values the person chose (for „Filter (2 aktiv)“)."""
        return sum(len(facet.selected) for facet in self.facets)


def page_number(raw):
    """The page number asked for (at least 1), or None unless raw is plain ASCII digits.

    „²“ and „٣“ count as digits for str.isdigit() but are no page numbers; numbers too
    long to be any page become one past every real page instead of a huge integer.
    """
    if not (raw and raw.isascii() and raw.isdigit()):
        return None
    digits = raw.lstrip("0")
    if not digits:
        return None
    return int(digits) if len(digits) <= 9 else 10**9


def url_with(params, path=""):
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else (path or "?")


def without(data, name, value=None):
    """A copy of the query without one value of name (or all of name), and without the page."""
    params = data.copy()
    if value is None:
        params.pop(name, None)
    else:
        params.setlist(name, [item for item in params.getlist(name) if item != value])
    params.pop("page", None)
    return params


def place_reading(request, data, resolution=None):
    """nearby.read(data), once per request and place: a page that shows several lists for one place (the
    Förder-Check's result, the overview of /suche/) resolves it once. The memo sits in the request's environ (as
    WSGI extensions do), which copies of the request share. resolution: the text of data's place field already
    resolved by the caller (the Förder-Check's question did), so that not even the first list resolves it."""
    readings = request.META.setdefault("werkzeugkoffer.place_readings", {})
    key = (data.get("ort", ""), data.get("umkreis", ""))
    if key not in readings:
        readings[key] = nearby.read(data, resolution)
    return readings[key]


def run_listing(request, base, filterset_class, facet_options, sorts, default_sort, headline_fields, count_facets=True):
    """Search, filter, count facets, sort and paginate one catalogue for request.GET.

    facet_options(taxonomies) gives the options of the taxonomy facets; the taxonomies,
    loaded in one query, also give the API the names behind the facet arrays. Without count_facets
    (a page that shows only the total and the first entries, such as the Förder-Check's result) the
    total is one plain count under the same filters, and the listing has no facets, offers or relaxations.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import F, Func, TextField, Value

    data = request.GET
    notices = []
    raw_query = data.get("q", "")
    query, shortened = search.clean_query(raw_query)
    if shortened:
        notices.append("Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen und wurde gekürzt.")
    taxonomies, options = vocabulary(request, ContentType.objects.get_for_model(base.model).pk, facet_options)
    filterset = filterset_class(data, queryset=base, options=options)
    for label, value in filterset.ignored_values():
        notices.append(f"Der Wert „{value[:80]}“ für „{label}“ ist unbekannt und wurde ignoriert.")
    near = nearby.Reading()
    if hasattr(base.model, "place_tiers"):
        near = place_reading(request, data)
        notices += near.notices
        if near.place:
            base = nearby.scoped(base, near.place)
    elif data.get("ort"):
        notices.append("Diese Liste lässt sich nicht nach Ort eingrenzen; die Angabe „Ort“ wurde ignoriert.")
    radius_applies = bool(near.place) and near.place.is_point and hasattr(base.model, "latitude")
    # The counts, the words found and the spelling suggestions depend on the place too.
    scope = near.place.key if near.place else ()

    mode = ""
    searched = base
    thesaurus = synonyms.for_request(request) if query else None
    gazetteer = places.for_request(request) if query else None
    if query:
        searched = fulltext(base, query, thesaurus, gazetteer=gazetteer)
        mode = FULLTEXT
        if searched is None:
            searched, mode = base, ""
            notices.append("Ihr Suchbegriff enthält keine Wörter, nach denen gesucht werden kann.")
    sort = filterset.cleaned("sort") or ""
    if (sort == SORT_RELEVANCE and not mode) or (sort == SORT_NEAR and not near.place):
        sort = ""
    sort_chosen = bool(sort)
    # With a place, what concerns it comes first (see nearby.py); a search term then ranks within that order
    # only when the person sorts by relevance.
    sort = sort or (SORT_NEAR if near.place else SORT_RELEVANCE if mode else default_sort)
    if sort == SORT_RELEVANCE:
        ordering = ["-rank", *sorts[default_sort][1]]
    elif sort == SORT_NEAR:
        ordering = nearby.ordering(base.model, near.place, mode) + sorts[default_sort][1]
    else:
        ordering = list(sorts[sort][1])
    # The primary key last makes the order total, so that pages never overlap.
    ordering.append("pk")
    raw_page = data.get("page")
    asked = page_number(raw_page)
    requested = asked or 1
    # The counting statement has the matching rows at hand, so it also reads this page of them
    # (ranking is cheap next to reading the rows). Only the plain list, with neither search nor
    # filter, reads its page alone: an index in each sort order serves it without reading the rest.
    window = None
    if mode or filterset.narrowed() or near.place:
        window = (ordering, (requested - 1) * settings.LIST_PAGE_SIZE, settings.LIST_PAGE_SIZE)
    if count_facets:
        total, facets, page_ids = cached_counts(request, filterset, searched, mode, query, window, scope)
    else:
        total = cached_total(request, filterset, searched, mode, query, scope)
        facets, page_ids = [], None
    missing = []  # the words that no entry contains
    # When no entry contains every word, the entries with most of them; when none contains any word,
    # similar spellings. Only when the words themselves find nothing: when the facets exclude every
    # match, the list stays empty and suggests which filter to relax, since switching would count
    # options against other entries than ticking them shows. So the mode never depends on the facets,
    # and the counts, computed under the same search as the list, stay honest in every mode.
    if mode == FULLTEXT and total == 0:
        label = base.model._meta.label
        every, missing = cached(
            request, ("woerter", label, query, scope), lambda: word_hits([base], query, thesaurus, gazetteer)
        )
        if every:
            missing = []
        elif len(missing) < len(search.words(query)):
            searched, mode = partial(base, query, missing, thesaurus, gazetteer), PARTIAL
            total, facets, page_ids = cached_counts(request, filterset, searched, mode, query, window, scope)
        else:
            fallback = similar(base, query)
            counted = cached_counts(request, filterset, fallback, SIMILAR, query, window, scope)
            if counted[0] or (filterset.narrowed() and fallback.exists()):
                searched, mode = fallback, SIMILAR
                total, facets, page_ids = counted

    # Otherwise first the ids of this page in order, then the full rows of just these ids:
    # sorting never has to carry wide rows through tens of thousands of matches.
    ordered_ids = LazySlice(
        lambda: filterset.filter_queryset_except(searched, None).order_by(*ordering).values_list("pk", flat=True)
    )
    paginator = KnownCountPaginator(ordered_ids, settings.LIST_PAGE_SIZE, total)
    if raw_page is not None and not (asked and asked <= paginator.num_pages):
        notices.append(f"Die Seite „{raw_page[:20]}“ gibt es nicht; angezeigt wird eine vorhandene Seite.")
    page = paginator.get_page(raw_page)
    ids = page_ids if page_ids is not None and page.number == requested else list(page.object_list)
    # The search columns are long and never shown: leave them in the database.
    rows = base.filter(pk__in=ids).defer(*SEARCH_COLUMNS) if ids else base.none()
    named_places = []
    # Only a catalogue whose entries apply somewhere (place_conditions, see unit_terms) treats a place as one.
    if mode and hasattr(base.model, "place_conditions"):
        named_places = [unit for unit in search.units(query, thesaurus, gazetteer) if unit.place]
    if mode in (FULLTEXT, PARTIAL):
        rows = rows.annotate(
            headline=SearchHeadline(
                # One concat_ws() instead of Concat's nested pairs, which take the ORM long to compile.
                Func(Value(" "), *map(F, headline_fields), function="concat_ws", output_field=TextField()),
                search.search_query(query, thesaurus, mode == FULLTEXT and not named_places, gazetteer),
                config=search.CONFIG,
                start_sel=search.HIGHLIGHT_START,
                stop_sel=search.HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    by_id = {row.pk: row for row in rows}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]

    chips = []
    if query:
        chips.append(Chip(f"Suche: {query}", url_with(without(data, "q"))))
    if near.place:
        radius = f", Umkreis {near.radius} km" if radius_applies else ""
        chips.append(Chip(f"Ort: {near.place.label}{radius}", url_with(without(without(data, "ort"), "umkreis"))))
    # Only what the person chose: a default (such as the funding list's „not closed“) is no chip, since
    # removing it would lead back to the same list.
    for facet in facets:
        for option in facet.options:
            if option.value in facet.selected:
                chips.append(Chip(f"{facet.label}: {option.label}", url_with(without(data, facet.name, option.value))))

    listing = Listing(
        filterset=filterset,
        query=query,
        mode=mode,
        total=total,
        facets=facets,
        page=page,
        sort=sort,
        sort_chosen=sort_chosen,
        sort_options=([(SORT_NEAR, dict(filterset.filters["sort"].extra["choices"])[SORT_NEAR])] if near.place else [])
        + [(SORT_RELEVANCE, "Relevanz")] * bool(mode)
        + [(key, label) for key, (label, _o) in sorts.items()],
        chips=chips,
        notices=notices,
        taxonomies=taxonomies,
        near=near,
        ordering=ordering,
    )
    listing.place_field = hasattr(base.model, "place_tiers")
    listing.place_radius = listing.place_field and hasattr(base.model, "latitude")
    for choice in near.choices:
        params = without(data, "ort")
        params["ort"] = choice.label
        listing.place_choices.append(Chip(choice.label, url_with(params)))
    if near.place:
        for entry in page.object_list:
            entry.place_note = nearby.note(entry, near.place)
    listing.unknown_offers = unknown_offers(data, facets)

    def relaxed_total(params):
        relaxed = filterset_class(params, queryset=base, options=options)
        return cached_total(request, relaxed, searched, mode, query, scope)

    listing.unknown_offers += combined_unknown_offer(data, facets, total, relaxed_total)
    listing.places = place_offers(data, query, filterset, named_places)
    if missing:
        listing.missing_words = typed_words(query, missing)
        listing.suggestion = cached(
            request,
            ("vorschlag", base.model._meta.label, query, scope),
            lambda: spelling_suggestion([base], query, missing),
        )
        if listing.suggestion:
            params = without(data, "q")
            params["q"] = listing.suggestion
            listing.suggestion_url = url_with(params)
    if total == 0:
        relaxable = [facet for facet in facets if facet.selected and facet.total_without]
        listing.relaxations = [
            Chip(
                f"„{facet.label}“ nicht mehr einschränken ({facet.total_without} Treffer)",
                url_with(without(data, facet.name)),
            )
            for facet in sorted(relaxable, key=lambda facet: -facet.total_without)
        ]
        if radius_applies and near.radius < nearby.RADII[-1]:
            params = without(data, "umkreis")
            params["umkreis"] = str(nearby.RADII[-1])
            listing.relaxations.append(Chip(f"Im Umkreis von {nearby.RADII[-1]} km suchen", url_with(params)))
        if near.place:
            listing.relaxations.append(Chip("Nicht mehr nach Ort eingrenzen", url_with(without(data, "ort"))))
    return listing


def unknown_offers(data, facets):
    """Links that add the entries a chosen filter leaves out only because they do not state the fact.

    Ticking „Kommunen“ must not silently hide a programme that names no applicants at all.
    """
    offers = []
    for facet in facets:
        unknown = facet.unknown_option
        if not facet.selected or unknown is None or unknown.selected or not unknown.count:
            continue
        params = without(data, facet.name)
        params.setlist(facet.name, [*facet.selected, unknown.value])
        entries = "Eintrag" if unknown.count == 1 else "Einträge"
        text = facet.unknown_offer or "Auch {count} {entries} ohne Angabe zu „{label}“ anzeigen"
        offers.append(Chip(text.format(count=unknown.count, entries=entries, label=facet.label), url_with(params)))
    return offers


def combined_unknown_offer(data, facets, total, relaxed_total):
    """One link that adds at once the entries that leave open any of several chosen facts.

    Each offer of unknown_offers relaxes one facet under the others, so a programme that names neither its applicants
    nor its deadline stays hidden by both. With two or more such facets chosen, the list offers them together, with
    one more count (relaxed_total of the widened query), when that shows more than any single offer.
    """
    widened, labels, single = data.copy(), [], [0]
    widened.pop("page", None)
    for facet in facets:
        unknown = facet.unknown_option
        if facet.selected and unknown is not None and not unknown.selected:
            widened.setlist(facet.name, [*facet.selected, unknown.value])
            labels.append(f"„{facet.label}“")
            single.append(unknown.count)
    if len(labels) < 2:
        return []
    extra = relaxed_total(widened) - total
    if extra <= max(single):
        return []
    named = ", ".join(labels[:-1]) + " oder " + labels[-1]
    entries = "1 Eintrag anzeigen, dem" if extra == 1 else f"{extra} Einträge anzeigen, denen"
    return [Chip(f"Auch {entries} Angaben zu {named} fehlen", url_with(widened))]


def word_hits(bases, text, thesaurus=None, gazetteer=None):
    """Whether an entry of the querysets bases contains every searchable word of text, and the words
    that no entry contains; in one query, each part of which stops at the first entry found.

    A place (see places.py) counts as found when an entry lies in its region or is responsible for it."""
    from django.db import connection, transaction

    parts = search.units(text, thesaurus, gazetteer)
    checks = [[fulltext(base, text, thesaurus, gazetteer=gazetteer) for base in bases]]
    checks += [[base.filter(unit_match(unit_terms(base.model, unit))) for base in bases] for unit in parts]
    columns, params = [], []
    for querysets in checks:
        found = []
        for queryset in querysets:
            sql, sql_params = queryset.order_by().values("pk")[:1].query.sql_with_params()
            found.append(f"EXISTS ({sql})")
            params += sql_params
        columns.append(" OR ".join(found))
    # Each part asks the search index, never a scan in table order: with LIMIT 1 the planner prefers scanning
    # until the first match, which reads the whole table for a word that no entry contains (0.3 s at 100,000
    # entries); the index answers that in well under a millisecond, and a common word in a few dozen.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        every, *hits = cursor.fetchone()
    return every, [word for unit, hit in zip(parts, hits, strict=True) if not hit for word in unit.words]


def place_offers(data, query, filterset, named_places):
    """A PlaceOffer per place of the query, with a link that turns it into the region filter of the list
    („Nur Rheinland-Pfalz anzeigen“): the place's words leave the search, and its region (or its Land, where the
    filter has no option for the Kreis) becomes the filter's only value. No link when that filter is already set."""
    offers = []
    for unit in named_places:
        offer = PlaceOffer(unit.place.name)
        offers.append(offer)
        found = filterset.place_filter(unit.place)
        if found is None or found[1].value in filterset.cleaned(found[0]):
            continue
        name, option = found
        params = without(data, "q")
        rest = search.without_words(query, unit.words)
        model = filterset._meta.model
        if all(catalogue_word(model, other) for other in search.units(rest)):
            rest = ""  # „Beratung“ alone would exclude the services that do not say it of themselves
        if rest:
            params["q"] = rest
        params.setlist(name, [option.value])
        offer.facet, offer.value, offer.label, offer.url = (
            name,
            option.value,
            f"Nur {option.label} anzeigen",
            url_with(params),
        )
    return offers


def typed_words(text, lowered):
    """The words of text, as typed, whose searchable form (see search.words) is in lowered."""
    typed = [match.group() for match in search.WORD.finditer(text)]
    return list(dict.fromkeys(word for word in typed if word.lower().replace("_", "") in lowered))


def _folded(word):
    """A word as the search compares it: lower case, accents and umlauts folded like unaccent."""
    import unicodedata

    word = word.lower().replace("ß", "ss")
    return "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))


def _in_case_of(typed, word):
    """word in the case of typed: „ravensburg“ for „ravensbrug“, „Mehrgenerationenhaus“ for
    „Mehrgenerationenhauss“ (even where the entry writes „MehrGenerationenHaus“)."""
    if typed.islower():
        return word.lower()
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper() and (typed[1:].islower() or len(typed) == 1):
        return word[:1].upper() + word[1:].lower()
    return word


def spelling_suggestion(bases, text, missing):
    """text with each word in missing (words that no entry contains) replaced by the most similar word
    in the titles, names and places of the entries of bases, or "" when there is none.

    The words that found something stay exactly as typed. A replacement is a word of a published
    entry's indexed fields, so the suggestion finds that entry at least: more than the typed word.
    The candidates of every word come in one query (trigram word similarity, GIN-indexed).
    """
    import difflib

    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models import F, Func, IntegerField, TextField, Value

    branches = []
    for index, word in enumerate(missing):
        folded = Func(Value(word), function="wk_fold")
        for base in bases:
            fields = base.model._meta.get_field("search_text").source_fields
            branches.append(
                base.filter(search_text__trigram_word_similar=folded)
                .annotate(
                    spelling_word=Value(index, output_field=IntegerField()),
                    spelling_text=Func(Value(" "), *map(F, fields), function="concat_ws", output_field=TextField()),
                    spelling_rank=TrigramWordSimilarity(folded, "search_text"),
                )
                .values("spelling_word", "spelling_text", "spelling_rank")
                .order_by("-spelling_rank", "spelling_text")[:SPELLING_CANDIDATES]
            )
    if not branches:
        return ""
    rows = branches[0].union(*branches[1:], all=True).order_by() if len(branches) > 1 else branches[0]
    vocabularies = {}
    for row in rows:
        vocabulary = vocabularies.setdefault(row["spelling_word"], {})
        for candidate in search.WORD.findall(row["spelling_text"]):
            if len(candidate) > 2 and candidate.lower() not in search.STOP_WORDS:
                vocabulary.setdefault(_folded(candidate), candidate)
    corrections = {}
    for index, word in enumerate(missing):
        vocabulary = vocabularies.get(index, {})
        vocabulary.pop(_folded(word), None)
        match = difflib.get_close_matches(_folded(word), vocabulary, n=1, cutoff=0.7)
        if match:
            corrections[word] = vocabulary[match[0]]
    if not corrections:
        return ""

    def replace(match):
        typed = match.group()
        correction = corrections.get(typed.lower().replace("_", ""))
        return _in_case_of(typed, correction) if correction else typed

    return search.WORD.sub(replace, text)


def render_listing(request, template, context):
    """The full page, or only its results region when the live filter script asks for it."""
    from django.shortcuts import render
    from django.utils.cache import patch_vary_headers

    if request.headers.get(PARTIAL_HEADER):
        response = render(request, "includes/catalogue.html#results", context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response
