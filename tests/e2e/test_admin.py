"""The editorial back office works under the same Content Security Policy as the public pages."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from playwright.sync_api import expect

from funding.models import FundingProgramme
from funding.resources import FundingProgrammeResource
from projects.models import PracticeExample
from tests.e2e.conftest import EDITOR, EDITOR_CODES, NEWCOMER, WIDTHS, axe_violations, screenshot
from werkzeugkoffer.backoffice.formats import SpreadsheetCSV
from werkzeugkoffer.models import Page, Synonym


@pytest.fixture
def editor_page(open_page, request):
    page = open_page("/admin/login/", bypass_csp=False)
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.fill("#id_otp_token", EDITOR_CODES[request.node.callspec.indices["path"]])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return page


def change_url(entry):
    return f"/admin/{entry._meta.app_label}/{entry._meta.model_name}/{entry.pk}/change/"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/projects/practiceexample/",
        lambda: change_url(PracticeExample.objects.order_by("pk").first()),
        "/admin/projects/practiceexample/add/",
        lambda: change_url(Page.objects.get(slug="impressum")),
        "/admin/funding/fundingprogramme/export/",
        "/admin/funding/fundingprogramme/import/",
    ],
    ids=["index", "changelist", "change", "add", "page", "export", "import"],
)
def test_the_admin_runs_its_scripts_under_the_policy(editor_page, server, path):
    editor_page.goto(server + (path() if callable(path) else path))
    editor_page.wait_for_load_state("load")

    assert [text for text in editor_page.console_errors if "Content Security Policy" in text] == []
    # The admin's stylesheets and its theme script (both with the nonce) have run.
    assert editor_page.evaluate("getComputedStyle(document.querySelector('#header')).display") == "flex"
    assert editor_page.evaluate("document.documentElement.dataset.theme") is not None


def sign_in_without_second_factor(open_page, path="/admin/login/", **options):
    """Sign in as the newcomer with the password alone, after opening path (e.g. the enrolment link)."""
    page = open_page(path, **options)
    page.fill("#id_username", NEWCOMER["username"])
    page.fill("#id_password", NEWCOMER["password"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/zwei-faktor/**")
    return page


def test_the_two_factor_setup_runs_under_the_policy(open_page, newcomer_link):
    page = sign_in_without_second_factor(open_page, newcomer_link, bypass_csp=False)
    page.wait_for_load_state("load")
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []
    assert page.evaluate("getComputedStyle(document.querySelector('#header')).display") == "flex"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_two_factor_setup_is_accessible(open_page, newcomer_link, width):
    page = sign_in_without_second_factor(open_page, newcomer_link, viewport=WIDTHS[width])
    qr_code = page.locator("svg.totp-qr-code").bounding_box()
    assert qr_code and qr_code["width"] >= 120 and qr_code["x"] + qr_code["width"] <= WIDTHS[width]["width"]
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_without_a_link_the_setup_page_explains_itself_accessibly(open_page, width):
    page = sign_in_without_second_factor(open_page, viewport=WIDTHS[width])
    assert "Bitten Sie eine Administratorin oder einen Administrator" in page.inner_text("#content-main")
    assert page.locator("svg.totp-qr-code").count() == 0
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/projects/practiceexample/",
        "/admin/projects/practiceexample/add/",
        "/admin/funding/fundingprogramme/add/",
        "/admin/contacts/contact/add/",
        lambda: change_url(Page.objects.get(slug="impressum")),
        lambda: change_url(PracticeExample.objects.order_by("pk").first()),
        lambda: change_url(PracticeExample.objects.order_by("pk").first()).replace("change/", "history/"),
    ],
    ids=["index", "changelist", "add-example", "add-programme", "add-contact", "page", "change", "history"],
)
def test_the_admin_pages_pass_axe(open_page, server, path, request):
    page = open_page("/admin/login/", bypass_csp=False)
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.fill("#id_otp_token", EDITOR_CODES[10 + request.node.callspec.indices["path"]])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    page.goto(server + (path() if callable(path) else path))
    page.wait_for_load_state("load")
    # The script naming the admin's widgets runs after theirs, on the next animation frame.
    expect(page.locator(".help-tooltip[aria-label]:not([role]), ul > .select2-selection__clear")).to_have_count(0)
    assert axe_violations(page) == []


# code: a backup code no other test uses.
@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/admin/werkzeugkoffer/synonym/", 24),
        ("/admin/werkzeugkoffer/synonym/add/", 26),
        (lambda: change_url(Synonym.objects.get(source="Einsamkeit")), 28),
    ],
    ids=["changelist", "add", "change"],
)
def test_the_synonym_list_passes_axe_under_the_policy(open_page, server, path, code):
    page = sign_in(open_page, code, bypass_csp=False)
    page.goto(server + (path() if callable(path) else path))
    page.wait_for_load_state("load")
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []
    assert page.evaluate("getComputedStyle(document.querySelector('#header')).display") == "flex"
    expect(page.locator(".help-tooltip[aria-label]:not([role])")).to_have_count(0)
    assert axe_violations(page) == []


def test_select_all_on_the_export_page_works_under_the_policy(open_page, server):
    page = open_page("/admin/login/")
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.fill("#id_otp_token", EDITOR_CODES[18])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    page.goto(server + "/admin/funding/fundingprogramme/export/")
    page.wait_for_load_state("load")
    columns = page.locator('.selectable-field-export-row input[type="checkbox"]:not(#select-all-toggle)')
    assert columns.count() > 5

    page.locator("label[for=select-all-toggle]").click()

    assert all(not box.is_checked() for box in columns.all())
    page.locator("label[for=select-all-toggle]").click()
    assert all(box.is_checked() for box in columns.all())
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def sign_in(open_page, code, **options):
    page = open_page("/admin/login/", **options)
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.fill("#id_otp_token", EDITOR_CODES[code])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return page


SELECTION = "/admin/projects/practiceexample/add/"
MARKED = "(box => box.options[box.selectedIndex].text)(document.getElementById('id_fields_of_action_from'))"


@pytest.mark.parametrize(("start", "code"), [("filter", 40), ("list", 41)])
def test_enter_in_a_two_column_selection_moves_the_marked_choice_and_sends_nothing(open_page, server, start, code):
    page = sign_in(open_page, code)
    page.goto(server + SELECTION)
    page.wait_for_load_state("load")
    if start == "filter":
        page.locator("#id_fields_of_action_input").press_sequentially("e")
    else:
        page.locator("#id_fields_of_action_from").focus()
    # The second choice, not the first, so that Enter is seen to move the marked one.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    marked = page.evaluate(MARKED)
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))

    page.keyboard.press("Enter")

    page.wait_for_timeout(300)
    assert sent == []
    assert page.locator("#id_fields_of_action_to option").all_text_contents() == [marked]


def run_task_worker():
    """The task worker as gunicorn starts it, in a process of its own, until no task is left."""
    from django.db import connection

    from tests.ops.conftest import database_url

    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True, timeout=120, capture_output=True)


def test_an_import_is_checked_in_the_background_and_its_page_follows_by_itself(open_page, server, tmp_path):
    programme = FundingProgramme.objects.order_by("pk").first()
    resource = FundingProgrammeResource()
    dataset = resource.export(FundingProgramme.objects.filter(pk=programme.pk))
    row = list(dataset[0])
    row[dataset.headers.index("Titel")] = "Titel aus der Datei"
    dataset[0] = row
    upload = tmp_path / "foerderprogramme.csv"
    upload.write_bytes(SpreadsheetCSV().export_data(dataset).encode("utf-8-sig"))

    page = sign_in(open_page, 21, bypass_csp=False)
    page.goto(server + "/admin/funding/fundingprogramme/import/")
    page.set_input_files("#id_import_file", upload)
    page.select_option("#id_format", label="csv")
    page.get_by_role("button", name="Datei hochladen und prüfen").click()
    page.wait_for_url("**/import/*/")
    expect(page.get_by_role("heading", name="Die Datei wartet auf die Prüfung.")).to_be_visible()
    assert page.locator("progress").get_attribute("max") == "1"

    run_task_worker()

    # The page notices the finished check without a reload and tells screen readers.
    page.get_by_role("heading", name="Prüfung abgeschlossen: 0 neu, 1 geändert, 0 unverändert.").wait_for()
    assert "Prüfung abgeschlossen" in page.locator("#import-job-announcement").text_content()
    assert page.get_by_role("cell", name="Titel aus der Datei").count() == 1
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []
    job_url = page.url

    phone = sign_in(open_page, 22, viewport=WIDTHS["phone"])
    phone.goto(job_url)
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Verwerfen").click()
    page.wait_for_url("**/fundingprogramme/import/")
    expect(page.get_by_text("wurde verworfen")).to_be_visible()
    assert FundingProgramme.objects.get(pk=programme.pk).title == programme.title


@pytest.fixture(scope="module")
def example_with_versions(server, django_db_blocker):
    """The first practice example saved twice with changed texts, so that its history has versions to compare."""
    with django_db_blocker.unblock():
        example = PracticeExample.objects.order_by("pk").first()
        kept = PracticeExample.objects.filter(pk=example.pk).values("goals", "version", "updated_at").get()
        for goals in ("<p>Ein Café für alle.</p>", "<p>Ein Treffpunkt für alle.</p><ul><li>Mittagstisch</li></ul>"):
            example.goals = goals
            example.version += 1
            example.save()
        yield example
        example.history.all().delete()
        PracticeExample.objects.filter(pk=example.pk).update(**kept)


def history_path(example, compare=False):
    path = change_url(example).replace("change/", "history/")
    if compare:
        older, newer = example.history.order_by("history_date")
        path += f"vergleich/?a={older.pk}&b={newer.pk}"
    return path


# code: a backup code no other test uses.
@pytest.mark.parametrize(("compare", "code"), [(False, 7), (True, 9)], ids=["history", "compare"])
def test_comparing_versions_marks_the_changes_accessibly_under_the_policy(
    open_page, server, example_with_versions, compare, code
):
    page = sign_in(open_page, code, bypass_csp=False)
    page.goto(server + history_path(example_with_versions, compare))
    page.wait_for_load_state("load")
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []
    # admin.css (loaded with the nonce) marks the words with more than colour.
    inserted = page.locator(".wk-diff ins").first
    assert "underline" in inserted.evaluate("element => getComputedStyle(element).textDecorationLine")
    assert "line-through" in page.locator(".wk-diff del").first.evaluate(
        "element => getComputedStyle(element).textDecorationLine"
    )
    assert axe_violations(page) == []


@pytest.fixture(scope="module")
def subscription(server, django_db_blocker):
    """A confirmed subscription, committed for the live server while this module's tests run."""
    from django.utils import timezone

    from alerts.models import Subscription

    with django_db_blocker.unblock():
        now = timezone.now()
        created = Subscription.objects.create(
            email="amt@verbandsgemeinde-beispiel.de",
            catalogue="foerderprogramme",
            query="antragsberechtigte=kommunen&handlungsfeld=wohnen",
            confirmed_at=now,
            covered_until=now,
        )
        yield created
        Subscription.objects.filter(pk=created.pk).delete()


@pytest.mark.parametrize(("detail", "code", "width"), [(False, 32, "phone"), (True, 33, "desktop")])
def test_the_subscriptions_of_the_back_office_pass_axe_and_fit_a_phone(open_page, subscription, detail, code, width):
    page = sign_in(open_page, code, viewport=WIDTHS[width])
    path = f"/admin/alerts/subscription/{subscription.pk}/change/" if detail else "/admin/alerts/subscription/"
    page.goto(page.url.split("/admin/")[0] + path)
    page.wait_for_load_state("load")
    assert "amt@verbandsgemeinde-beispiel.de" in page.locator("#content").inner_text()
    screenshot(page, f"e2e-admin-abonnements-{'detail' if detail else 'liste'}-{width}", full_page=True)
    assert axe_violations(page) == []
    if detail:
        assert "Handlungsfeld: Wohnen" in page.locator("#content").inner_text()
