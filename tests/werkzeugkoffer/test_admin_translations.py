"""Everything the back office shows or reads out to editors is German: the admin's scripts, the project's own
catalogue of translations, and every page a Redaktion or Freigabe account reaches from the admin index."""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django.contrib.admin
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation.trans_real import DjangoTranslation

from werkzeugkoffer.backoffice import audit
from werkzeugkoffer.models import AuditAction

ADMIN = Path(django.contrib.admin.__file__).parent
SCRIPTS = [path for path in (ADMIN / "static/admin/js").rglob("*.js") if "vendor" not in path.parts]
# Words spelt the same in German.
SAME_IN_GERMAN = {"April", "August", "Filter", "November", "September"}
# A JavaScript string literal, and several joined with +.
LITERAL = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
JOINED = rf"{LITERAL}(?:\s*\+\s*{LITERAL})*"
SCRIPT_CALL = re.compile(rf"(?<![\w.])(gettext|ngettext)\(\s*({JOINED})(?:\s*,\s*({JOINED}))?")


def admin_script_catalogue():
    """The German catalogue the admin's /admin/jsi18n/ view serves (Django's plus LOCALE_PATHS)."""
    return DjangoTranslation("de", domain="djangojs", localedirs=[str(ADMIN / "locale")])


def joined_text(literals):
    return "".join(ast.literal_eval(literal) for literal in re.findall(LITERAL, literals))


def admin_script_texts():
    """(text, plural or None) of every gettext and ngettext call in the admin's own scripts."""
    texts = set()
    for path in SCRIPTS:
        for function, text, plural in SCRIPT_CALL.findall(path.read_text()):
            texts.add((joined_text(text), joined_text(plural) if function == "ngettext" else None))
    return texts


def test_every_admin_script_text_has_a_german_translation():
    catalogue = admin_script_catalogue()
    texts = admin_script_texts()
    assert len(texts) > 40
    untranslated = sorted(
        text
        for text, plural in texts
        if text not in SAME_IN_GERMAN
        and (
            catalogue.gettext(text) == text
            if plural is None
            else catalogue.ngettext(text, plural, 1) == text or catalogue.ngettext(text, plural, 2) == plural
        )
    )
    assert untranslated == []


def test_the_script_texts_are_found_also_when_joined_or_in_single_quotes():
    texts = dict(admin_script_texts())
    assert 'Choose %s by selecting them and then select the "Choose" arrow button.' in texts
    assert texts["Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"] == (
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours ahead.)"
    )


def test_the_date_shortcuts_and_time_zone_notes_read_out_german():
    catalogue = admin_script_catalogue()
    assert catalogue.gettext("Today (%(date)s)") == "Heute (%(date)s)"
    assert catalogue.gettext("%(month)s %(day)s, %(year)s") == "%(day)s. %(month)s %(year)s"
    ahead = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    ahead_plural = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours ahead.)"
    assert catalogue.ngettext(ahead, ahead_plural, 1).endswith("(Ihre Uhr geht %(offset)s Stunde vor.)")
    assert catalogue.ngettext(ahead, ahead_plural, 2).endswith("(Ihre Uhr geht %(offset)s Stunden vor.)")


def po_entries(path):
    """The entries of a .po file (separated by blank lines) as dicts of msgctxt, msgid, msgid_plural and msgstr
    or msgstr[n]."""
    entries = []
    for block in path.read_text().split("\n\n"):
        entry, key = {}, None
        for line in block.splitlines():
            if line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                key, _space, text = line.partition(" ")
                entry[key] = ast.literal_eval(text)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_its_source(domain):
    """locale/…/<domain>.mo is compiled from the .po beside it (msgfmt -o <domain>.mo <domain>.po)."""
    folder = Path(settings.LOCALE_PATHS[0]) / "de/LC_MESSAGES"
    entries = po_entries(folder / f"{domain}.po")
    with open(folder / f"{domain}.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert entries
    for entry in entries:
        context, msgid = entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            forms = [
                compiled.npgettext(context, msgid, plural, n) if context else compiled.ngettext(msgid, plural, n)
                for n in (1, 2)
            ]
            assert forms == [entry["msgstr[0]"], entry["msgstr[1]"]], msgid
        else:
            translated = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert translated == entry["msgstr"], msgid


def test_the_plural_forms_of_the_project_catalogue_are_german():
    catalogue = DjangoTranslation("de")
    one = catalogue.ngettext("…and %(count)d more object.", "…and %(count)d more objects.", 1)
    many = catalogue.ngettext("…and %(count)d more object.", "…and %(count)d more objects.", 3)
    assert (one % {"count": 1}, many % {"count": 3}) == ("… und 1 weiterer Eintrag.", "… und 3 weitere Einträge.")


# The crawl of the back office.

# Words and phrases of the English user interface of Django and the packages, matched as whole words.
ENGLISH = [
    # Django's admin and the packages.
    *["Action", "Actions", "Add", "All", "Are you sure", "Back", "Cancel", "Change", "Choose", "Clear", "Close"],
    *["Compare", "Confirm", "Delete", "Disabled", "Enabled", "Filter by", "Go", "History", "Historical", "historical"],
    *["Home", "Log out", "Logout", "Next", "None", "Now", "Password", "Previous", "Recent", "Remove", "Revert", "Run"],
    *["Save", "Search", "Select", "Show all", "Submit", "Today", "Unknown", "View", "Welcome", "Yes", "True", "False"],
    *["authentication", "entries", "results", "select", "selected", "User", "Users", "Permissions", "Active"],
    # Field names made into labels („Publish At“, „Fields Of Action“).
    *["At", "Due", "Source", "Date", "Type", "Field", "Fields", "File", "Resource", "Title", "Place", "State"],
    *["Running", "Since", "Until", "Goals", "Results", "Partners", "Groups", "Target", "Contacts", "Programmes"],
    *["Tags", "Description", "Summary", "Level", "Funding", "Programme", "Contact", "Event", "Item", "Page", "Body"],
    *["Kind", "Topics", "Regions", "Deadline", "Amount", "Review", "Reviewed", "Publish", "Published", "Draft"],
    # Words of English sentences.
    *["and", "are", "be", "been", "by", "can", "field", "fields", "file", "has", "have", "is", "not", "of", "on"],
    *["or", "please", "should", "that", "the", "this", "to", "type", "value", "which", "will", "with", "you"],
    *["your"],
]
ENGLISH_WORDS = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")
# Addresses, file and field names, codes: tokens with these characters are not words of the interface.
CODE_LIKE = re.compile(r"\S*[/_@=<>{}\\]\S*|\S+\.\S+")
# Pages that do something on GET or leave the back office.
NOT_FOLLOWED = ("/admin/logout/", "/admin/jsi18n/", "/admin/r/")
DEPTH = 4


class VisibleText(HTMLParser):
    """The texts of a page that a person sees or hears (text outside scripts and styles, the attributes that are
    shown or read out, the labels of buttons), and its links.

    Elements the admin hides from everyone (class „hidden“ or the attribute hidden, such as the version a form
    was opened with) are left out, their links not."""

    SKIPPED = {"script", "style", "template", "textarea"}
    SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "aria-description")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links = [], []
        # The tag of the skipped element the parser is in, and how deep it is nested in itself.
        self.skipped_tag, self.depth = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if self.skipped_tag:
            self.depth += tag == self.skipped_tag
            return
        hidden = "hidden" in (attrs.get("class") or "").split() or "hidden" in attrs
        if (tag in self.SKIPPED or hidden) and tag not in self.VOID:
            self.skipped_tag, self.depth = tag, 1
            return
        if hidden:
            return
        self.texts.extend(attrs[name] for name in self.SHOWN_ATTRIBUTES if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == self.skipped_tag:
            self.depth -= 1
            if not self.depth:
                self.skipped_tag = None

    def handle_data(self, data):
        if not self.skipped_tag and data.strip():
            self.texts.append(data)


def normalised(text):
    return " ".join(text.split())


def entry_content():
    """The texts of the entries (seed content and the tests' own): names, titles, texts as shown in lists and forms."""
    values = set()
    for model in apps.get_models():
        if model._meta.app_label not in ("werkzeugkoffer", "projects", "funding", "contacts", "guidance", "taggit"):
            continue
        if model.__name__.startswith("Historical"):
            continue
        text_fields = [
            field.attname for field in model._meta.fields if isinstance(field, models.CharField | models.TextField)
        ]
        for entry in model._default_manager.all():
            values.add(normalised(str(entry)))
            for name in text_fields:
                value = getattr(entry, name)
                if value:
                    values.add(normalised(value))
                    values.update(normalised(line) for line in strip_tags(value).splitlines() if line.strip())
    values.discard("")
    return values


def is_content(text, content, corpus):
    if text in content:
        return True
    if text.endswith("…") and any(value.startswith(text[:-1].rstrip()) for value in content):
        return True
    # Longer stretches of an entry's text (a sentence shown in a list, a help text quoting a title).
    return len(text.split()) >= 3 and text in corpus


def english_on(html, content, corpus):
    """The texts of a page with English words of the interface, leaving out entry content, names and codes."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in map(normalised, parser.texts):
        if not text or is_content(text, content, corpus):
            continue
        words = CODE_LIKE.sub(" ", text)
        if ENGLISH_WORDS.search(words):
            found.append(text)
    return found, parser.links


def shape(path):
    """A path with its numbers replaced: one change page, one history page … stands for all of its kind."""
    return re.sub(r"/\d+/", "/0/", path)


def crawl(client):
    """Every back office page reachable from the index within DEPTH links: {path: English texts} and the pages
    that did not open."""
    content = entry_content()
    corpus = "\n".join(content)
    queue, seen, findings, failures = [("/admin/", 0)], set(), {}, []
    while queue:
        path, depth = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = client.get(path)
        if response.status_code != 200:
            if response.status_code not in (301, 302):
                failures.append((path, response.status_code))
            continue
        if "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        english, links = english_on(html, content, corpus)
        if english:
            findings[path] = english
        if "/change/" not in path and path.rstrip("/").count("/") == 3:
            # A changelist: also its search (a search form, the count of results) and an empty result.
            for variant in (f"{path}?q=zzzz", f"{path}?q=Wohnen"):
                english, _links = english_on(client.get(variant).content.decode(), content, corpus)
                if english:
                    findings[variant] = english
        if depth >= DEPTH:
            continue
        for link in links:
            target = urlsplit(urljoin(f"http://testserver{path}", link))
            if target.netloc != "testserver" or not target.path.startswith("/admin/"):
                continue
            if target.path.startswith(NOT_FOLLOWED) or shape(target.path) in seen:
                continue
            queue.append((target.path, depth + 1))
    return seen, findings, failures


@pytest.fixture
def entries_with_versions(make_example, make_programme, make_contact, make_recommendation, make_staff):
    """Entries with versions, for the history pages, and audit events (one of them for an account)."""
    example = make_example()
    example.title = "Testprojekt Nachbarschaftscafé am Markt"
    example.save()
    make_programme()
    make_contact()
    make_recommendation()
    audit.record(None, AuditAction.PUBLISH, example, details="Fassung 2")
    audit.record(None, AuditAction.ENROLMENT_ISSUED, make_staff("neu", "Redaktion"), details="gültig bis morgen")


@pytest.mark.parametrize("role", ["Redaktion", "Freigabe"])
def test_the_back_office_a_role_reaches_is_german(role, make_staff, client_for, entries_with_versions):
    client = client_for(make_staff(role.lower(), role))

    seen, findings, failures = crawl(client)

    assert failures == []
    # Changelists, add, change, history and import/export pages of the catalogues were among them.
    assert {
        "/admin/projects/practiceexample/",
        "/admin/projects/practiceexample/add/",
        "/admin/projects/practiceexample/0/change/",
        "/admin/projects/practiceexample/0/history/",
        "/admin/funding/fundingprogramme/export/",
        "/admin/funding/fundingprogramme/import/",
    } <= seen
    assert findings == {}, "\n".join(f"{path}: {texts}" for path, texts in sorted(findings.items()))


def test_the_pages_before_the_back_office_are_german(client, make_staff):
    """The login, a refused login, and the setup of the second factor without a link."""
    content = entry_content()
    corpus = "\n".join(content)
    pages = [client.get("/admin/login/"), client.post("/admin/login/", {"username": "x", "password": "y"})]
    client.force_login(make_staff("neu", "Redaktion"))
    pages.append(client.get("/admin/zwei-faktor/"))
    # Without an enrolment link, the setup page refuses and explains how to get one.
    assert [response.status_code for response in pages] == [200, 200, 403]
    assert [english_on(response.content.decode(), content, corpus)[0] for response in pages] == [[], [], []]
    assert "Redaktionsbereich" in pages[1].content.decode()


def test_the_crawl_finds_english():
    html = '<p>Search Praxisbeispiele</p><input type="submit" value="Run"><a title="Historical Förderprogramme">x</a>'
    found, _links = english_on(html, set(), "")
    assert found == ["Search Praxisbeispiele", "Run", "Historical Förderprogramme"]
    assert english_on("<p>Zur Seite /admin/auth/user/ und mail@example.org</p>", set(), "")[0] == []
    assert english_on("<td>Home Instead Mainz</td>", {"Home Instead Mainz"}, "")[0] == []
    hidden = '<div class="form-row hidden"><div><label>Opened version:</label></div></div><p>Run</p>'
    assert english_on(hidden, set(), "")[0] == ["Run"]


def test_the_audit_log_filters_by_the_german_names_of_the_catalogues(make_staff, client_for, entries_with_versions):
    client = client_for(make_staff("freigabe", "Freigabe"))

    response = client.get("/admin/werkzeugkoffer/auditevent/")

    [kinds] = [spec for spec in response.context["cl"].filter_specs if spec.title == "Inhaltstyp"]
    names = [str(label) for _value, label in kinds.lookup_choices]
    assert names == [
        "Aktuelles",
        "Benutzer",
        "Beratungsstellen",
        "Förderprogramme",
        "Handlungsempfehlungen und Methoden",
        "Praxisbeispiele",
        "Veranstaltungen",
    ]
    content = response.content.decode()
    assert "Historical" not in content and "HistoricalPracticeExample" not in content
    value = {str(label): value for value, label in kinds.lookup_choices}["Benutzer"]
    filtered = client.get(f"/admin/werkzeugkoffer/auditevent/?inhaltstyp={value}")
    assert [event.object_repr for event in filtered.context["cl"].result_list] == ["neu"]


def test_the_history_models_have_german_names():
    from projects.models import PracticeExample

    history = PracticeExample.history.model
    assert (history._meta.verbose_name, history._meta.verbose_name_plural) == (
        "Praxisbeispiel (Fassung)",
        "Praxisbeispiele (Fassungen)",
    )
    links = apps.get_model("projects", "HistoricalPracticeExample_contacts")
    assert links._meta.verbose_name == "Praxisbeispiel: Ansprechpartner (Fassung)"
    names = [str(model._meta.verbose_name_plural) for model in apps.get_models()]
    assert [name for name in names if "istorical" in name] == []
