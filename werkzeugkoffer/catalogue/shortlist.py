"""The Merkliste (/merkliste/) and the comparison of its funding programmes and practice examples.

The list lives in the address only – `?e=foerderprogramme:slug&e=praxisbeispiele:slug`, in the order the entries
were added – so that it can be bookmarked and sent to colleagues, and the server keeps nothing: no session, no
cookie. Without JavaScript, every page carries a hidden GET form (templates/includes/merkliste_form.html) holding the
`e` values of its own address; a „merken“ button submits it with one more value. The Merkliste links to the lists
and entries with its `e` values, so the list travels on from there. static/js/merkliste.js may also keep it in the
browser's storage, but only after a click on „merken“.
"""

import re
from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.catalogue import exports

PARAMETER = "e"
# Chosen entries to compare, a subset of the list.
COMPARE_PARAMETER = "v"
MAX_ENTRIES = 50
MAX_COMPARED = 4
UNKNOWN = "nicht angegeben"

# The catalogue's address prefix names it in the list: readable, and the same as in the catalogue's own URLs.
KINDS = {
    "praxisbeispiele": (PracticeExample, "Praxisbeispiel"),
    "foerderprogramme": (FundingProgramme, "Förderprogramm"),
    "beratung": (Contact, "Beratung"),
    "handlungsempfehlungen": (Recommendation, "Handlungsempfehlung"),
}
KEY = re.compile(r"^(?P<kind>[a-z]+):(?P<slug>[-a-zA-Z0-9_]{1,120})$")


@dataclass
class Entry:
    key: str
    kind: str
    label: str
    obj: object

    @property
    def title(self):
        return str(self.obj)


def clean_keys(values, notices=None):
    """The well-formed keys of values in their first order, without repeats, at most MAX_ENTRIES."""
    keys = []
    for value in values:
        value = value.strip()
        match = KEY.match(value)
        if not match or match["kind"] not in KINDS:
            if notices is not None:
                notices.append(f"„{value[:80]}“ ist kein Eintrag des Werkzeugkoffers und wurde nicht übernommen.")
            continue
        if value in keys:
            continue
        if len(keys) == MAX_ENTRIES:
            if notices is not None:
                notices.append(
                    f"Die Merkliste fasst höchstens {MAX_ENTRIES} Einträge. Weitere wurden nicht übernommen – "
                    "entfernen Sie Einträge, die Sie nicht mehr brauchen."
                )
            break
        keys.append(value)
    return keys


def read(query_dict):
    """The entries named in query_dict, in their order, and German notices about the values that were dropped."""
    notices = []
    keys = clean_keys(query_dict.getlist(PARAMETER), notices)
    slugs = {kind: [] for kind in KINDS}
    for key in keys:
        kind, slug = key.split(":", 1)
        slugs[kind].append(slug)
    found = {}
    for kind, kind_slugs in slugs.items():
        if not kind_slugs:
            continue
        model, _label = KINDS[kind]
        queryset = model.objects.published().filter(slug__in=kind_slugs)
        if model is FundingProgramme:
            queryset = queryset.select_related("contact").prefetch_related("regions")
        elif model is PracticeExample:
            queryset = queryset.select_related("state", "district").prefetch_related(
                "fields_of_action", "target_groups"
            )
        for obj in queryset:
            found[f"{kind}:{obj.slug}"] = obj
    entries = []
    for key in keys:
        if key not in found:
            notices.append(
                f"Den Eintrag „{key.split(':', 1)[1][:80]}“ gibt es nicht oder nicht mehr; er wurde von der "
                "Merkliste entfernt."
            )
            continue
        kind = key.split(":", 1)[0]
        entries.append(Entry(key, kind, KINDS[kind][1], found[key]))
    return entries, notices


def entries_from(query_dict):
    """The Merkliste's published entries in their order (for exports and the like); dropped values are left out."""
    return read(query_dict)[0]


def query_for(keys, **extra):
    """The query string, with its „?“, of a Merkliste holding keys."""
    query = QueryDict(mutable=True)
    query.setlist(PARAMETER, list(keys))
    for name, values in extra.items():
        query.setlist(name, values)
    encoded = query.urlencode(safe=":")
    return f"?{encoded}" if encoded else ""


def merkliste(request):
    entries, notices = read(request.GET)
    keys = [entry.key for entry in entries]
    for entry in entries:
        entry.remove_query = query_for([key for key in keys if key != entry.key])
    comparable = {kind: [e for e in entries if e.kind == kind] for kind in ("foerderprogramme", "praxisbeispiele")}
    return render(
        request,
        "werkzeugkoffer/merkliste.html",
        {
            "entries": entries,
            "notices": notices,
            "keys": keys,
            "list_query": query_for(keys),
            "share_url": request.build_absolute_uri(request.path + query_for(keys)),
            "programmes": comparable["foerderprogramme"],
            "examples": comparable["praxisbeispiele"],
            "max_entries": MAX_ENTRIES,
            "max_compared": MAX_COMPARED,
        },
    )


def merkliste_export(request, file_format):
    """The Merkliste's entries as CSV, Excel or PDF (catalogue/exports.py): one part per catalogue, in the list's
    order."""
    if file_format not in exports.FORMATS:
        raise Http404(exports.UNKNOWN_FORMAT)
    entries, notices = read(request.GET)
    keys = [entry.key for entry in entries]
    sections = []
    # One part per catalogue, in the order the list first names one of its entries.
    for kind in dict.fromkeys(entry.kind for entry in entries):
        model = KINDS[kind][0]
        slugs = [entry.obj.slug for entry in entries if entry.kind == kind]
        if slugs:
            found = {obj.slug: obj for obj in exports.CATALOGUES[model].queryset().filter(slug__in=slugs)}
            sections.append(exports.section(request, model, [found[slug] for slug in slugs if slug in found]))
    return exports.export_entries(
        request,
        file_format,
        sections,
        title="Merkliste – Auszug aus dem Werkzeugkoffer",
        notices=notices,
        filename="merkliste",
        url=request.build_absolute_uri(reverse("merkliste") + query_for(keys)),
    )


# Where the long row labels may break in the narrow first column of a phone (soft hyphens): Chromium on Linux and
# some other browsers do not hyphenate German with CSS alone.
BREAKS = {
    "Antragsberechtigte": "Antrags\u00adberechtigte",
    "Rechtsgrundlage": "Rechts\u00adgrundlage",
    "Ansprechpartner": "Ansprech\u00adpartner",
    "Quartiersgröße": "Quartiers\u00adgröße",
    "Quartiersmanagement": "Quartiers\u00admanagement",
    "Handlungsfelder": "Handlungs\u00adfelder",
    "Fördergebiet": "Förder\u00adgebiet",
    "Förderebene": "Förder\u00adebene",
    "Fördergeber": "Förder\u00adgeber",
}


@dataclass
class Row:
    label: str
    values: list

    @property
    def differs(self):
        return len(self.values) > 1 and len(set(self.values)) > 1

    @property
    def display_label(self):
        return " ".join(BREAKS.get(word, word) for word in self.label.split(" "))


def text_or_unknown(value):
    value = (value or "").strip() if isinstance(value, str) else value
    return value if value else UNKNOWN


def programme_rows(programmes):
    def region(programme):
        if programme.nationwide:
            return "bundesweit"
        return ", ".join(region.name for region in programme.regions.all())

    def applicants(programme):
        labels = ", ".join(programme.applicant_labels())
        return "; ".join(part for part in (labels, programme.applicants_note) if part)

    def deadline(programme):
        text = render_to_string("funding/includes/deadline.html", {"programme": programme, "with_start": True})
        return " – ".join(part for part in (text.strip(), programme.deadline_note) if part)

    def contact(programme):
        contact = programme.contact
        return contact.name if contact and contact.is_published() else ""

    fields = [
        ("Fördergeber", lambda p: p.funder),
        ("Förderebene", lambda p: p.get_level_display()),
        ("Förderart", lambda p: p.get_funding_type_display()),
        ("Antragsberechtigte", applicants),
        ("Fördergebiet", region),
        ("Förderhöhe", lambda p: p.amount_text),
        ("Antragsfrist und Status", deadline),
        ("Rechtsgrundlage", lambda p: p.legal_basis),
        ("Ansprechpartner", contact),
    ]
    return [Row(label, [text_or_unknown(get(p)) for p in programmes]) for label, get in fields]


def example_rows(examples):
    def place(example):
        parts = [example.place, example.district.name if example.district else "", example.state.name]
        return ", ".join(part for part in parts if part)

    def inhabitants(example):
        return f"{example.inhabitants:,}".replace(",", ".") if example.inhabitants else ""

    fields = [
        ("Ort", place),
        ("Raumtyp", lambda e: e.get_area_type_display()),
        ("Quartiersgröße (Einwohner)", inhabitants),
        ("Träger", lambda e: e.operator_name),
        ("Laufzeit", lambda e: e.period_label()),
        ("Handlungsfelder", lambda e: ", ".join(field.name for field in e.fields_of_action.all())),
        ("Zielgruppen", lambda e: ", ".join(group.name for group in e.target_groups.all())),
        ("Finanzierung", lambda e: e.financing),
        ("Personal Quartiersmanagement", lambda e: e.staffing),
        ("Verstetigung", lambda e: e.get_continuation_display()),
    ]
    return [Row(label, [text_or_unknown(get(e)) for e in examples]) for label, get in fields]


def comparison(request):
    entries, notices = read(request.GET)
    keys = [entry.key for entry in entries]
    chosen = set(clean_keys(request.GET.getlist(COMPARE_PARAMETER)))
    tables = []
    for kind, title, rows_for in (
        ("foerderprogramme", "Förderprogramme im Vergleich", programme_rows),
        ("praxisbeispiele", "Praxisbeispiele im Vergleich", example_rows),
    ):
        of_kind = [entry for entry in entries if entry.kind == kind]
        # Without a choice, the first ones of the list are compared.
        compared = [entry for entry in of_kind if entry.key in chosen] if chosen else of_kind
        if len(compared) > MAX_COMPARED:
            notices.append(
                f"Verglichen werden höchstens {MAX_COMPARED} Einträge nebeneinander; gezeigt werden die ersten "
                f"{MAX_COMPARED} von {len(compared)}. Wählen Sie auf der Merkliste aus, welche Sie vergleichen möchten."
            )
            compared = compared[:MAX_COMPARED]
        if compared:
            tables.append(
                {
                    "kind": kind,
                    "title": title,
                    "entries": compared,
                    "rows": rows_for([entry.obj for entry in compared]),
                }
            )
    return render(
        request,
        "werkzeugkoffer/merkliste_vergleich.html",
        {
            "tables": tables,
            "notices": notices,
            "list_query": query_for(keys),
            "share_url": request.build_absolute_uri(request.get_full_path()),
        },
    )
