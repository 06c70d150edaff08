"""Exports of a catalogue's list (/foerderprogramme/export/csv/?…) and of hand-picked entries (the Merkliste) as CSV,
Excel and PDF: the facts of the result cards and each entry's address, for every matching entry in the list's order.

The PDF is meant for a council meeting: title, date, the active filters in words, one section per entry, page
numbers and a source line, set in Fira Sans (the KERN UX typeface) from the PyPI package fontpkg-fira-sans.
"""

import csv
import functools
import html
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.catalogue.listing import SEARCH_COLUMNS, url_with
from werkzeugkoffer.catalogue.maps import matching

# At most this many entries per file; the file says where it was cut. More help no council, and fpdf2 takes about
# 8 ms per entry of a PDF (2,000 would be some 700 pages and 20 s, near the server's timeout).
MAX_ENTRIES = {"csv": 2000, "xlsx": 2000, "pdf": 300}
SITE_NAME = "Werkzeugkoffer Quartiersentwicklung"
URL_HEADER = "Adresse im Werkzeugkoffer"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# By the file_format of the address: media type and file extension.
UNKNOWN_FORMAT = "Dieses Dateiformat gibt es nicht. Möglich sind CSV, Excel (xlsx) und PDF."
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "pdf": "application/pdf"}
# A cell starting with one of these is a formula to Excel and LibreOffice („CSV injection“); the same rule as the back
# office's werkzeugkoffer/backoffice/formats.py, which the public catalogue may not import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # entry -> str, as the result card says it


@dataclass(frozen=True)
class Catalogue:
    """What an export of one catalogue shows: its name, its entries and the columns of its result cards."""

    model: type
    list_view: str  # the URL name of its list
    slug: str  # as in its public address, and the start of the file name („foerderprogramme-2026-12-04.csv“)
    plural: str
    columns: tuple  # of Column; the first is the entry's title, the address follows the last
    related: tuple = ()  # for select_related, read by the columns

    def queryset(self):
        """The published entries, read as the columns need them (the Merkliste narrows it to its own)."""
        entries = self.model.objects.published().defer(*SEARCH_COLUMNS)
        return entries.select_related(*self.related) if self.related else entries


def _joined(labels, empty=""):
    return ", ".join(labels) if labels else empty


@functools.cache
def _deadline_template():
    from django.template.loader import get_template

    return get_template("funding/includes/deadline.html")


def _deadline(programme):
    # The card's own wording („laufend · offen“, „Programm beendet – keine neuen Anträge“), never a second version.
    return html.unescape(_deadline_template().render({"programme": programme})).strip()


CATALOGUES = {
    PracticeExample: Catalogue(
        PracticeExample,
        "projects:list",
        "praxisbeispiele",
        "Praxisbeispiele",
        (
            Column("Titel", lambda entry: entry.title),
            Column("Ort", lambda entry: entry.place),
            Column("Kreis", lambda entry: entry.district.name if entry.district else ""),
            Column("Bundesland", lambda entry: entry.state.name if entry.state else ""),
            Column("Laufzeit", lambda entry: entry.running_label()),
            Column("Kurzbeschreibung", lambda entry: entry.teaser),
        ),
        related=("state", "district"),
    ),
    FundingProgramme: Catalogue(
        FundingProgramme,
        "funding:list",
        "foerderprogramme",
        "Förderprogramme",
        (
            Column("Titel", lambda entry: entry.title),
            Column("Fördergeber", lambda entry: entry.funder),
            Column("Förderebene", lambda entry: entry.get_level_display()),
            Column("Förderart", lambda entry: entry.get_funding_type_display()),
            Column(
                "Antragsberechtigte",
                lambda entry: _joined(entry.applicant_labels(), "nicht angegeben – bitte beim Fördergeber erfragen"),
            ),
            Column("Antragsfrist", _deadline),
            Column("Kurzbeschreibung", lambda entry: entry.summary),
        ),
    ),
    Contact: Catalogue(
        Contact,
        "contacts:list",
        "beratung",
        "Beratungsstellen",
        (
            Column("Name", lambda entry: entry.name),
            Column("Art", lambda entry: entry.get_kind_display()),
            Column("Ort", lambda entry: entry.town),
            Column("Bundesweit", lambda entry: "bundesweit" if entry.nationwide else ""),
            Column("Beschreibung", lambda entry: entry.description),
        ),
    ),
    Recommendation: Catalogue(
        Recommendation,
        "guidance:list",
        "handlungsempfehlungen",
        "Handlungsempfehlungen",
        (
            Column("Titel", lambda entry: entry.title),
            Column("Art", lambda entry: entry.get_kind_display()),
            Column("Für wen", lambda entry: _joined(entry.audience_labels())),
            Column("Projektphase", lambda entry: _joined(entry.phase_labels())),
            Column("Kurzbeschreibung", lambda entry: entry.teaser),
        ),
    ),
}


@dataclass
class Section:
    """The entries of one catalogue in an export, as rows of text."""

    catalogue: Catalogue
    rows: list  # of lists of str: the columns' values, then the entry's address
    cut: int = 0  # how many more entries matched than the export holds

    @property
    def headers(self):
        return [column.header for column in self.catalogue.columns] + [URL_HEADER]

    @property
    def cut_notice(self):
        if not self.cut:
            return ""
        return (
            f"Gekürzt: Die Liste umfasst {len(self.rows) + self.cut} Einträge; exportiert werden die ersten "
            f"{len(self.rows)}. Bitte grenzen Sie die Liste mit Filtern weiter ein."
        )


def section(request, model, entries, cut=0):
    """A Section of the entries of model (read with CATALOGUES[model].queryset()), in their order."""
    catalogue = CATALOGUES[model]
    rows = [
        [str(column.value(entry) or "") for column in catalogue.columns]
        + [request.build_absolute_uri(entry.get_absolute_url())]
        for entry in entries
    ]
    return Section(catalogue, rows, cut)


def export_entries(request, file_format, sections, *, title, filters=None, notices=(), filename, url=""):
    """The response with sections (Section, one per catalogue) as file_format ("csv", "xlsx", "pdf"), named
    filename plus the date and its extension. filters and notices are sentences that say what the entries were
    chosen by (filters None: chosen by hand, as on the Merkliste – no line „Aktive Filter“); url is the page they
    come from (the address of the request when empty).

    The Merkliste calls this with its own entries: section(request, Model, entries) for each catalogue.
    """
    if file_format not in FORMATS:
        raise Http404(UNKNOWN_FORMAT)
    today = timezone.localdate()
    url = url or request.build_absolute_uri()
    if file_format == "csv":
        content = as_csv(sections)
    elif file_format == "xlsx":
        content = as_xlsx(sections, title, filters, notices, url, today)
    else:
        content = as_pdf(sections, title, filters, notices, url, today)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}-{today.isoformat()}.{file_format}"
    )
    # A file of search results is no page for search engines.
    response["X-Robots-Tag"] = "noindex"
    return response


def list_export(request, file_format, model, make_listing):
    """All entries of the list that make_listing(request) gives (the app's *_listing), on every page and in its order,
    at most MAX_ENTRIES of file_format, as file_format."""
    if file_format not in FORMATS:
        raise Http404(UNKNOWN_FORMAT)
    # An export has no pages: without the list's page, a page past the end is no reason for a notice in the file.
    request.GET = request.GET.copy()
    request.GET.pop("page", None)
    # Nor the Merkliste („e“, see shortlist.py), which travels beside the filters without being one.
    request.GET.pop("e", None)
    listing = make_listing(request)
    catalogue = CATALOGUES[model]
    limit = MAX_ENTRIES[file_format]
    entries = list(matching(request, listing, catalogue.queryset()).order_by(*listing.ordering)[: limit + 1])
    cut = listing.total - limit if len(entries) > limit else 0
    filters = [chip.label for chip in listing.chips]
    if listing.defaults_in_effect:
        filters.append(f"Voreinstellung: {'; '.join(listing.defaults_in_effect)}")
    return export_entries(
        request,
        file_format,
        [section(request, model, entries[:limit], cut)],
        title=f"{catalogue.plural} – Auszug aus dem Werkzeugkoffer",
        filters=filters,
        notices=listing.notices,
        filename=catalogue.slug,
        # The list itself, which shows the same entries and can be filtered further, rather than the file's address.
        url=request.build_absolute_uri(url_with(request.GET, reverse(catalogue.list_view))),
    )


def cell(value):
    """value as text that no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def as_csv(sections):
    """CSV as German Excel opens it with a double click: UTF-8 with byte order mark, semicolons, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, part in enumerate(sections):
        if len(sections) > 1:
            # Several catalogues have different columns: each gets its name and header row.
            writer.writerows([[]] * bool(index) + [[part.catalogue.plural]])
        writer.writerow(part.headers)
        writer.writerows([cell(value) for value in row] for row in part.rows)
        if part.cut:
            writer.writerow([part.cut_notice])
    return "\ufeff" + out.getvalue()


def as_xlsx(sections, title, filters, notices, url, today):
    """One sheet per catalogue with a header row to filter by, and a sheet „Angaben“ that says what the file holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for part in sections:
        sheet = book.create_sheet(part.catalogue.plural[:31])
        sheet.append(part.headers)
        for row in part.rows:
            sheet.append(row)
            for item in sheet[sheet.max_row]:
                # Stored as text: never run as a formula, whatever an entry's text starts with.
                item.data_type = "s"
        for item in sheet[1]:
            item.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(part.headers, start=1):
            wide = header in ("Kurzbeschreibung", "Beschreibung", URL_HEADER)
            sheet.column_dimensions[get_column_letter(index)].width = 60 if wide else 24
            if wide:
                for (item,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    item.alignment = Alignment(wrap_text=True, vertical="top")
        if part.cut:
            sheet.append([part.cut_notice])
    about = book.create_sheet("Angaben")
    for line in about_lines(title, filters, notices, url, today):
        about.append([line])
    about.column_dimensions["A"].width = 120
    about["A1"].font = Font(bold=True, size=14)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def about_lines(title, filters, notices, url, today):
    """What the file holds, in sentences: title, date, filters, notices and source."""
    return [
        title,
        f"Stand: {formats.date_format(today, 'j. F Y')}",
        *([f"Aktive Filter: {'; '.join(filters) or 'keine'}"] if filters is not None else []),
        *notices,
        f"Quelle: {SITE_NAME}, {url}",
    ]


@functools.cache
def _font_files():
    from fontpkg_fira_sans import ROOT

    return {style: str(ROOT / "files" / f"FiraSans-{name}.ttf") for style, name in (("", "Regular"), ("B", "Bold"))}


def as_pdf(sections, title, filters, notices, url, today):
    from fpdf import FPDF

    date = formats.date_format(today, "j. F Y")

    class Document(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font("Fira Sans", size=8)
            self.set_text_color(80)
            self.cell(0, 4, f"Quelle: {SITE_NAME}, Stand {date}", new_x="LMARGIN", new_y="NEXT", align="L")
            self.cell(0, 4, f"Seite {self.page_no()} von {{nb}}", align="R")

    pdf = Document(format="A4")
    for style, path in _font_files().items():
        pdf.add_font("Fira Sans", style, path)
    pdf.set_title(title)
    pdf.set_lang("de-DE")
    pdf.set_creator(SITE_NAME)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("Fira Sans", "B", 18)
    pdf.multi_cell(width, 8, title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)
    pdf.set_font("Fira Sans", size=10)
    pdf.set_text_color(60)
    counts = [f"{len(part.rows) + part.cut} {part.catalogue.plural}" for part in sections]
    facts = [
        ("Stand", date),
        *([("Aktive Filter", "; ".join(filters) or "keine")] if filters is not None else []),
        ("Einträge", ", ".join(counts)),
    ] + [("Hinweis", notice) for notice in notices]
    for label, value in facts:
        labelled(pdf, label, value)
    pdf.set_font("Fira Sans", size=10)
    pdf.write(5, "Liste im Werkzeugkoffer: ")
    pdf.set_text_color(0, 70, 150)
    pdf.write(5, url, link=url)
    pdf.set_text_color(0)
    pdf.ln(9)

    for part in sections:
        if len(sections) > 1:
            pdf.set_font("Fira Sans", "B", 14)
            pdf.start_section(part.catalogue.plural)
            pdf.multi_cell(width, 7, part.catalogue.plural, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(2)
        if not part.rows:
            pdf.set_font("Fira Sans", size=10)
            pdf.multi_cell(
                width, 5, f"Keine {part.catalogue.plural} gefunden.", new_x="LMARGIN", new_y="NEXT", align="L"
            )
        for number, row in enumerate(part.rows, start=1):
            entry_section(pdf, number, part.headers, row, level=int(len(sections) > 1))
        if part.cut:
            pdf.set_font("Fira Sans", "B", 10)
            pdf.multi_cell(width, 5, part.cut_notice, new_x="LMARGIN", new_y="NEXT", align="L")
    return bytes(pdf.output())


def labelled(pdf, label, value):
    pdf.set_font("Fira Sans", "B", 10)
    pdf.write(5, f"{label}: ")
    pdf.set_font("Fira Sans", size=10)
    pdf.write(5, value)
    pdf.ln(6)


def entry_section(pdf, number, headers, row, level):
    """One entry: its title as a heading (and a bookmark), its facts, its description and its address."""
    *facts, address = row
    title, *facts = facts
    # A heading alone at the foot of a page helps nobody: start such an entry on the next page.
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_text_color(0)
    pdf.set_font("Fira Sans", "B", 12)
    pdf.start_section(f"{number}. {title}", level=level)
    pdf.multi_cell(pdf.epw, 6, f"{number}. {title}", new_x="LMARGIN", new_y="NEXT", link=address, align="L")
    pdf.ln(1)
    long_texts = []
    for header, value in zip(headers[1:-1], facts, strict=True):
        if header in ("Kurzbeschreibung", "Beschreibung"):
            long_texts.append(value)
        elif value:
            labelled(pdf, header, value)
    pdf.set_font("Fira Sans", size=10)
    for text in long_texts:
        if text:
            pdf.multi_cell(pdf.epw, 5, text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(1)
    pdf.write(5, "Im Werkzeugkoffer: ")
    pdf.set_text_color(0, 70, 150)
    pdf.write(5, address, link=address)
    pdf.set_text_color(0)
    pdf.ln(10)
