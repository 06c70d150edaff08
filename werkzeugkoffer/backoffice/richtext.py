"""The little HTML that descriptions may contain: paragraphs, lists, links and emphasis (legal pages also
sub-headings)."""

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
    'Erlaubt sind Absätze (<p>), Listen (<ul>, <ol>, <li>), Links (<a href="…">) und Hervorhebungen '
    "(<em>, <strong>). Alles andere wird beim Speichern entfernt. Reiner Text mit Leerzeilen geht auch."
)


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
