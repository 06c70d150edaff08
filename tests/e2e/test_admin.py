"""The editorial back office works under the same Content Security Policy as the public pages."""

import pytest

from projects.models import PracticeExample
from tests.e2e.conftest import EDITOR, EDITOR_CODES, NEWCOMER, WIDTHS, axe_violations
from werkzeugkoffer.models import Page


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
    page = open_page("/admin/login/")
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.fill("#id_otp_token", EDITOR_CODES[10 + request.node.callspec.indices["path"]])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    page.goto(server + (path() if callable(path) else path))
    page.wait_for_load_state("load")
    # The script naming the admin's widgets runs after theirs, on the next animation frame.
    page.wait_for_function(
        "!document.querySelector('.help-tooltip[aria-label]:not([role]), ul > .select2-selection__clear')"
    )
    assert axe_violations(page) == []


def test_select_all_on_the_export_page_works_under_the_policy(open_page, server):
    page = open_page("/admin/login/", bypass_csp=False)
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


# codes: backup codes no other test uses, one to sign in under the policy and one for axe.
@pytest.mark.parametrize(("compare", "codes"), [(False, (7, 8)), (True, (9, 19))], ids=["history", "compare"])
def test_comparing_versions_marks_the_changes_accessibly_under_the_policy(
    open_page, server, example_with_versions, compare, codes
):
    path = history_path(example_with_versions, compare)
    for code, bypass_csp in zip(codes, (False, True), strict=True):
        page = open_page("/admin/login/", bypass_csp=bypass_csp)
        page.fill("#id_username", EDITOR["username"])
        page.fill("#id_password", EDITOR["password"])
        page.fill("#id_otp_token", EDITOR_CODES[code])
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/")
        page.goto(server + path)
        page.wait_for_load_state("load")
        if bypass_csp:
            assert axe_violations(page) == []
        else:
            assert [text for text in page.console_errors if "Content Security Policy" in text] == []
            # admin.css (loaded with the nonce) marks the words with more than colour.
            inserted = page.locator(".wk-diff ins").first
            assert "underline" in inserted.evaluate("element => getComputedStyle(element).textDecorationLine")
            assert "line-through" in page.locator(".wk-diff del").first.evaluate(
                "element => getComputedStyle(element).textDecorationLine"
            )
