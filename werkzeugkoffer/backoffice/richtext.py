"""The little HTML that descriptions may contain: paragraphs, lists, links and emphasis (legal pages also
sub-headings)."""

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
