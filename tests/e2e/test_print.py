"""A practice example, funding programme or contact prints as a one- or two-page Steckbrief."""

import re

import pytest

from tests.e2e.test_pages import DETAILS

MAX_PAGES = 2


@pytest.mark.parametrize("detail", DETAILS)
def test_the_longest_entry_prints_on_at_most_two_pages(open_page, detail):
    model = DETAILS[detail]
    longest = max(model.objects.published(), key=lambda entry: len(" ".join(map(str, vars(entry).values()))))
    page = open_page(longest.get_absolute_url())

    pdf = page.pdf(format="A4")

    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) <= MAX_PAGES
    page.emulate_media(media="print")
    for hidden in [".wk-nav", ".wk-search", ".wk-breadcrumbs", ".wk-footer nav"]:
        assert not page.locator(hidden).is_visible()
    assert page.locator(".wk-print-only").first.is_visible() or detail == "beratungsstelle"
