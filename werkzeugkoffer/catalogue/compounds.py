"""The later parts of German compound words, so that the search finds a compound by them.

The search matches word beginnings: „Pflege“ finds „Pflegewohngemeinschaft“, but „Wohngemeinschaft“ would not.
So when an entry is saved, every long word of its texts is split with charsplit-fst (a Rust port of Don
Tuggener's CharSplit, MIT/Apache-2.0, with its model of German compounds built in: no dictionary files, nothing
to install in PostgreSQL) and the later parts are stored in the entry's ``search_parts`` column, which the
database trigger adds to the search document: „Pflegewohngemeinschaft“ adds „Wohngemeinschaft Gemeinschaft“,
„Landesberatungsstelle“ adds „Beratungsstelle Stelle“.
"""

import functools
import re

# Words shorter than this are rarely compounds worth splitting.
MIN_LENGTH = 8
# Parts shorter than this („Haus“, „Land“ are kept, „Amt“, „Men|schen“ are not) match too many words as prefixes.
MIN_PART = 4
# CharSplit's score of the best split; below it the word is taken as no compound. Chosen on the words of the
# seed content: „Mehrgenerationen|haus“ scores -0.60 and „Pflege|bedürftige“ -0.57, wrong splits such as
# „Begegnung|scafé“ below -1.
MIN_SCORE = -0.7
# First parts that are particles, not words: „Unter|nehmen“, „Ange|bote“ are no compounds.
PARTICLES = frozenset(["unter", "über", "ueber", "gegen", "hinter", "durch", "ange", "wider", "zusammen", "voraus"])
# Endings that CharSplit sometimes cuts off as if they were words („Gemein|schaft“, „Koordi|nation“).
SUFFIXES = frozenset(["schaft", "schaften", "nation", "nationen", "heit", "heiten", "keit", "keiten", "ung", "ungen"])
WORD = re.compile(r"[^\W\d_]+")
TAG = re.compile(r"<[^>]*>")


@functools.cache
def _splitter():
    from charsplit_fst import Splitter

    return Splitter()


@functools.lru_cache(maxsize=65536)
def later_parts(word):
    """The later parts of word if it is a compound, longest first: „Pflegewohngemeinschaft“ →
    („Wohngemeinschaft“, „Gemeinschaft“); () otherwise. Only the best split of each word is taken, so
    „Dorfgemeinschafts|haus“ gives „Haus“ but not „Gemeinschaftshaus“."""
    if len(word) < MIN_LENGTH:
        return ()
    splits = _splitter().split_compound(word)
    if not splits:
        return ()
    score, head, rest = splits[0]
    head, rest = head.lower(), rest.lower()
    if score < MIN_SCORE or len(head) < MIN_PART or head in PARTICLES or len(rest) < MIN_PART or rest in SUFFIXES:
        return ()
    return (rest, *later_parts(rest))


def search_parts(*texts):
    """The later parts of the compounds in texts (HTML tags ignored), each once, space-separated. Only nouns,
    which German writes with a capital, are split: verbs and adjectives („ermöglicht“) split into nonsense."""
    parts = {}
    for text in texts:
        for word in WORD.findall(TAG.sub(" ", text or "")):
            if not word[0].isupper() or word.isupper():
                continue
            for part in later_parts(word.lower()):
                parts.setdefault(part, None)
    return " ".join(parts)


def fill_search_parts(model, sources, batch_size=2000):
    """Compute search_parts for every row of model (also a migration's historical model) from its sources."""
    rows = model.objects.only("pk", *sources).order_by("pk")
    changed = []
    for row in rows.iterator(chunk_size=batch_size):
        row.search_parts = search_parts(*(getattr(row, name) for name in sources))
        if row.search_parts:
            changed.append(row)
        if len(changed) >= batch_size:
            model.objects.bulk_update(changed, ["search_parts"])
            changed = []
    model.objects.bulk_update(changed, ["search_parts"])
