"""The little HTML that descriptions may contain: paragraphs, lists, links and emphasis (legal pages also
sub-headings)."""

import re
from html.parser import HTMLParser

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a", "em", "strong"}
# Legal pages are longer texts with sub-headings; the page title is their <h1>.
PAGE_TAGS = ALLOWED_TAGS | {"h2", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

HELP_TEXT = (
    "Formatieren Sie mit der Werkzeugleiste über dem Feld: Absätze, Aufzählungen, nummerierte Listen, Links, "
    "fett und kursiv. Text aus Word oder von Webseiten behält beim Einfügen nur diese Formate; alles andere wird "
    'entfernt. Ohne JavaScript ist das Feld ein HTML-Feld: <p>, <ul>, <ol>, <li>, <a href="…">, <strong>, <em>.'
)
# Appended for fields that may also hold sub-headings (PAGE_TAGS).
HEADINGS_HELP_TEXT = " Zwischenüberschriften: „Überschrift 2“, darunter „Überschrift 3“ (<h2>, <h3>)."


def sanitize(html, tags=ALLOWED_TAGS):
    """Only the allowed tags and attributes; scripts, styles and event handlers are removed.

    Plain text (no tags at all) stays as it is, so that „Caritas & Diakonie“ is not stored as an entity.
    """
    if not html or not nh3.is_html(html):
        return html
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render(text, tags=ALLOWED_TAGS):
    """HTML for a rich-text field: sanitised HTML as it is, plain text with its line breaks as paragraphs."""
    if not text:
        return ""
    if nh3.is_html(text):
        return mark_safe(sanitize(text, tags))
    return mark_safe(linebreaks(text, autoescape=True))


class _LineCollector(HTMLParser):
    """Collects the text of sanitised HTML as lines: one per paragraph, heading, list item or line break."""

    BREAKS = {"p", "br", "ul", "ol", "li", "h2", "h3"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.parts, self.lists, self.link = [], [], [], None

    def end_line(self):
        line = " ".join("".join(self.parts).split())
        if line:
            self.lines.append(line)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.end_line()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.parts.append(f"{self.lists[-1][1]}. ")
            else:
                self.parts.append("– ")
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", len(self.parts))

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            # The address is part of what an editor changes, so it is shown (unless it is the link's text).
            href, start = self.link
            if href and href != "".join(self.parts[start:]).strip():
                self.parts.append(f" ({href})")
            self.link = None
        elif tag in self.BREAKS:
            self.end_line()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()

    def handle_data(self, data):
        self.parts.append(data)


def readable_lines(text, html=True):
    """A text as lines to read and compare: HTML with a line per paragraph, heading and list item, links with their
    address; plain text (and with html=False any text, tags and all) line by line."""
    if not text:
        return []
    if not (html and nh3.is_html(text)):
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    collector = _LineCollector()
    collector.feed(text)
    collector.close()
    collector.end_line()
    return collector.lines


# What sanitising removes, by kind of element: singular, plural and a note on what happens to the text.
REMOVED_KINDS = {
    "table": ("Tabelle", "Tabellen", "Text übernommen"),
    "image": ("Bild", "Bilder", ""),
    "embed": ("eingebetteter Inhalt", "eingebettete Inhalte", "z. B. Video oder Rahmen"),
    "script": ("Skript", "Skripte", ""),
    "style": ("Stilvorlage", "Stilvorlagen", ""),
    "form": ("Formularelement", "Formularelemente", ""),
    "heading": ("Überschrift", "Überschriften", "als Text übernommen"),
    "other": ("weiteres Element", "weitere Elemente", "Text übernommen"),
    "comment": ("Kommentar", "Kommentare", ""),
}
TAG_KINDS = {
    "table": "table",
    **dict.fromkeys(("img", "picture", "svg"), "image"),
    **dict.fromkeys(("video", "audio", "iframe", "object", "embed", "canvas", "frame", "frameset"), "embed"),
    "script": "script",
    "style": "style",
    **dict.fromkeys(("form", "input", "button", "select", "textarea"), "form"),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
}
# Parts of an element counted above, or of the document around a fragment: not worth a word of their own.
UNCOUNTED_TAGS = {
    *("thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"),
    *("source", "track", "param", "option", "optgroup", "label", "fieldset", "legend"),
    *("html", "head", "body", "meta", "link", "title", "base"),
}
# nh3 adds rel to every link itself (link_rel), so a value saved before carries it back unchanged.
ADDED_ATTRIBUTES = {"a": {"rel"}}
URL_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


class _RemovalCollector(HTMLParser):
    """Counts what sanitize() will remove from a text: elements by kind, links by unsafe scheme, attribute names."""

    def __init__(self, tags):
        super().__init__(convert_charrefs=True)
        self.tags = tags
        self.kinds, self.other_tags, self.schemes, self.attributes = {}, [], {}, []
        self.svg_depth = 0

    def handle_starttag(self, tag, attrs):
        if self.svg_depth:
            # The shapes inside a drawing are part of the one image.
            self.svg_depth += tag == "svg"
            return
        if tag == "svg":
            self.svg_depth = 1
        if tag not in self.tags:
            kind = TAG_KINDS.get(tag, "other")
            if tag not in UNCOUNTED_TAGS:
                self.kinds[kind] = self.kinds.get(kind, 0) + 1
                if kind == "other" and f"<{tag}>" not in self.other_tags:
                    self.other_tags.append(f"<{tag}>")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ADDED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed and name not in self.attributes:
                self.attributes.append(name)
            elif tag == "a" and name == "href" and value:
                # Browsers and nh3 ignore tabs, line breaks and spaces in a scheme („java\tscript:“).
                match = URL_SCHEME.match(re.sub(r"[\x00-\x20]", "", value).lower())
                if match and match[1] not in ALLOWED_URL_SCHEMES:
                    self.schemes[match[1]] = self.schemes.get(match[1], 0) + 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.svg_depth:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.svg_depth and tag == "svg":
            self.svg_depth -= 1

    def handle_comment(self, data):
        if not self.svg_depth:
            self.kinds["comment"] = self.kinds.get("comment", 0) + 1


def _and(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} und {words[-1]}"


def removals(html, tags=ALLOWED_TAGS):
    """In German, what sanitize(html, tags) removes, one phrase per kind, e.g. „1 Tabelle (Text übernommen)“."""
    if not html or not nh3.is_html(html):
        return []
    collector = _RemovalCollector(tags)
    collector.feed(html)
    collector.close()
    phrases = []
    for kind, (singular, plural, note) in REMOVED_KINDS.items():
        count = collector.kinds.get(kind, 0)
        if not count:
            continue
        if kind == "other":
            note = f"{', '.join(collector.other_tags)}; {note}"
        phrases.append(f"{count} {singular if count == 1 else plural}" + (f" ({note})" if note else ""))
    if collector.schemes:
        count = sum(collector.schemes.values())
        schemes = ", ".join(f"{scheme}:" for scheme in collector.schemes)
        phrases.append(f"{count} {'unsicherer Link' if count == 1 else 'unsichere Links'} ({schemes})")
    if collector.attributes:
        label = "Attribut" if len(collector.attributes) == 1 else "Attribute"
        phrases.append(f"{label} {_and(collector.attributes)}")
    return phrases


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith(("http://", "https://")):
            self.hrefs.append(href)


def external_links(text):
    """The addresses of the links to other sites in a rich text, in their order (internal and e-mail links left out)."""
    if not text or not nh3.is_html(text):
        return []
    collector = _LinkCollector()
    collector.feed(text)
    collector.close()
    return collector.hrefs
