import pytest
from django.db import IntegrityError

from contacts.models import Contact
from werkzeugkoffer.models import Region


def test_serving_finds_direct_land_wide_and_nationwide_contacts(make_contact, rlp):
    district = rlp.children.get(slug="mainz")
    direct = make_contact(slug="direkt")
    direct.regions.add(district)
    land_wide = make_contact(slug="landesweit")
    land_wide.regions.add(rlp)
    nationwide = make_contact(slug="bundesweit", nationwide=True)
    elsewhere = make_contact(slug="anderswo")
    elsewhere.regions.add(Region.objects.get(slug="bayern"))

    found = set(Contact.objects.serving(district).values_list("slug", flat=True))

    assert {direct.slug, land_wide.slug, nationwide.slug} <= found
    assert elsewhere.slug not in found


def test_it_rejects_a_postcode_that_is_not_five_digits(make_contact):
    with pytest.raises(IntegrityError):
        make_contact(postcode="5511")


def test_it_rejects_an_unknown_kind(make_contact):
    with pytest.raises(IntegrityError):
        make_contact(kind="geheimdienst")


def test_it_splits_languages(make_contact):
    assert make_contact(languages="Deutsch, Türkisch,  Arabisch").language_list() == ["Deutsch", "Türkisch", "Arabisch"]
