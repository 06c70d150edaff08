"""German queries as people type them, with the entries a person expects in the first five results.

Each query runs against its catalogue's API and against the global search /suche/; the test prints
recall@5 per category (the share of expected entries among the first five) and asserts a floor per
category for the API. Run with ``-s`` to see the table when everything passes.
"""

from collections import defaultdict

PRAXIS, FOERDER, BERATUNG = "praxisbeispiele", "foerderprogramme", "beratung"

# Category -> the lowest recall@5 of the catalogue API that passes.
FLOORS = {
    "Stoppwörter": 1.0,
    "Zusatzwörter": 1.0,
    "Tippfehler": 0.75,
    "Mehrzahl": 0.85,
    "Schreibweisen ohne Umlaut": 1.0,
    "Abkürzungen": 1.0,
    "Orte und Regionen": 0.85,
    "Synonyme": 0.6,
    "Wortzusammensetzungen": 0.85,
}

# (category, catalogue, query as typed, slugs expected among the first five)
QUERIES = [
    ("Stoppwörter", PRAXIS, "Pflege-WG in Hetzerath", ["pflege-wg-hetzerath"]),
    ("Stoppwörter", PRAXIS, "Mehrgenerationenhaus in Eching", ["asz-mgh-eching"]),
    ("Stoppwörter", PRAXIS, "Wohnen im Alter mit Pflege", ["pflege-wg-hetzerath"]),
    ("Stoppwörter", PRAXIS, "ein Dorf übernimmt den Generationenvertrag", ["buergergemeinschaft-eichstetten"]),
    ("Stoppwörter", PRAXIS, "Begegnungscafé für den Stadtteil", ["zuhause-im-stadtteil-bad-muenster"]),
    ("Stoppwörter", PRAXIS, "Projekte für Menschen mit Demenz", ["asz-mgh-eching"]),
    ("Stoppwörter", FOERDER, "Förderung für Mehrgenerationenhäuser", ["bundesfoerderung-mehrgenerationenhaeuser"]),
    ("Stoppwörter", FOERDER, "Zuschuss für Quartiersmanagement", ["ni-zuschuss-quartiersprojekte"]),
    ("Stoppwörter", BERATUNG, "Stadt Krefeld für Senioren und Wohnen", ["stadt-krefeld-soziales-senioren-wohnen"]),
    ("Stoppwörter", BERATUNG, "die Stiftung in Liebenau", ["stiftung-liebenau"]),
    (
        "Zusatzwörter",
        FOERDER,
        "Fördermittel für Kommunen in Rheinland-Pfalz",
        ["rlp-foerderberatung-landesberatungsstelle", "rlp-anschubfoerderung-wohn-und-quartiersprojekte"],
    ),
    (
        "Zusatzwörter",
        FOERDER,
        "Zuschuss Quartiersmanagement Rheinland-Pfalz",
        ["rlp-anschubfoerderung-wohn-und-quartiersprojekte"],
    ),
    ("Zusatzwörter", PRAXIS, "Ansprechpartner Pflege-WG Hetzerath", ["pflege-wg-hetzerath"]),
    ("Zusatzwörter", PRAXIS, "Tagespflege Projekt Kaiserstuhl", ["buergergemeinschaft-eichstetten"]),
    ("Zusatzwörter", PRAXIS, "Wohncafé Bielefeld Beispiel", ["bielefelder-modell"]),
    ("Zusatzwörter", PRAXIS, "Stiftung Liebenau Ravensburg Kontakt", ["ravensburg-galgenhalde"]),
    ("Zusatzwörter", PRAXIS, "Nachbarschaftshilfe Dorf Ehrenamt Erfahrungen", ["buergergemeinschaft-eichstetten"]),
    ("Zusatzwörter", PRAXIS, "Pflegeheim Quartier öffnen Bielefeld Herford", ["pflege-stationaer-weiterdenken"]),
    ("Zusatzwörter", PRAXIS, "Inklusion Rostock Modellkommune Erfahrungsbericht", ["kommune-inklusiv-rostock"]),
    ("Zusatzwörter", BERATUNG, "Caritas Krefeld Beratung Senioren", ["caritasverband-region-krefeld"]),
    (
        "Zusatzwörter",
        FOERDER,
        "Aktion Mensch Förderung Wohnprojekt Antrag",
        ["aktion-mensch-inklusionsprojekte-wohnformen"],
    ),
    (
        "Zusatzwörter",
        FOERDER,
        "Bundesprogramm Mehrgenerationenhäuser Antrag stellen",
        ["bundesfoerderung-mehrgenerationenhaeuser"],
    ),
    ("Tippfehler", PRAXIS, "Ravensbrug", ["ravensburg-galgenhalde"]),
    ("Tippfehler", PRAXIS, "Eichstettn", ["buergergemeinschaft-eichstetten"]),
    ("Tippfehler", PRAXIS, "Mehrgenerationenhauss", ["asz-mgh-eching"]),
    ("Tippfehler", PRAXIS, "Bielefled", ["bielefelder-modell"]),
    ("Tippfehler", PRAXIS, "Steinhiem", ["geist-steinheim"]),
    ("Tippfehler", PRAXIS, "Ostfilden", ["gutes-aelterwerden-nellingen"]),
    ("Tippfehler", PRAXIS, "Krefled", ["krefeld-suedliche-innenstadt"]),
    ("Tippfehler", PRAXIS, "Pflege-WG Hetzerth", ["pflege-wg-hetzerath"]),
    ("Tippfehler", BERATUNG, "Libenau", ["stiftung-liebenau"]),
    ("Tippfehler", FOERDER, "Aktion Mensh", ["aktion-mensch-kommune-inklusiv"]),
    ("Mehrzahl", PRAXIS, "Genossenschaften", ["ravensburg-galgenhalde"]),
    ("Mehrzahl", PRAXIS, "Mehrgenerationenhäuser", ["asz-mgh-eching"]),
    ("Mehrzahl", PRAXIS, "Pflegeheime", ["pflege-stationaer-weiterdenken"]),
    ("Mehrzahl", PRAXIS, "Wohngemeinschaften", ["pflege-wg-hetzerath"]),
    ("Mehrzahl", PRAXIS, "Dörfer", ["buergergemeinschaft-eichstetten"]),
    ("Mehrzahl", PRAXIS, "Nachbarschaftstreffs", ["geist-steinheim"]),
    ("Mehrzahl", PRAXIS, "Pflege-WGs", ["pflege-wg-hetzerath"]),
    ("Mehrzahl", PRAXIS, "Stadtteilbüros", ["zuhause-im-stadtteil-bad-muenster"]),
    ("Mehrzahl", PRAXIS, "Mittagstische", ["pflege-stationaer-weiterdenken"]),
    ("Mehrzahl", FOERDER, "Stiftungen", ["robert-bosch-stiftung"]),
    ("Mehrzahl", FOERDER, "Modellprogramme Wohnformen", ["gkv-modellprogramm-neue-wohnformen-45f"]),
    ("Mehrzahl", BERATUNG, "Landesberatungsstellen", ["landesberatungsstelle-lsjv"]),
    ("Schreibweisen ohne Umlaut", PRAXIS, "Aeltere Ostfildern", ["gutes-aelterwerden-nellingen"]),
    ("Schreibweisen ohne Umlaut", PRAXIS, "Begegnungscafe", ["zuhause-im-stadtteil-bad-muenster"]),
    ("Schreibweisen ohne Umlaut", PRAXIS, "Bad Muenster am Stein", ["zuhause-im-stadtteil-bad-muenster"]),
    ("Schreibweisen ohne Umlaut", PRAXIS, "Buergerbeteiligung Nellingen", ["gutes-aelterwerden-nellingen"]),
    ("Schreibweisen ohne Umlaut", BERATUNG, "Franziskanerbrueder", ["franziskanerbrueder-vom-hl-kreuz"]),
    ("Abkürzungen", PRAXIS, "MGH Eching", ["asz-mgh-eching"]),
    ("Abkürzungen", PRAXIS, "Pflege WG", ["pflege-wg-hetzerath"]),
    ("Abkürzungen", PRAXIS, "Pflegewohngemeinschaft", ["pflege-wg-hetzerath"]),
    ("Abkürzungen", PRAXIS, "QM Krefeld", ["krefeld-suedliche-innenstadt"]),
    ("Abkürzungen", PRAXIS, "ASZ", ["asz-mgh-eching"]),
    ("Orte und Regionen", BERATUNG, "Beratung Mainz", ["landesberatungsstelle-lsjv"]),
    ("Orte und Regionen", BERATUNG, "Beratung Koblenz", ["landesberatungsstelle-lsjv"]),
    ("Orte und Regionen", BERATUNG, "Ansprechpartner Trier", ["landesberatungsstelle-lsjv"]),
    (
        "Orte und Regionen",
        FOERDER,
        "Quartiersmanagement Förderung NRW",
        ["nrw-foerderangebot-quartiersarbeit-krefeld", "nrw-masterplan-altengerechte-quartiere"],
    ),
    ("Orte und Regionen", FOERDER, "Förderung RLP", ["rlp-anschubfoerderung-wohn-und-quartiersprojekte"]),
    (
        "Orte und Regionen",
        PRAXIS,
        "Projekte in Rheinland-Pfalz",
        ["pflege-wg-hetzerath", "zuhause-im-stadtteil-bad-muenster"],
    ),
    ("Orte und Regionen", PRAXIS, "Demenz Bayern", ["asz-mgh-eching"]),
    ("Orte und Regionen", PRAXIS, "Pflege-WG bei Wittlich", ["pflege-wg-hetzerath"]),
    ("Synonyme", PRAXIS, "Seniorengenossenschaft", ["buergergemeinschaft-eichstetten"]),
    ("Synonyme", PRAXIS, "Einsamkeit im Alter", ["geist-steinheim"]),
    ("Synonyme", PRAXIS, "Senioren-WG", ["pflege-wg-hetzerath"]),
    ("Synonyme", PRAXIS, "barrierearm wohnen", ["bielefelder-modell"]),
    ("Synonyme", PRAXIS, "Seniorenheim im Quartier", ["pflege-stationaer-weiterdenken"]),
    ("Synonyme", PRAXIS, "Bürgerverein Pflege Dorf", ["buergergemeinschaft-eichstetten"]),
    ("Wortzusammensetzungen", PRAXIS, "Wohngemeinschaften für Pflegebedürftige", ["pflege-wg-hetzerath"]),
    ("Wortzusammensetzungen", PRAXIS, "Koordination Stadtteil", ["zuhause-im-stadtteil-bad-muenster"]),
    ("Wortzusammensetzungen", PRAXIS, "Stiftung Bremen", ["buerger-im-quartier-bremen"]),
    ("Wortzusammensetzungen", PRAXIS, "Hilfe Nachbarschaft Dorf", ["buergergemeinschaft-eichstetten"]),
    ("Wortzusammensetzungen", PRAXIS, "Versorgungskonzept", ["seniorenheime-krefeld-quartiersnah"]),
    ("Wortzusammensetzungen", BERATUNG, "Stiftung Heim Bremen", ["bremer-heimstiftung"]),
]


def recall(expected, found):
    return sum(slug in found for slug in expected) / len(expected)


def api_top(client, catalogue, query):
    response = client.get(f"/api/v1/{catalogue}/", {"q": query})
    assert response.status_code == 200, (catalogue, query)
    return [entry["slug"] for entry in response.json()["ergebnisse"][:5]]


def global_top(client, catalogue, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200, query
    page = response.context["page"]
    entries = page.object_list[:5] if page else []
    return [entry["slug"] for entry in entries if entry["hit_type"] == catalogue]


def test_the_query_set_covers_every_category_with_enough_queries():
    assert {category for category, *_rest in QUERIES} == set(FLOORS)
    assert len(QUERIES) >= 60


def test_recall_at_5_per_category(client, db, capsys):
    api, overall, missed, missed_global = defaultdict(list), defaultdict(list), [], []
    for category, catalogue, query, expected in QUERIES:
        found = api_top(client, catalogue, query)
        api[category].append(recall(expected, found))
        overall[category].append(recall(expected, global_top(client, catalogue, query)))
        if api[category][-1] < 1:
            missed.append(f"{category}: „{query}“ → {found}")
        if overall[category][-1] < 1:
            missed_global.append(f"{category}: „{query}“")

    lines = ["", "recall@5     API   /suche/  Anfragen  Kategorie"]
    for category, floor in FLOORS.items():
        share, global_share = (sum(values) / len(values) for values in (api[category], overall[category]))
        note = f"(mindestens {floor:.2f})" if floor is not None else "(nur berichtet)"
        lines.append(f"           {share:5.2f}   {global_share:5.2f}   {len(api[category]):7}   {category} {note}")
    lines += [
        "Nicht unter den ersten fünf der API:",
        *missed,
        "Nicht unter den ersten fünf von /suche/:",
        *missed_global,
    ]
    with capsys.disabled():
        print("\n".join(lines))

    below = {
        category: sum(api[category]) / len(api[category])
        for category, floor in FLOORS.items()
        if floor is not None and sum(api[category]) / len(api[category]) < floor
    }
    assert not below, (below, missed)
