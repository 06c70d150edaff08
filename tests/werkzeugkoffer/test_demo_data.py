from django.core.management import call_command

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import GuidanceKind, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.management.commands.generate_demo_data import DEMO_PREFIX, DEMO_SOURCE


def demo(model):
    return model.objects.filter(slug__startswith=DEMO_PREFIX)


def test_it_creates_marked_demo_content_with_relations(db):
    call_command(
        "generate_demo_data",
        *("--practice-examples", "40", "--funding", "8", "--contacts", "6", "--recommendations", "12"),
        verbosity=0,
    )
    assert demo(PracticeExample).count() == 40
    assert demo(FundingProgramme).count() == 8
    assert demo(Contact).count() == 6
    assert demo(Recommendation).count() == 12
    recommendation = demo(Recommendation).first()
    assert recommendation.practice_examples.exists() and recommendation.contacts.exists()
    assert not demo(Recommendation).filter(facet_fields=[]).exists()
    # Methods come with their steps, as the database requires.
    assert not demo(Recommendation).filter(kind=GuidanceKind.METHOD, steps="").exists()
    example = demo(PracticeExample).first()
    assert example.source == DEMO_SOURCE
    assert example.fields_of_action.exists()
    assert example.tags.exists()
    # The database triggers filled the facet and search columns after the bulk load.
    assert not demo(PracticeExample).filter(facet_fields=[]).exists()
    assert not demo(PracticeExample).filter(facet_tags=[]).exists()
    assert not demo(Contact).filter(facet_regions=[]).exists()
    assert example.search_document


def test_the_same_seed_gives_the_same_content(db):
    call_command("generate_demo_data", "--practice-examples", "10", "--seed", "5", verbosity=0)
    first = list(demo(PracticeExample).order_by("slug").values_list("title", flat=True))
    call_command("generate_demo_data", "--delete", verbosity=0)
    call_command("generate_demo_data", "--practice-examples", "10", "--seed", "5", verbosity=0)
    assert list(demo(PracticeExample).order_by("slug").values_list("title", flat=True)) == first


def test_delete_removes_only_demo_content(db):
    seed_count = PracticeExample.objects.count()
    call_command("generate_demo_data", "--practice-examples", "10", verbosity=0)
    call_command("generate_demo_data", "--delete", verbosity=0)
    assert PracticeExample.objects.count() == seed_count
    assert not demo(FundingProgramme).exists()
    assert not demo(Recommendation).exists()


def test_demo_content_is_searchable_and_faceted(client, db):
    call_command("generate_demo_data", "--practice-examples", "30", verbosity=0)
    data = client.get("/api/v1/praxisbeispiele/", {"q": "Quartier"}).json()
    assert data["anzahl"] >= 30


def test_specific_words_are_rare_and_general_words_common(db):
    """Like real collections: a kind of project is named in a few entries, the general topic in most."""
    call_command("generate_demo_data", "--practice-examples", "400", "--funding", "0", "--contacts", "0", verbosity=0)
    from werkzeugkoffer.catalogue.listing import fulltext

    entries = demo(PracticeExample)
    share = {word: fulltext(entries, word).count() / 400 for word in ("Quartier", "Dorfladen", "Bürgerbus", "Wohncafé")}
    assert share["Quartier"] > 0.9
    assert all(share[word] < 0.25 for word in ("Dorfladen", "Bürgerbus", "Wohncafé")), share
