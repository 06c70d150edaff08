"""The back-office search and the „someone else is editing“ notice, in a browser, checked with axe-core."""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from projects.models import PracticeExample
from tests.e2e.conftest import WIDTHS, axe_violations
from werkzeugkoffer.models import EditingPresence

# An account of this module's own, so that its backup codes are not shared with other modules' tests.
SEARCHER = {"username": "e2e-suche", "password": "ein-langes-e2e-suchpasswort-2026"}
# Eight characters, as many as the code field takes.
CODES = [f"such{number:04}" for number in range(8)]


@pytest.fixture(scope="module")
def searcher(server, django_db_blocker):
    with django_db_blocker.unblock():
        User.objects.filter(username=SEARCHER["username"]).delete()
        user = User.objects.create_user(email="e2e-suche@example.org", is_staff=True, **SEARCHER)
        user.groups.set(Group.objects.filter(name="Redaktion"))
        device = StaticDevice.objects.create(user=user, name="E2E", confirmed=True)
        for code in CODES:
            device.token_set.create(token=code)
        other = User.objects.create_user("e2e-kollegin", first_name="Erika", last_name="Muster", is_staff=True)
        example = PracticeExample.objects.order_by("pk").first()
        EditingPresence.objects.create(
            content_type=ContentType.objects.get_for_model(example),
            object_id=str(example.pk),
            user=other,
            opened_at=timezone.now(),
        )
    yield example
    with django_db_blocker.unblock():
        EditingPresence.objects.all().delete()
        User.objects.filter(username__in=[SEARCHER["username"], "e2e-kollegin"]).delete()


def sign_in(open_page, code, viewport):
    page = open_page("/admin/login/", viewport=viewport)
    page.fill("#id_username", SEARCHER["username"])
    page.fill("#id_password", SEARCHER["password"])
    page.fill("#id_otp_token", CODES[code])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return page


@pytest.mark.parametrize(("width", "code"), [("desktop", 0), ("phone", 1)])
def test_the_search_from_the_admin_header_lists_hits_accessibly(open_page, searcher, width, code):
    page = sign_in(open_page, code, WIDTHS[width])
    page.get_by_label("Alle Inhalte durchsuchen").fill("pflege")
    page.get_by_label("Alle Inhalte durchsuchen").press("Enter")
    page.wait_for_url("**/admin/suche/?q=pflege")

    assert page.get_by_role("heading", name="Treffer für „pflege“").count() == 1
    assert page.locator("table caption").count() >= 1
    assert axe_violations(page) == []


def test_the_search_page_with_a_notice_passes_axe(open_page, searcher):
    page = sign_in(open_page, 2, WIDTHS["desktop"])
    page.goto(page.url + "suche/?q=" + "%25" * 300)
    assert page.get_by_text("Ihr Suchbegriff war zu lang").count() == 1
    assert axe_violations(page) == []


def test_the_change_form_names_the_other_editor_accessibly(open_page, searcher, server):
    page = sign_in(open_page, 3, WIDTHS["desktop"])
    page.goto(f"{server}/admin/projects/practiceexample/{searcher.pk}/change/")

    assert page.get_by_text("Erika Muster hat diesen Eintrag").count() == 1
    # The script naming the admin's widgets runs after theirs, on the next animation frame.
    unnamed = ".help-tooltip[aria-label]:not([role]), ul > .select2-selection__clear"
    page.wait_for_function(f"!document.querySelector('{unnamed}')")
    assert axe_violations(page) == []
