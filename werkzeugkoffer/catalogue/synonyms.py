"""The synonym list that editors maintain, as the search reads it: which words of a query also find which terms.

The list is applied when the query is built, so no entry is indexed again when it changes. Each process keeps
it for one content version: every change of the list bumps that version (a database trigger, as for public
content), and public requests read the version anyway, so a search reads the list again only after a change.
"""

from dataclasses import dataclass, field

from werkzeugkoffer.models import Synonym, synonym_key, synonym_word_key, synonym_words


@dataclass
class Thesaurus:
    """Terms (as keys, see synonym_key) with the terms they also find (as the words of each)."""

    finds: dict = field(default_factory=dict)

    @classmethod
    def from_synonyms(cls, synonyms):
        thesaurus = cls()
        for synonym in synonyms:
            for searched, found in synonym.expansions():
                key = synonym_key(searched)
                also = thesaurus.finds.setdefault(key, {})
                for term in found:
                    if synonym_key(term) != key:
                        also[tuple(synonym_words(term))] = None
        return thesaurus

    @property
    def longest(self):
        return max(map(len, self.finds), default=0)

    def units(self, query_words):
        """The query's words in order as (words, terms they also find): a run of words that forms a term of the
        list is one unit („betreutes Wohnen“), the longest first; every other word is a unit of its own."""
        keys = [synonym_word_key(word) for word in query_words]
        units, start, longest = [], 0, self.longest
        while start < len(query_words):
            for length in range(min(longest, len(query_words) - start), 0, -1):
                found = self.finds.get(tuple(keys[start : start + length]))
                if found:
                    units.append((tuple(query_words[start : start + length]), list(found)))
                    start += length
                    break
            else:
                units.append(((query_words[start],), []))
                start += 1
        return units


# The list of the newest content version this process has seen, as filters.vocabulary keeps the taxonomies.
_loaded = {}


def for_request(request):
    """The synonym list as of the request's content version, read once per version and process.

    The content version comes from the conditional-request middleware; without it (signed-in staff)
    the list is read afresh.
    """
    version = getattr(request, "content_version", None)
    thesaurus = _loaded.get(version) if version is not None else None
    if thesaurus is None:
        thesaurus = Thesaurus.from_synonyms(Synonym.objects.all())
        if version is not None:
            _loaded.clear()
            _loaded[version] = thesaurus
    return thesaurus
