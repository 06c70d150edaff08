"""One catalogue's list: search, facets, sort and pagination for the HTML page and the API alike."""

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator

from werkzeugkoffer.catalogue import search, synonyms
from werkzeugkoffer.catalogue.counting import cached_counts
from werkzeugkoffer.catalogue.filters import UNKNOWN, FacetedFilterSet, vocabulary
from werkzeugkoffer.operations.caching import PARTIAL_HEADER

SEARCH_COLUMNS = ["search_document", "search_text", "search_vector"]
SORT_RELEVANCE = "relevanz"


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


def fulltext(queryset, text, thesaurus=None):
    """Entries matching the German full-text query (with the synonyms of thesaurus), ranked; None when text
    holds no searchable word."""
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F, Value

    query = search.search_query(text, thesaurus)
    if query is None:
        return None
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query, normalization=Value(1))
    )


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


def run_listing(request, base, filterset_class, facet_options, sorts, default_sort, headline_fields):
    """Search, filter, count facets, sort and paginate one catalogue for request.GET.

    facet_options(taxonomies) gives the options of the taxonomy facets; the taxonomies,
    loaded in one query, also give the API the names behind the facet arrays.
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

    mode = ""
    searched = base
    thesaurus = synonyms.for_request(request) if query else None
    if query:
        searched = fulltext(base, query, thesaurus)
        mode = "fulltext"
        if searched is None:
            searched, mode = base, ""
            notices.append("Ihr Suchbegriff enthält keine Wörter, nach denen gesucht werden kann.")
    sort = filterset.cleaned("sort") or ""
    if sort == SORT_RELEVANCE and not mode:
        sort = ""
    sort_chosen = bool(sort)
    sort = sort or (SORT_RELEVANCE if mode else default_sort)
    # The primary key last makes the order total, so that pages never overlap.
    ordering = [*(["-rank", *sorts[default_sort][1]] if sort == SORT_RELEVANCE else sorts[sort][1]), "pk"]
    raw_page = data.get("page")
    asked = page_number(raw_page)
    requested = asked or 1
    # The counting statement has the matching rows at hand, so it also reads this page of them
    # (ranking is cheap next to reading the rows). Only the plain list, with neither search nor
    # filter, reads its page alone: an index in each sort order serves it without reading the rest.
    window = None
    if mode or filterset.narrowed():
        window = (ordering, (requested - 1) * settings.LIST_PAGE_SIZE, settings.LIST_PAGE_SIZE)
    total, facets, page_ids = cached_counts(request, filterset, searched, mode, query, window)
    # Spelling help only when the words themselves find nothing. When the facets exclude every
    # match, the list stays empty and suggests which filter to relax: switching to similar
    # spellings would count options against other entries than ticking them shows.
    if mode == "fulltext" and total == 0 and not (filterset.narrowed() and searched.exists()):
        fallback = similar(base, query)
        fallback_total, fallback_facets, fallback_ids = cached_counts(
            request, filterset, fallback, "similar", query, window
        )
        if fallback_total:
            searched, mode, total, facets, page_ids = fallback, "similar", fallback_total, fallback_facets, fallback_ids

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
    if mode == "fulltext":
        rows = rows.annotate(
            headline=SearchHeadline(
                # One concat_ws() instead of Concat's nested pairs, which take the ORM long to compile.
                Func(Value(" "), *map(F, headline_fields), function="concat_ws", output_field=TextField()),
                search.search_query(query, thesaurus),
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
        sort_options=[(SORT_RELEVANCE, "Relevanz")] * bool(mode) + [(key, label) for key, (label, _o) in sorts.items()],
        chips=chips,
        notices=notices,
        taxonomies=taxonomies,
    )
    listing.unknown_offers = unknown_offers(data, facets)
    if mode == "similar":
        listing.suggestion = suggest(query, [str(entry) for entry in page.object_list])
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
    return listing


def unknown_offers(data, facets):
    """Links that add the entries a chosen filter leaves out only because they do not state the fact.

    Ticking „Kommunen“ must not silently hide a programme that names no applicants at all.
    """
    offers = []
    for facet in facets:
        unknown = next((option for option in facet.options if option.value == UNKNOWN), None)
        if not facet.selected or unknown is None or unknown.selected or not unknown.count:
            continue
        params = without(data, facet.name)
        params.setlist(facet.name, [*facet.selected, UNKNOWN])
        entries = "Eintrag" if unknown.count == 1 else "Einträge"
        offers.append(Chip(f"Auch {unknown.count} {entries} ohne Angabe zu „{facet.label}“ anzeigen", url_with(params)))
    return offers


def suggest(text, candidates):
    """The spelling of text's words as they appear in candidates (for „Meinten Sie …?“)."""
    import difflib

    vocabulary = {}
    for candidate in candidates:
        for word in search.WORD.findall(candidate):
            if len(word) > 2:
                vocabulary.setdefault(word.lower(), word)
    corrected = []
    for word in search.words(text):
        match = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.6)
        corrected.append(vocabulary[match[0]] if match else word)
    suggestion = " ".join(corrected)
    return suggestion if suggestion.lower() != " ".join(search.words(text)) else ""


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
