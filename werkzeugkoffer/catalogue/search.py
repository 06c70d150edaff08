"""German full-text search shared by the three catalogues.

The database does the heavy lifting: each catalogue table has a generated
``search_vector`` column (weighted, GIN-indexed) and a ``search_text`` column
for trigram matching, both built with the ``werkzeugkoffer`` text search
configuration defined here (German stemming after accent folding).

This module turns what a person types into a safe ``tsquery``: every word is a
prefix (``Pflege`` finds ``Pflegewohngemeinschaft``), umlaut-free spellings also
try the umlaut (``Haeuser`` finds ``Häuser``), and known abbreviations inside
compounds are expanded (``Pflege-WG`` finds ``Pflegewohngemeinschaft`` and back), and the
synonym list of the editors adds the terms a word or a run of words stands for (see synonyms.py).
Stop words („für“, „in“, „der“ …) are left out. Entries must contain every word; when
none does, the lists fall back to entries that contain some of them, ranked by how many
(``search_query(text, every_word=False)`` and ``word_queries``).
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery

CONFIG = "werkzeugkoffer"

# Idempotent, so that every app's migration can ensure it exists.
CONFIGURATION_SQL = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'werkzeugkoffer') THEN
        CREATE TEXT SEARCH CONFIGURATION werkzeugkoffer (COPY = german);
        ALTER TEXT SEARCH CONFIGURATION werkzeugkoffer
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, german_stem;
    END IF;
END
$$;
-- unaccent() is only STABLE; generated columns and indexes need an IMMUTABLE wrapper.
CREATE OR REPLACE FUNCTION wk_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));
"""

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
WORD = re.compile(r"\w+", re.UNICODE)
UMLAUT_SPELLINGS = [("ae", "ä"), ("oe", "ö"), ("ue", "ü")]

# Abbreviations people type, with the full word they stand for (both lower case).
ABBREVIATIONS = {
    "wg": "wohngemeinschaft",
    "mgh": "mehrgenerationenhaus",
    "asz": "altenservicezentrum",
    "qm": "quartiersmanagement",
}


def clean_query(raw):
    """Return the search text that will be used, and whether it had to be shortened or cleaned."""
    text = (raw or "").replace("\x00", " ")
    text = " ".join(text.split())
    changed = text != " ".join((raw or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        changed = True
    return text, changed


# German stop words: they never decide between results. After PostgreSQL's german list (its
# german_stem drops them, but only before accent folding, so „für“ slipped through as „fur“),
# kept here so that the search needs no dictionary files on a managed PostgreSQL; with the
# umlaut-free spellings people type and a few question words.
STOP_WORDS_TEXT = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch
    auf aus bei beim bin bis bist bzw da damit dann das dass dazu daß dein deine deinem deinen deiner
    deines dem den denn der derer des dessen die dies diese diesem diesen dieser dieses doch dort du
    durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etc
    etwas euch euer eure fuer für gegen gewesen gibt hab habe haben hat hatte hatten hier hin hinter ich
    ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene
    jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines koennen koennte können
    könnte man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir
    mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner
    seines sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst sowie ueber
    um und uns unser unsere unserem unseren unseres unter usw viel vom von vor waehrend wann war waren
    warst warum was weil weiter welche welchem welchen welcher welches wenn wer werde werden wie wieder
    will wir wird wirst wo wollen wollte wuerde wuerden während würde würden zu zum zur zwar zwischen
    über
"""
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())


def words(text):
    """The searchable words of text, lower case, without stop words."""
    found = [word.lower().replace("_", "") for word in WORD.findall(text) if word.strip("_")]
    return [word for word in found if word not in STOP_WORDS][:MAX_WORDS]


def without_words(text, removed):
    """text as typed without the run of searchable words removed (as words() gives them) and the stop words right
    before it: „Projekte in Rheinland-Pfalz“ without (rheinland, pfalz) is „Projekte“."""
    matches = list(WORD.finditer(text))
    forms = [match.group().lower().replace("_", "") for match in matches]
    searchable = [index for index, form in enumerate(forms) if form and form not in STOP_WORDS]
    for position in range(len(searchable) - len(removed) + 1):
        run = searchable[position : position + len(removed)]
        if tuple(forms[index] for index in run) == tuple(removed):
            first, last = run[0], run[-1]
            while first > 0 and forms[first - 1] in STOP_WORDS:
                first -= 1
            rest = text[: matches[first].start()] + text[matches[last].end() :]
            return " ".join(rest.split())
    return text


def _spellings(word):
    """The word itself plus the umlaut spelling for ae/oe/ue."""
    variants = [word]
    for plain, umlaut in UMLAUT_SPELLINGS:
        if plain in word:
            variants.append(word.replace(plain, umlaut))
    return variants


def _term(word):
    # Words contain only letters, digits and underscores (see WORD), so quoting is safe.
    return " | ".join(f"'{variant}':*" for variant in _spellings(word))


def _word_alternatives(word):
    """A word, its abbreviation expanded, or a compound split at a known abbreviation."""
    alternatives = [f"({_term(word)})"]
    if word in ABBREVIATIONS:
        alternatives.append(f"({_term(ABBREVIATIONS[word])})")
    for short, full in ABBREVIATIONS.items():
        if word.endswith(full) and len(word) > len(full):
            head = word[: -len(full)]
            alternatives.append(f"(({_term(head)}) & ({_term(short)} | {_term(full)}))")
    return " | ".join(alternatives)


def _phrase_alternatives(phrase):
    """A word's alternatives; for several words („betreutes Wohnen“, „Demenz-WG“) all of them, or the
    words written as one compound."""
    if len(phrase) == 1:
        return _word_alternatives(phrase[0])
    every = " & ".join(f"({_word_alternatives(word)})" for word in phrase)
    joined = "".join(ABBREVIATIONS.get(word, word) for word in phrase)
    return f"({every}) | ({_term(joined)})"


@dataclass(frozen=True)
class Unit:
    """One unit of a query: a word, or a run of words that forms a term of the synonym list or names a place.

    synonyms: the terms (as word tuples) the synonym list adds; place: the places.Place the words name.
    """

    words: tuple
    synonyms: tuple = ()
    place: object = None

    @property
    def source(self):
        """tsquery source for entries that contain the words, one of their synonyms, or the name of the place's
        region („NRW“ also finds „Nordrhein-Westfalen“)."""
        phrases = [self.words, *self.synonyms]
        if self.place is not None:
            named = [tuple(words(name)) for name in self.place.region_names]
            phrases += [phrase for phrase in dict.fromkeys(named) if phrase != self.words]
        if len(phrases) == 1:
            return _phrase_alternatives(self.words)
        return " | ".join(f"({_phrase_alternatives(phrase)})" for phrase in phrases if phrase)

    def query(self):
        return SearchQuery(self.source, config=CONFIG, search_type="raw")


def units(text, thesaurus=None, gazetteer=None):
    """The searchable words of text as units (see Unit): places first (gazetteer, places.Gazetteer), then the
    terms of the synonym list (thesaurus, synonyms.Thesaurus) among the other words, the longest first."""
    query_words = words(text)
    found, pending = [], []

    def flush():
        if thesaurus:
            found.extend(Unit(words, tuple(terms)) for words, terms in thesaurus.units(pending))
        else:
            found.extend(Unit((word,)) for word in pending)
        pending.clear()

    start = 0
    while start < len(query_words):
        length, place = gazetteer.find(query_words[start:]) if gazetteer else (0, None)
        if place is None:
            pending.append(query_words[start])
            start += 1
            continue
        flush()
        found.append(Unit(tuple(query_words[start : start + length]), place=place))
        start += length
    flush()
    return found


def join_units(parts, every_word=True):
    """tsquery source for entries with every unit of parts (or with one of them, every_word=False); the words
    of several units written as one compound count as well („Pflege WG“ finds „Pflegewohngemeinschaft“)."""
    if not parts:
        return ""
    query = (" & " if every_word else " | ").join(f"({unit.source})" for unit in parts)
    all_words = [word for unit in parts for word in unit.words]
    if len(all_words) > 1:
        joined = "".join(ABBREVIATIONS.get(word, word) for word in all_words)
        query = f"({query}) | ({_term(joined)})"
    return query


def tsquery_text(text, thesaurus=None, every_word=True, gazetteer=None):
    """Build tsquery source text for the words of text, or '' when nothing searchable remains.

    thesaurus (synonyms.Thesaurus) adds the editors' synonyms; without it only the words themselves count.
    Entries must contain every word (unit), or with every_word=False at least one of them. With a gazetteer,
    place names also find the names of their regions (the regions themselves are matched by the lists).
    """
    return join_units(units(text, thesaurus, gazetteer), every_word)


def search_query(text, thesaurus=None, every_word=True, gazetteer=None):
    """A SearchQuery for text (with the synonyms of thesaurus), or None when text holds nothing to search for
    (see tsquery_text)."""
    source = tsquery_text(text, thesaurus, every_word, gazetteer)
    if not source:
        return None
    return SearchQuery(source, config=CONFIG, search_type="raw")


def word_queries(text, thesaurus=None, gazetteer=None):
    """(words, SearchQuery) per searchable word of text – or per run of words that forms a term of the synonym
    list or names a place – to count how many of them an entry contains."""
    return [(unit.words, unit.query()) for unit in units(text, thesaurus, gazetteer)]


# Sentinels for highlighted words; replaced by <mark> after HTML-escaping the snippet.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_STOP = "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, MaxWords=35, MinWords=15, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


# --- Database triggers that keep the denormalised search and facet columns current ---

REGION_CLOSURE_SQL = """
-- Every region an entry applies to: nationwide means all regions; a Land brings
-- its Kreise and kreisfreie Städte, a Kreis brings its Land.
CREATE OR REPLACE FUNCTION wk_region_closure(region_ids bigint[], nationwide boolean) RETURNS integer[]
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE
        WHEN nationwide THEN (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM werkzeugkoffer_region)
        ELSE (
            SELECT coalesce(array_agg(DISTINCT related ORDER BY related), '{}')
            FROM werkzeugkoffer_region region,
                 LATERAL (
                     SELECT region.id
                     UNION ALL SELECT region.parent_id WHERE region.parent_id IS NOT NULL
                     UNION ALL SELECT child.id FROM werkzeugkoffer_region child WHERE child.parent_id = region.id
                 ) AS closure(related)
            WHERE region.id = ANY(region_ids)
        )
    END;
"""


def content_type_sql(app_label, model):
    return f"(SELECT id FROM django_content_type WHERE app_label = '{app_label}' AND model = '{model}')"


def tag_ids_sql(app_label, model, id_sql):
    return (
        "(SELECT coalesce(array_agg(tag_id ORDER BY tag_id), '{}') FROM taggit_taggeditem "
        f"WHERE content_type_id = {content_type_sql(app_label, model)} AND object_id = {id_sql})"
    )


def tag_names_sql(app_label, model, id_sql):
    return (
        "(SELECT string_agg(tag.name, ' ') FROM taggit_taggeditem item JOIN taggit_tag tag ON tag.id = item.tag_id "
        f"WHERE item.content_type_id = {content_type_sql(app_label, model)} AND item.object_id = {id_sql})"
    )


def related_ids_sql(through, own_column, other_column, id_sql):
    return (
        f"(SELECT coalesce(array_agg({other_column} ORDER BY {other_column}), '{{}}') "
        f"FROM {through} WHERE {own_column} = {id_sql})"
    )


def related_names_sql(through, own_column, other_column, other_table, id_sql):
    return (
        f"(SELECT string_agg(other.name, ' ') FROM {through} link JOIN {other_table} other "
        f"ON other.id = link.{other_column} WHERE link.{own_column} = {id_sql})"
    )


def refresh_function_sql(table, assignments):
    """The function of table's refresh trigger: it recomputes the given NEW.column := expression pairs."""
    body = "\n".join(f"    NEW.{column} := {expression};" for column, expression in assignments.items())
    return f"""
CREATE OR REPLACE FUNCTION {table}_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{body}
    RETURN NEW;
END
$$;
"""


def refresh_trigger_sql(table, assignments):
    """A BEFORE INSERT/UPDATE trigger on table that recomputes the given NEW.column := expression pairs."""
    return (
        refresh_function_sql(table, assignments)
        + f"""CREATE TRIGGER {table}_refresh BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_refresh();
"""
    )


def touch_trigger_sql(name, source_table, target_table, ids_sql, events="INSERT OR UPDATE OR DELETE"):
    """An AFTER trigger on source_table that re-saves the target rows selected by ids_sql.

    ids_sql is a SELECT of target ids that may refer to the changed row as ``src``;
    re-saving fires the target's refresh trigger.
    """
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src record;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        src := OLD;
        UPDATE {target_table} SET id = id WHERE id IN ({ids_sql});
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        src := NEW;
        UPDATE {target_table} SET id = id WHERE id IN ({ids_sql});
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER {name} AFTER {events} ON {source_table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""


def drop_triggers_sql(*pairs):
    """Reverse SQL for the triggers above: (trigger name, table) pairs."""
    return "\n".join(
        f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();" for name, table in pairs
    )


def highlight(snippet):
    """HTML for a ts_headline snippet: escaped text with <mark> around matches."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    if not snippet:
        return ""
    html = escape(snippet).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)


def catalogue_assignments(app_label, model, relations, extra_assignments, extra_names):
    """The NEW.column := expression pairs of one catalogue's refresh trigger (see catalogue_triggers)."""
    assignments = {
        facet: related_ids_sql(through, own, other, "NEW.id") for through, own, other, _table, facet in relations
    }
    assignments["facet_tags"] = tag_ids_sql(app_label, model, "NEW.id")
    assignments.update(extra_assignments)
    names = [tag_names_sql(app_label, model, "NEW.id")]
    names += [
        related_names_sql(through, own, other, other_table, "NEW.id")
        for through, own, other, other_table, _ in relations
    ]
    names += extra_names
    assignments["search_document"] = f"concat_ws(' ', {', '.join(names)})"
    return assignments


def choice_labels_sql(column, labels):
    """The labels of the choices stored in the array column, space-separated, for the search document."""
    cases = " ".join(f"WHEN '{value}' THEN '{label}'" for value, label in labels.items())
    return f"(SELECT string_agg(CASE choice {cases} END, ' ') FROM unnest({column}) AS choice)"


def catalogue_triggers(app_label, model, relations, extra_assignments, extra_names, region_touch_sql):
    """Forward and reverse SQL for one catalogue's refresh and touch triggers.

    relations: (through table, own column, other column, other table, facet column) per many-to-many
    relation whose ids go into the facet column and whose names go into the search document.
    extra_assignments: further NEW.column := expression pairs (e.g. region closures).
    extra_names: SQL expressions of further names for the search document.
    region_touch_sql: SELECT of this catalogue's ids affected when the region ``src`` is renamed (None for a
    catalogue without regions).
    """
    table = f"{app_label}_{model}"
    content_type = content_type_sql(app_label, model)
    assignments = catalogue_assignments(app_label, model, relations, extra_assignments, extra_names)

    touches = [
        (
            f"{model}_touch_tagged",
            "taggit_taggeditem",
            f"SELECT src.object_id WHERE src.content_type_id = {content_type}",
            None,
        ),
        (
            f"{model}_touch_tag_name",
            "taggit_tag",
            f"SELECT object_id FROM taggit_taggeditem WHERE tag_id = src.id AND content_type_id = {content_type}",
            "UPDATE OF name",
        ),
    ]
    if region_touch_sql:
        touches.append((f"{model}_touch_region_name", "werkzeugkoffer_region", region_touch_sql, "UPDATE OF name"))
    for through, own, other, other_table, _facet in relations:
        short = through.removeprefix(f"{table}_")
        touches.append((f"{model}_touch_{short}", through, f"SELECT src.{own}", None))
        touches.append(
            (
                f"{model}_touch_{short}_name",
                other_table,
                f"SELECT {own} FROM {through} WHERE {other} = src.id",
                "UPDATE OF name",
            )
        )
    forward = refresh_trigger_sql(table, assignments) + "".join(
        touch_trigger_sql(name, source, table, ids, events or "INSERT OR UPDATE OR DELETE")
        for name, source, ids, events in touches
    )
    # Fill the new columns of existing rows.
    forward += f"UPDATE {table} SET id = id;"
    reverse = drop_triggers_sql((f"{table}_refresh", table), *[(name, source) for name, source, _ids, _ev in touches])
    return forward, reverse
