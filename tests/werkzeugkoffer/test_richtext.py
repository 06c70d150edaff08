from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data
from werkzeugkoffer.backoffice import richtext

UNSAFE = (
    '<p onclick="steal()">Ein <strong>Café</strong> für alle<script>alert(1)</script></p>'
    '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">Trick</a>'
    '<a href="https://example.org/" style="color:red">Website</a><iframe src="https://example.org"></iframe>'
    "<ul><li><em>Mittagstisch</em></li></ul><h1>Groß</h1>"
)


def test_unsafe_html_is_stripped():
    cleaned = richtext.sanitize(UNSAFE)
    for forbidden in ("script", "onclick", "onerror", "javascript:", "<img", "iframe", "style=", "<h1>", "alert(1)"):
        assert forbidden not in cleaned
    assert "<p>Ein <strong>Café</strong> für alle</p>" in cleaned
    assert '<a href="https://example.org/" rel="noopener noreferrer">Website</a>' in cleaned
    assert "<ul><li><em>Mittagstisch</em></li></ul>" in cleaned


def test_plain_text_stays_as_it_is():
    assert richtext.sanitize("Caritas & Diakonie, Kosten < 500 €") == "Caritas & Diakonie, Kosten < 500 €"
    assert richtext.render("Zeile eins\n\nZeile & zwei") == "<p>Zeile eins</p>\n\n<p>Zeile &amp; zwei</p>"


def test_the_model_cleans_its_rich_text_fields(make_example):
    example = make_example(goals=UNSAFE, teaser="<b>bleibt Text</b>")
    example.full_clean()
    assert "script" not in example.goals
    assert "<strong>Café</strong>" in example.goals
    assert example.teaser == "<b>bleibt Text</b>"


def test_saving_in_the_admin_stores_sanitised_html(make_staff, client_for, make_example):
    reviewer = client_for(make_staff("freigabe", "Freigabe"))
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(reviewer.get(url))
    data["implementation"] = UNSAFE
    assert reviewer.post(url, data).status_code == 302
    example.refresh_from_db()
    assert "onclick" not in example.implementation and "<script" not in example.implementation
    assert "<li><em>Mittagstisch</em></li>" in example.implementation


def test_the_rich_text_filter_renders_markup_and_plain_text():
    from django.template import Context, Template

    template = Template("{% load werkzeugkoffer %}{{ value|rich_text }}")
    assert template.render(Context({"value": "<p>Hallo <em>Welt</em></p><script>x</script>"})) == (
        "<p>Hallo <em>Welt</em></p>"
    )
    assert template.render(Context({"value": "a < b"})) == "<p>a &lt; b</p>"


def test_rich_text_reads_as_lines_with_list_items_and_link_addresses():
    html = (
        '<h2>Ablauf</h2><p>Ein <strong>Café</strong> &amp; mehr, <a href="https://example.org/">Website</a></p>'
        "<ul><li>Mittagstisch</li><li>Spieleabend</li></ul><ol><li>Anmelden</li><li>Kommen</li></ol>"
    )
    assert richtext.readable_lines(html) == [
        "Ablauf",
        "Ein Café & mehr, Website (https://example.org/)",
        "– Mittagstisch",
        "– Spieleabend",
        "1. Anmelden",
        "2. Kommen",
    ]
