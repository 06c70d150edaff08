import xml.etree.ElementTree as ElementTree

from werkzeugkoffer.models import PublicationStatus

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [element.text for element in root.findall("s:url/s:loc", NAMESPACE)]


def test_the_sitemap_lists_the_lists_and_every_published_entry_of_the_four_catalogues(
    client, make_example, make_programme, make_contact, make_recommendation
):
    entries = [
        make_example(slug="karte-beispiel"),
        make_programme(slug="karte-programm"),
        make_contact(slug="karte-stelle"),
        make_recommendation(slug="karte-empfehlung"),
    ]
    found = locations(client)
    lists = ["/", "/praxisbeispiele/", "/foerderprogramme/", "/handlungsempfehlungen/", "/beratung/", "/aktuelles/"]
    for path in [*lists, "/impressum/"]:
        assert f"http://testserver{path}" in found
    for entry in entries:
        assert f"http://testserver{entry.get_absolute_url()}" in found
    # The seeded Veranstaltungen and Aktuelles.
    assert "http://testserver/veranstaltungen/abschlusskongress-sozialraeume-staerken-2025/" in found
    assert "http://testserver/aktuelles/kampagne-daheim-und-mittendrin/" in found


def test_the_sitemap_leaves_out_drafts_and_archived_entries(client, make_recommendation):
    draft = make_recommendation(slug="entwurf-empfehlung", status=PublicationStatus.DRAFT)
    archived = make_recommendation(slug="archiv-empfehlung", status=PublicationStatus.ARCHIVED)
    found = locations(client)
    assert f"http://testserver{draft.get_absolute_url()}" not in found
    assert f"http://testserver{archived.get_absolute_url()}" not in found


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Set-Cookie" not in response
