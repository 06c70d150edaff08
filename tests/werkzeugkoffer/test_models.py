import pytest
from django.db import IntegrityError

from werkzeugkoffer.models import Region, RegionKind


def test_it_rejects_a_district_without_a_state(db):
    with pytest.raises(IntegrityError):
        Region.objects.create(name="Landkreis Nirgendwo", slug="nirgendwo", kind=RegionKind.DISTRICT)


def test_it_rejects_a_state_with_a_parent(rlp):
    with pytest.raises(IntegrityError):
        Region.objects.create(name="Unterland", slug="unterland", kind=RegionKind.STATE, parent=rlp)


def test_it_rejects_an_unknown_region_kind(db):
    with pytest.raises(IntegrityError):
        Region.objects.create(name="Irgendwas", slug="irgendwas", kind="bezirk")


def test_it_lists_states_and_districts_separately(db):
    assert Region.objects.states().count() == 16
    assert not Region.objects.states().exclude(kind=RegionKind.STATE).exists()
    assert Region.objects.districts().filter(parent__slug="rheinland-pfalz").count() == 36


def test_a_district_knows_its_state(rlp):
    district = rlp.children.first()
    assert district.state == rlp
    assert rlp.state == rlp
