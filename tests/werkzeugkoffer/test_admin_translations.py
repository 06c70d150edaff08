"""Every text the admin's scripts show or read out to editors is German."""

import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.utils.translation.trans_real import DjangoTranslation

ADMIN = Path(django.contrib.admin.__file__).parent
SCRIPTS = [path for path in (ADMIN / "static/admin/js").rglob("*.js") if "vendor" not in path.parts]
# Words spelt the same in German.
SAME_IN_GERMAN = {"April", "August", "Filter", "November", "September"}


def admin_script_catalogue():
    """The German catalogue the admin's /admin/jsi18n/ view serves (Django's plus LOCALE_PATHS)."""
    return DjangoTranslation("de", domain="djangojs", localedirs=[str(ADMIN / "locale")])


def test_every_admin_script_text_has_a_german_translation():
    catalogue = admin_script_catalogue()
    texts = {text for path in SCRIPTS for text in re.findall(r'(?<!p)gettext\(\s*"([^"]+)"', path.read_text())}
    assert len(texts) > 40
    untranslated = sorted(text for text in texts - SAME_IN_GERMAN if catalogue.gettext(text) == text)
    assert untranslated == []


def test_the_date_shortcuts_read_out_german():
    catalogue = admin_script_catalogue()
    assert catalogue.gettext("Today (%(date)s)") == "Heute (%(date)s)"
    assert catalogue.gettext("%(month)s %(day)s, %(year)s") == "%(day)s. %(month)s %(year)s"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_its_source(domain):
    """locale/…/<domain>.mo is compiled from the .po beside it (msgfmt -o <domain>.mo <domain>.po)."""
    import ast
    import gettext

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "de/LC_MESSAGES"
    entries, current = {}, None
    for line in (folder / f"{domain}.po").read_text().splitlines():
        if line.startswith(("msgid ", "msgstr ")):
            keyword, _space, text = line.partition(" ")
            current = [keyword, ast.literal_eval(text)]
            if keyword == "msgid":
                msgid = current
            else:
                entries[msgid[1]] = current
        elif line.startswith('"') and current:
            current[1] += ast.literal_eval(line)
    source = {msgid: msgstr[1] for msgid, msgstr in entries.items() if msgid}
    with open(folder / f"{domain}.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert source and {msgid: compiled.gettext(msgid) for msgid in source} == source
