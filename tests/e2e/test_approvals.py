"""Four eyes in the browser: the Redaktion changes a published entry with the keyboard alone, the Freigabe approves
it with the keyboard alone, and the pages pass axe at both widths."""

import pytest
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from projects.models import PracticeExample
from tests.e2e.conftest import WIDTHS, axe_violations
from werkzeugkoffer.models import ApprovalRequest, FieldOfAction, PublicationStatus, Region

PASSWORD = "ein-langes-e2e-passwort-fuer-rollen-2026"
CODES = [f"r2e{number:05}" for number in range(12)]


@pytest.fixture(scope="module")
def roles(server, django_db_blocker):
    """A Redaktion and a Freigabe account with backup codes, and a published example only these tests change."""
    with django_db_blocker.unblock():
        accounts = {}
        for name, group in (("e2e-rita", "Redaktion"), ("e2e-frieda", "Freigabe")):
            User.objects.filter(username=name).delete()
            user = User.objects.create_user(name, f"{name}@example.org", PASSWORD, is_staff=True)
            user.groups.set([Group.objects.get(name=group)])
            device = StaticDevice.objects.create(user=user, name="E2E", confirmed=True)
            for code in CODES:
                device.token_set.create(token=code)
            accounts[group] = name
        example = PracticeExample.objects.create(
            title="Tastatur-Café Altstadt",
            slug="tastatur-cafe-altstadt",
            teaser="Ein Treffpunkt, den nur dieser Test ändert.",
            operator_name="Testträger e. V.",
            place="Mainz",
            state=Region.objects.get(slug="rheinland-pfalz"),
            status=PublicationStatus.PUBLISHED,
        )
        example.fields_of_action.add(FieldOfAction.objects.first())
    yield accounts, example
    with django_db_blocker.unblock():
        ApprovalRequest.objects.filter(object_id=example.pk).delete()
        PracticeExample.objects.filter(pk=example.pk).delete()
        # Deleting records a last version; other tests may get the same id again and must find no history.
        PracticeExample.history.filter(id=example.pk).delete()
        User.objects.filter(username__in=accounts.values()).delete()


def tab_to(page, selector, text=None, limit=200):
    """Press Tab until the focus is on an element matching selector (and with this text), as a keyboard user would."""
    check = (
        "([selector, text]) => document.activeElement.matches(selector)"
        " && (text === null || document.activeElement.textContent.trim() === text)"
    )
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(check, [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text or ''}")


def sign_in_by_keyboard(open_page, username, code, **options):
    page = open_page("/admin/login/", **options)
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#id_otp_token")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return page


def test_a_change_is_submitted_and_approved_with_the_keyboard_alone(open_page, server, roles):
    accounts, example = roles
    change_path = f"/admin/projects/practiceexample/{example.pk}/change/"

    page = sign_in_by_keyboard(open_page, accounts["Redaktion"], CODES[0], bypass_csp=False)
    page.goto(server + change_path)
    expect(page.get_by_text("Dieser Eintrag ist veröffentlicht.")).to_be_visible()
    tab_to(page, "#id_title")
    page.keyboard.press("Control+A")
    page.keyboard.type("Tastatur-Café Neustadt")
    tab_to(page, "#id_approval_note")
    page.keyboard.type("Neuer Standort laut Träger")
    tab_to(page, "input[name=_save], button[name=_save]")
    page.keyboard.press("Enter")
    page.get_by_text("wartet jetzt auf Freigabe").wait_for()
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []

    public = open_page(example.get_absolute_url())
    assert public.get_by_role("heading", name="Tastatur-Café Altstadt").count() == 1

    reviewer = sign_in_by_keyboard(open_page, accounts["Freigabe"], CODES[0], bypass_csp=False)
    reviewer.goto(server + "/admin/werkzeugkoffer/approvalrequest/")
    tab_to(reviewer, "a", "Tastatur-Café Altstadt")
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_url("**/approvalrequest/*/change/")
    expect(reviewer.get_by_text("Neuer Standort laut Träger")).to_be_visible()
    assert reviewer.get_by_role("cell", name="Tastatur-Café Neustadt").count() == 1
    tab_to(reviewer, "button[value=freigeben]")
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_url("**/approvalrequest/")
    expect(reviewer.get_by_text("ist freigegeben und öffentlich")).to_be_visible()

    public = open_page(example.get_absolute_url())
    assert public.get_by_role("heading", name="Tastatur-Café Neustadt").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_waiting_change_and_its_review_pass_axe(open_page, server, roles, width):
    accounts, example = roles
    codes = iter(CODES[1:3] if width == "desktop" else CODES[3:5])
    change_path = f"/admin/projects/practiceexample/{example.pk}/change/"
    page = sign_in_by_keyboard(open_page, accounts["Redaktion"], next(codes), viewport=WIDTHS[width])
    page.goto(server + change_path)
    page.fill("#id_teaser", f"Ein Treffpunkt, geändert auf der Breite {width}.")
    page.locator("[name=_save]").first.click()
    page.get_by_text("wartet jetzt auf Freigabe").wait_for()
    expect(page.get_by_text("Sie sehen die Änderung")).to_be_visible()
    assert axe_violations(page) == []

    reviewer = sign_in_by_keyboard(open_page, accounts["Freigabe"], next(codes), viewport=WIDTHS[width])
    reviewer.goto(server + "/admin/werkzeugkoffer/approvalrequest/")
    assert axe_violations(reviewer) == []
    waiting = ApprovalRequest.objects.pending().get(object_id=example.pk)
    reviewer.goto(server + f"/admin/werkzeugkoffer/approvalrequest/{waiting.pk}/change/")
    expect(reviewer.get_by_role("button", name="Zurückgeben")).to_be_visible()
    assert axe_violations(reviewer) == []
