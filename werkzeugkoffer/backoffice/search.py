"""One search over everything the back office edits, at /admin/suche/?q=…: every catalogue the user may view, drafts
and archived entries included, plus the legal pages and the taxonomies.

One query per content type: the catalogues with a full-text column use the public search's query (every word as a
prefix, umlauts, abbreviations) or the title containing the text; events, news, pages and taxonomies the title alone.
Each type shows its best PER_TYPE hits and the number of all of them, counted in the same query.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchRank
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q, Window
from django.urls import reverse
from django.utils.http import urlencode

from werkzeugkoffer.backoffice.dashboard import catalogues
from werkzeugkoffer.catalogue import search
from werkzeugkoffer.models import FieldOfAction, Page, TargetGroup

PER_TYPE = 10


def searched_models():
    """The content types of the back-office search, in the order of the results page."""
    return [*catalogues(), Page, FieldOfAction, TargetGroup]


def has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def title_field(model):
    return "title" if has_field(model, "title") else "name"


@dataclass
class Hit:
    entry: object
    title: str
    status: str
    updated_at: object
    admin_url: str


@dataclass
class Section:
    label: str
    kind: str
    count: int
    hits: list
    changelist_url: str


def matches(model, text):
    """The best PER_TYPE entries of model for text, each annotated with the number of all matches (`found`)."""
    title = title_field(model)
    condition = Q(**{f"{title}__icontains": text})
    order = ["-updated_at" if has_field(model, "updated_at") else title, "pk"]
    entries = model._default_manager.all()
    query = search.search_query(text) if has_field(model, "search_vector") else None
    if query is not None:
        condition |= Q(search_vector=query)
        entries = entries.annotate(rank=SearchRank(F("search_vector"), query))
        order.insert(0, "-rank")
    return entries.filter(condition).annotate(found=Window(Count("pk"))).order_by(*order)[:PER_TYPE]


def section(model, text):
    opts = model._meta
    entries = list(matches(model, text))
    hits = [
        Hit(
            entry=entry,
            title=str(entry),
            status=entry.get_status_display() if has_field(model, "status") else "",
            updated_at=getattr(entry, "updated_at", None),
            admin_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk]),
        )
        for entry in entries
    ]
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return Section(
        label=str(opts.verbose_name_plural),
        kind=str(opts.verbose_name),
        count=entries[0].found if entries else 0,
        hits=hits,
        changelist_url=f"{changelist}?{urlencode({'q': text})}",
    )


def backoffice_search(user, raw_query):
    """The context of the results page: the cleaned query, German notices and one section per type user may view."""
    text, shortened = search.clean_query(raw_query)
    notices = []
    if shortened:
        notices.append(
            f"Ihr Suchbegriff war zu lang oder enthielt ungültige Zeichen; gesucht wurde nach den ersten "
            f"{len(text)} Zeichen."
        )
    models = [
        model for model in searched_models() if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    sections = []
    if text:
        if not any(word.strip("_") for word in search.WORD.findall(text)):
            notices.append("Ihr Suchbegriff enthält keine Wörter; gesucht wurde nur in den Titeln.")
        sections = [section(model, text) for model in models]
    return {
        "query": text,
        "notices": notices,
        "sections": [found for found in sections if found.count],
        "total": sum(found.count for found in sections),
        "searched_types": [str(model._meta.verbose_name_plural) for model in models],
        "per_type": PER_TYPE,
    }
