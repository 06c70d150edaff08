from django import template

from werkzeugkoffer import search

register = template.Library()


@register.filter
def highlight(snippet):
    """A search snippet with its matches in <mark>, everything else escaped."""
    return search.highlight(snippet)


@register.filter
def type_label(value):
    """The German name of a content type in the global search."""
    from werkzeugkoffer.global_search import TYPE_LABELS

    return TYPE_LABELS.get(value, "")


@register.filter
def rich_text(value):
    """A description field as HTML: its sanitised markup, or plain text with paragraphs (replaces |linebreaks)."""
    from werkzeugkoffer import richtext

    return richtext.render(value)
