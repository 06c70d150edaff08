"""The practice-example list: facts no source gives are a value of their own."""

from projects.models import PracticeExample


def facet(listing, name):
    return next(facet for facet in listing.facets if facet.name == name)


def test_examples_whose_running_state_no_source_gives_are_an_option_of_their_own(client, db):
    published = PracticeExample.objects.published()
    unknown = published.filter(is_running__isnull=True)
    assert unknown.exists()
    listing = client.get("/praxisbeispiele/").context["listing"]
    counts = {option.value: option.count for option in facet(listing, "laufzeit").visible_options}
    assert counts["nicht-angegeben"] == unknown.count()
    assert sum(counts.values()) == published.count()
    found = client.get("/praxisbeispiele/", {"laufzeit": "nicht-angegeben"}).context["listing"]
    assert {entry.slug for entry in found.page} == set(unknown.values_list("slug", flat=True))
    running = client.get("/praxisbeispiele/", {"laufzeit": "laeuft"}).context["listing"]
    assert [offer.label for offer in running.unknown_offers] == [
        f"Auch {unknown.count()} Einträge ohne Angabe zu „Laufzeit“ anzeigen"
    ]


def test_examples_without_a_raumtyp_are_counted_and_found_as_not_stated(client, db):
    blank = PracticeExample.objects.published().filter(area_type="")
    listing = client.get("/praxisbeispiele/").context["listing"]
    counts = {option.value: option.count for option in facet(listing, "raumtyp").visible_options}
    assert counts["nicht-angegeben"] == blank.count() > 0
    found = client.get("/praxisbeispiele/", {"raumtyp": "nicht-angegeben"}).context["listing"]
    assert {entry.slug for entry in found.page} == set(blank.values_list("slug", flat=True))
