"""Suggestions while someone types into a search box, at /api/v1/vorschlaege/?q=…&typ=….

What is suggested: the titles and names of the published entries of the three catalogues, place names (the
towns of the practice examples, and the regions that a published entry names) and the terms of the editors'
synonym list, each when one of its words begins with what was typed: without case, accents or umlauts, the
way the search columns fold text (wk_fold), and „Muenster“ also finds „Münster“.

Whatever was typed, one SQL statement answers it: a UNION of one small ranked part per kind. The typed text
reaches the database only as a parameter of that statement; nothing here logs or keeps it (the request log
names the parameters, never their values).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Recommendation
from places.resolver import resolve
from projects.models import PracticeExample
from werkzeugkoffer.catalogue.api import SafeJsonResponse
from werkzeugkoffer.catalogue.nearby import HOME_LAND
from werkzeugkoffer.catalogue.search import MAX_QUERY_LENGTH
from werkzeugkoffer.models import Region, Synonym

MAX_SUGGESTIONS = 8
MIN_CHARACTERS = 2


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    detail_url_name: str = ""


EXAMPLE = Kind("praxisbeispiele", "Praxisbeispiel", "projects:detail")
PROGRAMME = Kind("foerderprogramme", "Förderprogramm", "funding:detail")
CONTACT = Kind("beratung", "Beratung", "contacts:detail")
GUIDANCE = Kind("handlungsempfehlungen", "Handlungsempfehlung", "guidance:detail")
PLACE = Kind("ort", "Ort")
TERM = Kind("suchbegriff", "Suchbegriff")
KINDS = {kind.key: kind for kind in (EXAMPLE, PROGRAMME, CONTACT, GUIDANCE, PLACE, TERM)}
# The values of `typ`, as in /suche/: a catalogue's search box asks for its own entries first.
SCOPES = {kind.key: kind for kind in (EXAMPLE, PROGRAMME, CONTACT, GUIDANCE)}
# Without a scope, terms and places come first: short completions that search everything.
DEFAULT_ORDER = [TERM, PLACE, EXAMPLE, PROGRAMME, GUIDANCE, CONTACT]

# Each kind looks at no more than this many rows (those that contain the typed text anywhere in their search_text,
# the first the database finds), so that a word that half the entries contain („Quartier“) costs what a rare one
# costs: in a large catalogue the suggestions are then the best among those rows.
EXAMINED = 500

# The typed text as words: folded like the search columns, every run of other characters one space. NOT
# MATERIALIZED lets the planner fold it into a constant in every part, so that the trigram index of the
# search_text columns can narrow the rows (`loose`: the typed words in order, anywhere).
TYPED_SQL = """
WITH typed AS NOT MATERIALIZED (
    SELECT ' ' || words AS prefix,
           ' ' || plain AS plain_prefix,
           '%%' || replace(words, ' ', '%%') || '%%' AS loose,
           '%%' || replace(plain, ' ', '%%') || '%%' AS plain_loose
    FROM (
        -- People type „Muenster“ for „Münster“, which wk_fold makes „munster“.
        SELECT words, replace(replace(replace(words, 'ae', 'a'), 'oe', 'o'), 'ue', 'u') AS plain
        FROM (SELECT btrim(regexp_replace(wk_fold(%s), '[^[:alnum:]]+', ' ', 'g')) AS words) folded
    ) spellings
    WHERE length(words) >= 2
)
"""
# A candidate's words, led by a space, so that "a word begins with the typed text" is a LIKE on " " + typed.
WORDS_SQL = "(' ' || btrim(regexp_replace(wk_fold({column}), '[^[:alnum:]]+', ' ', 'g')))"
MATCHES_SQL = "(found.words LIKE '%%' || typed.prefix || '%%' OR found.words LIKE '%%' || typed.plain_prefix || '%%')"
STARTS_SQL = "(found.words LIKE typed.prefix || '%%' OR found.words LIKE typed.plain_prefix || '%%')"
# Rows whose search_text (folded title, place, Träger …) cannot match are left out first, with its trigram index.
NARROWED_SQL = "(candidate.search_text LIKE typed.loose OR candidate.search_text LIKE typed.plain_loose)"
# The town that a practice example's place names first: „Ostfildern, Stadtteil Nellingen“, „Vrees (Landkreis Emsland)“.
TOWN_SQL = "btrim(substring(candidate.text FROM '^[^(,;]+'))"
# The terms of the synonym list, split as synonym_terms() splits them.
TERMS_SQL = r"""
SELECT btrim(regexp_replace(part, '\s+', ' ', 'g')) AS text, '' AS slug
FROM ({synonyms}) synonym, regexp_split_to_table(synonym.terms || ',' || synonym.source, '[,;\n]') AS part
"""


def _part(kind, source, narrowed=False):
    """The best of one kind: those that begin with the typed text, then the shortest.

    The source has the columns text and slug, and search_text if it can be narrowed. The words of each examined
    row are folded once (a subquery with DISTINCT stays a subquery), and matched and ranked on that.
    """
    narrowing = f"WHERE {NARROWED_SQL}" if narrowed else ""
    return f"""(
        SELECT %s AS kind, found.text, found.slug
        FROM (
            SELECT DISTINCT examined.text, examined.slug, {WORDS_SQL.format(column="examined.text")} AS words
            FROM (SELECT candidate.text, candidate.slug FROM ({source}) candidate, typed {narrowing}
                  LIMIT {EXAMINED}) examined
        ) found, typed
        WHERE {MATCHES_SQL}
        ORDER BY {STARTS_SQL} DESC, length(found.text), found.text
        LIMIT {MAX_SUGGESTIONS}
    )"""


def _compiled(queryset):
    return queryset.order_by().query.sql_with_params()


def _places():
    """The regions that a published entry names, and the towns of the published practice examples."""
    named = (
        Q(Exists(PracticeExample.objects.published().filter(Q(state=OuterRef("pk")) | Q(district=OuterRef("pk")))))
        | Q(Exists(FundingProgramme.objects.published().filter(regions=OuterRef("pk"))))
        | Q(Exists(Contact.objects.published().filter(regions=OuterRef("pk"))))
    )
    regions, region_params = _compiled(Region.objects.filter(named).values(text=F("name")))
    towns, town_params = _compiled(PracticeExample.objects.published().values("search_text", text=F("place")))
    source = f"""
        SELECT region.text, '' AS slug FROM ({regions}) region
        UNION ALL
        (SELECT {TOWN_SQL}, '' FROM ({towns}) candidate, typed WHERE {NARROWED_SQL} LIMIT {EXAMINED})
    """
    return source, [*region_params, *town_params]


def statement(query):
    """The one statement that finds the candidates of every kind: rows of (kind, text, slug)."""
    parts, params = [], [query]

    def add(kind, source, source_params, narrowed=False):
        parts.append(_part(kind, source, narrowed))
        params.extend([kind.key, *source_params])

    for kind, model, title in (
        (EXAMPLE, PracticeExample, "title"),
        (PROGRAMME, FundingProgramme, "title"),
        (CONTACT, Contact, "name"),
        (GUIDANCE, Recommendation, "title"),
    ):
        source, source_params = _compiled(model.objects.published().values("slug", "search_text", text=F(title)))
        add(kind, source, source_params, narrowed=True)
    add(PLACE, *_places())
    synonyms, synonym_params = _compiled(Synonym.objects.values("terms", "source"))
    add(TERM, TERMS_SQL.format(synonyms=synonyms), synonym_params)
    return TYPED_SQL + "\nUNION ALL\n".join(parts), params


def choose(rows, scope=()):
    """Up to MAX_SUGGESTIONS of the candidates, shared among the kinds, grouped by kind.

    Kinds take turns, in the order of DEFAULT_ORDER with the scope's catalogues first; a catalogue in scope
    takes two per turn. So one kind with many matches never hides the others.
    """
    order = [*scope, *(kind for kind in DEFAULT_ORDER if kind not in scope)]
    candidates = {kind: [] for kind in order}
    seen = set()
    for key, text, slug in rows:
        kind = KINDS[key]
        # A place that is also a term of the synonym list is suggested once.
        if not slug:
            if text.casefold() in seen:
                continue
            seen.add(text.casefold())
        candidates[kind].append((text, slug))
    chosen = {kind: [] for kind in order}
    total = 0
    while total < MAX_SUGGESTIONS and any(candidates.values()):
        for kind in order:
            for _turn in range(2 if kind in scope else 1):
                if candidates[kind] and total < MAX_SUGGESTIONS:
                    chosen[kind].append(candidates[kind].pop(0))
                    total += 1
    return [(kind, text, slug) for kind in order for text, slug in chosen[kind]]


def find(query, scope=()):
    sql, params = statement(query)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return choose(rows, scope)


def _letters_and_digits(text):
    return sum(1 for character in text if character.isalnum())


def place_suggestions(query):
    """For the place field (typ=ort): the official places whose postcode or name begins with the text, as the
    labels that the lists resolve to exactly that place (see places.resolver.choose)."""
    return [(PLACE, candidate.label, "") for candidate in resolve(query, MAX_SUGGESTIONS, prefer_land=HOME_LAND)]


def suggest(request):
    """At most MAX_SUGGESTIONS suggestions for the beginning of a word or of several words."""
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())
    notices = []
    scope = []
    places_only = False
    for value in dict.fromkeys(request.GET.getlist("typ")):
        if value == PLACE.key:
            places_only = True
        elif value in SCOPES:
            scope.append(SCOPES[value])
        else:
            notices.append(f"Den Inhaltstyp „{value[:80]}“ gibt es nicht; er wurde ignoriert.")
    found = []
    if len(query) > MAX_QUERY_LENGTH:
        notices.append(f"Vorschläge gibt es für Eingaben bis {MAX_QUERY_LENGTH} Zeichen.")
        query = ""
    elif _letters_and_digits(query) < MIN_CHARACTERS:
        notices.append(f"Vorschläge gibt es ab {MIN_CHARACTERS} Buchstaben oder Ziffern.")
    elif places_only:
        found = place_suggestions(query)
    else:
        found = find(query, scope)
    return SafeJsonResponse(
        {
            "begriff": query,
            "vorschlaege": [
                {
                    "text": text,
                    "art": kind.label,
                    "url": request.build_absolute_uri(reverse(kind.detail_url_name, args=[slug]))
                    if kind.detail_url_name
                    else None,
                }
                for kind, text, slug in found
            ],
            "hinweise": notices,
        }
    )
