"""The rich-text editor of the back office in a browser: pasting from Word and web pages, the keyboard, links to
entries of the portal, the Content Security Policy and axe."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from guidance.models import Recommendation
from projects.models import PracticeExample
from tests.e2e.conftest import axe_violations
from werkzeugkoffer.models import Page

# An account of its own, so that these tests use none of the backup codes of the other browser tests.
WRITER = {"username": "e2e-texte", "password": "ein-langes-e2e-passwort-fuer-texte"}
WRITER_CODES = [f"txt{number:05}" for number in range(12)]

# As Word puts it on the clipboard: list items as paragraphs with „mso-list“, the bullet between conditional
# comments, a table, an image and Office's own elements.
WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta charset="utf-8"><style>p.MsoNormal {font-family: Calibri}</style></head><body lang=DE>
<!--StartFragment--><h1>Unser Wohncafé</h1>
<p class=MsoNormal><b>Offen</b> für <i>alle</i> Generationen.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Mittagstisch<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Spieleabend<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Anmelden</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Kommen</p>
<p class=MsoNormal>Mehr unter <a href="https://example.org/wohncafe">example.org</a>.<o:p></o:p></p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>Montag<o:p></o:p></p></td>
<td><p class=MsoNormal>14 Uhr<o:p></o:p></p></td></tr></table>
<p class=MsoNormal><span style='color:#C00000'><img width=120 height=80 src="file:///C:/Temp/clip_image001.png"></span>
<o:p></o:p></p><!--EndFragment--></body></html>"""

# As a browser puts a part of a web page on the clipboard: computed styles, a figure, a table, a video, a trick link.
WEB = """<meta charset="utf-8"><div class="article" style="font-family: Georgia; color: rgb(51, 51, 51);">
<h2 style="font-size: 28px;">Nachbarschaft stärken</h2><p>Ein <strong>Treffpunkt</strong> mit
<a href="https://example.org/treff" target="_blank" class="external" title="Programm">Programm</a> und
<a href="javascript:alert(1)">Gewinnspiel</a>.</p><h3>Angebote</h3><ul><li>Mittagstisch</li>
<li><span style="font-style: italic;">Sprachcafé</span></li></ul><figure><img src="https://example.org/bild.jpg"
alt="Foto"><figcaption>Das Café am Markt</figcaption></figure><table><tr><th>Tag</th><td>Montag</td></tr></table>
<iframe src="https://video.example.org/embed/1"></iframe></div>"""

# As LibreOffice Writer puts it on the clipboard: headings with classes, <font>, lists of paragraphs, a table.
LIBREOFFICE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"><html><head>
<meta http-equiv="content-type" content="text/html; charset=utf-8"/><meta name="generator" content="LibreOffice 24.2"/>
<style type="text/css">h1.western { font-family: "Liberation Sans" }</style></head><body lang="de-DE" dir="ltr">
<h1 class="western">Fahrdienst</h1><h2 class="western">So geht es</h2>
<p style="margin-bottom: 0cm"><font face="Liberation Serif, serif"><b>Ehrenamtlich</b></font> und <i>kostenlos</i></p>
<ol><li><p style="margin-bottom: 0cm">Anrufen</p></li><li><p>Abholen lassen</p></li></ol>
<p><a href="mailto:fahrdienst@example.org">fahrdienst@example.org</a> oder <a href="tel:+496131000">anrufen</a></p>
<table width="100%" cellpadding="4" cellspacing="0"><tr valign="top"><td width="50%"><p>Dienstag</p></td>
<td width="50%"><p>9–12 Uhr</p></td></tr></table></body></html>"""


@pytest.fixture(scope="module")
def writer(server, django_db_blocker):
    with django_db_blocker.unblock():
        User.objects.filter(username=WRITER["username"]).delete()
        user = User.objects.create_superuser(email="e2e-texte@example.org", **WRITER)
        device = StaticDevice.objects.create(user=user, name="E2E", confirmed=True)
        for code in WRITER_CODES:
            device.token_set.create(token=code)
    yield
    with django_db_blocker.unblock():
        User.objects.filter(username=WRITER["username"]).delete()


@pytest.fixture(scope="module")
def saved_example(server, django_db_blocker):
    """A practice example that a test saves through the browser; put back as it was afterwards."""
    with django_db_blocker.unblock():
        example = PracticeExample.objects.order_by("pk")[1]
        fields = [field.attname for field in PracticeExample._meta.concrete_fields if not field.generated]
        kept = PracticeExample.objects.filter(pk=example.pk).values(*fields).get()
        history_before = list(example.history.values_list("pk", flat=True))
    yield example
    with django_db_blocker.unblock():
        example.history.exclude(pk__in=history_before).delete()
        PracticeExample.objects.filter(pk=example.pk).update(**kept)


def sign_in(open_page, code, **options):
    page = open_page("/admin/login/", **options)
    page.fill("#id_username", WRITER["username"])
    page.fill("#id_password", WRITER["password"])
    page.fill("#id_otp_token", WRITER_CODES[code])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return page


def change_url(entry):
    return f"/admin/{entry._meta.app_label}/{entry._meta.model_name}/{entry.pk}/change/"


def open_change_form(page, server, entry):
    page.goto(server + change_url(entry))
    page.locator(".wk-editor-text").first.wait_for()


def paste(page, field, html):
    page.evaluate(
        """([selector, html]) => {
            const target = document.querySelector(selector);
            target.focus();
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "nur Text");
            target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [f"#id_{field}-editor", html],
    )


def select_all_and_delete(page, field):
    page.focus(f"#id_{field}-editor")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")


def test_pasting_from_word_keeps_lists_links_and_emphasis_and_says_what_it_removed(open_page, server, writer):
    page = sign_in(open_page, 0, bypass_csp=False)
    open_change_form(page, server, PracticeExample.objects.order_by("pk").first())
    select_all_and_delete(page, "goals")

    paste(page, "goals", WORD)

    html = page.eval_on_selector("#id_goals", "textarea => textarea.value")
    # „Ziele“ has no sub-headings: the heading becomes a paragraph.
    assert html.startswith("<p>Unser Wohncafé</p><p><strong>Offen</strong> für <em>alle</em> Generationen.</p>")
    assert "<ul><li>Mittagstisch</li><li>Spieleabend</li></ul>" in html
    assert "<ol><li>Anmelden</li><li>Kommen</li></ol>" in html
    assert '<p>Mehr unter <a href="https://example.org/wohncafe">example.org</a>.</p>' in html
    assert "<p>Montag</p><p>14 Uhr</p>" in html
    for removed in ("<table", "<img", "·", "mso", "class=", "style=", "<h1", "<o:p"):
        assert removed not in html
    status = page.locator("#id_goals-status")
    assert status.get_attribute("role") == "status"
    assert status.text_content() == (
        "Beim Einfügen entfernt: 1 Tabelle (Text als Absätze übernommen), 1 Bild, "
        "1 Überschrift (als Absatz übernommen), Formatierungen wie Schriftart, Farbe oder Unterstreichung."
    )
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []
    # TipTap was told not to inject its stylesheet, which the policy would refuse anyway.
    assert page.evaluate("document.querySelectorAll('style[data-tiptap-style]').length") == 0


def test_pasting_from_a_web_page_keeps_headings_where_the_field_allows_them(open_page, server, writer):
    page = sign_in(open_page, 1, bypass_csp=False)
    open_change_form(page, server, Recommendation.objects.order_by("pk").first())
    select_all_and_delete(page, "body")

    paste(page, "body", WEB)

    html = page.eval_on_selector("#id_body", "textarea => textarea.value")
    assert html.startswith("<h2>Nachbarschaft stärken</h2><p>Ein <strong>Treffpunkt</strong> mit ")
    assert '<a href="https://example.org/treff">Programm</a> und Gewinnspiel.</p><h3>Angebote</h3>' in html
    assert "<ul><li>Mittagstisch</li><li><em>Sprachcafé</em></li></ul>" in html
    assert "<p>Das Café am Markt</p><p>Tag</p><p>Montag</p>" in html
    for removed in ("javascript", "<img", "<table", "<iframe", "<figure", "target=", "title=", "style="):
        assert removed not in html
    assert page.locator("#id_body-status").text_content() == (
        "Beim Einfügen entfernt: 1 Tabelle (Text als Absätze übernommen), 1 Bild, "
        "1 eingebetteter Inhalt (z. B. Video), 1 unsicherer Link (javascript:), "
        "Formatierungen wie Schriftart, Farbe oder Unterstreichung."
    )
    # The same paste where sub-headings are not allowed („Literatur und weiterführende Links“) keeps them as paragraphs.
    select_all_and_delete(page, "further_reading")
    paste(page, "further_reading", WEB)
    further = page.eval_on_selector("#id_further_reading", "textarea => textarea.value")
    assert further.startswith("<p>Nachbarschaft stärken</p>") and "<h" not in further
    assert "2 Überschriften (als Absätze übernommen)" in page.locator("#id_further_reading-status").text_content()


def test_pasting_from_libreoffice_into_a_legal_page_maps_its_headings(open_page, server, writer):
    page = sign_in(open_page, 8, bypass_csp=False)
    open_change_form(page, server, Page.objects.get(slug="impressum"))
    select_all_and_delete(page, "body")

    paste(page, "body", LIBREOFFICE)

    html = page.eval_on_selector("#id_body", "textarea => textarea.value")
    # The page title is the <h1>: the pasted levels move one down.
    assert html == (
        "<h2>Fahrdienst</h2><h3>So geht es</h3><p><strong>Ehrenamtlich</strong> und <em>kostenlos</em></p>"
        "<ol><li>Anrufen</li><li>Abholen lassen</li></ol>"
        '<p><a href="mailto:fahrdienst@example.org">fahrdienst@example.org</a> oder '
        '<a href="tel:+496131000">anrufen</a></p><p>Dienstag</p><p>9–12 Uhr</p>'
    )
    assert page.locator("#id_body-status").text_content() == (
        "Beim Einfügen entfernt: 1 Tabelle (Text als Absätze übernommen), "
        "Formatierungen wie Schriftart, Farbe oder Unterstreichung."
    )
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def focused(page):
    """What has the keyboard focus: „editor:<id>“ for a text, else tag and text (or name), e.g. „BUTTON:Fett“."""
    return page.evaluate(
        """(() => {
            const e = document.activeElement;
            return e.getAttribute("role") === "textbox" ? `editor:${e.id}` : `${e.tagName}:${e.textContent || e.name}`;
        })()"""
    )


def test_an_editor_formats_a_text_with_the_keyboard_alone_and_saves_it(open_page, server, writer, saved_example):
    page = sign_in(open_page, 2, bypass_csp=False)
    open_change_form(page, server, saved_example)
    page.focus("#id_motto")

    # On through the publication fields to the toolbar of „Ziele“: one stop for Tab, then comes the text.
    in_goals = "document.activeElement.closest('.wk-editor')?.querySelector('#id_goals-editor') != null"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(in_goals):
            break
    assert focused(page) == "BUTTON:Fett"
    assert page.evaluate("document.activeElement.parentElement.getAttribute('role')") == "toolbar"
    page.keyboard.press("Tab")
    assert focused(page) == "editor:id_goals-editor"
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("Das Café ist ")
    page.keyboard.press("Control+B")
    page.keyboard.type("täglich")
    page.keyboard.press("Control+B")
    page.keyboard.type(" geöffnet.")
    page.keyboard.press("Enter")

    # Back to the toolbar, along it with the arrow keys to „Aufzählung“.
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "BUTTON:Fett"
    assert page.get_by_role("button", name="Fett", exact=True).first.get_attribute("aria-pressed") == "false"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused(page) == "BUTTON:Aufzählung"
    page.keyboard.press("Enter")
    # TipTap hands the focus back to the text on the next animation frame.
    expect(page.locator(":focus")).to_have_attribute("role", "textbox")
    assert focused(page) == "editor:id_goals-editor"
    page.keyboard.type("Mittagstisch")
    page.keyboard.press("Enter")
    page.keyboard.type("Spieleabend")
    assert (
        page.locator("#id_goals-editor").evaluate(
            "e => e.closest('.wk-editor').querySelector('[data-name=bullets]').getAttribute('aria-pressed')"
        )
        == "true"
    )

    # Tab leaves the text, also from inside a list, and goes on through the form to „Sichern“.
    page.keyboard.press("Tab")
    assert not focused(page).startswith("editor:id_goals")
    for _ in range(150):
        if page.evaluate("document.activeElement.name") == "_save":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "_save"
    page.keyboard.press("Enter")
    page.wait_for_url("**/practiceexample/")

    saved_example.refresh_from_db()
    assert saved_example.goals == (
        "<p>Das Café ist <strong>täglich</strong> geöffnet.</p><ul><li>Mittagstisch</li><li>Spieleabend</li></ul>"
    )
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def test_the_link_dialog_offers_published_entries_of_the_portal(open_page, server, writer):
    # A title without characters that HTML escapes, so that it reads the same in the stored text.
    target = next(e for e in PracticeExample.objects.published().order_by("title") if not set("&<>\"'") & set(e.title))
    page = sign_in(open_page, 3, bypass_csp=False)
    open_change_form(page, server, Recommendation.objects.order_by("pk").first())
    select_all_and_delete(page, "further_reading")

    page.locator("#id_further_reading-editor").press("Control+K")
    dialog = page.get_by_role("dialog", name="Link einfügen")
    expect(dialog).to_be_visible()
    assert focused(page) == "INPUT:"
    page.locator("#wk-link-search").fill(target.title[:12])
    result = dialog.get_by_role("button", name=f"{target.title} (Praxisbeispiel)")
    result.focus()
    page.keyboard.press("Enter")
    assert page.locator("#wk-link-url").input_value() == target.get_absolute_url()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    html = page.eval_on_selector("#id_further_reading", "textarea => textarea.value")
    assert html == f'<p><a href="{target.get_absolute_url()}">{target.title}</a></p>'
    # The cursor stands in the link: „Link entfernen“ is offered and removes it.
    toolbar = page.locator("#id_further_reading-editor").locator("xpath=ancestor::div[@class='wk-editor']")
    expect(page.locator(":focus")).to_have_attribute("role", "textbox")
    page.keyboard.press("ArrowLeft")
    toolbar.get_by_role("button", name="Link entfernen").click()
    assert page.eval_on_selector("#id_further_reading", "textarea => textarea.value") == f"<p>{target.title}</p>"

    # An unsafe address is refused with a message.
    page.locator("#id_further_reading-editor").press("Control+K")
    page.locator("#wk-link-url").fill("javascript:alert(1)")
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    assert "Bitte geben Sie eine Adresse" in dialog.locator("#wk-link-error").text_content()
    page.keyboard.press("Escape")
    assert "javascript" not in page.eval_on_selector("#id_further_reading", "textarea => textarea.value")
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


@pytest.mark.parametrize(
    "entry",
    [lambda: PracticeExample.objects.order_by("pk").first(), lambda: Page.objects.get(slug="impressum")],
    ids=["example", "page"],
)
def test_the_change_form_with_the_editor_passes_axe(open_page, server, writer, entry, request):
    page = sign_in(open_page, 4 + 2 * request.node.callspec.indices["entry"])
    entry = entry()
    open_change_form(page, server, entry)
    expect(page.locator(".help-tooltip[aria-label]:not([role])")).to_have_count(0)
    field = "goals" if isinstance(entry, PracticeExample) else "body"
    paste(page, field, WEB)  # with the message of what was removed
    assert page.locator(f"#id_{field}-status").text_content()
    assert axe_violations(page) == []

    page.locator(f"#id_{field}-editor").press("Control+K")
    page.locator("#wk-link-search").fill("Wohn")
    page.locator(".wk-link-result").first.wait_for()
    assert axe_violations(page) == []
