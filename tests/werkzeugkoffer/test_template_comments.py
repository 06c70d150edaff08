"""Django's {# … #} comment ends on its own line; one spread over several lines is printed to the page."""

from pathlib import Path

from django.conf import settings


def test_no_template_spreads_a_short_comment_over_several_lines():
    spread = []
    for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.count("{#") > line.count("#}"):
                spread.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert spread == [], "use {% comment %} … {% endcomment %} for comments of several lines"
