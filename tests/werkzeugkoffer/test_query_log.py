"""Searches without results are counted without personal data, and editors see the frequent ones on their start page."""

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from werkzeugkoffer.backoffice.dashboard import zero_result_searches
from werkzeugkoffer.catalogue import query_log
from werkzeugkoffer.models import (
    QUERY_LOG_TEXT_LENGTH,
    QUERY_LOG_TEXT_THRESHOLD,
    ContentState,
    SearchPlace,
    SynonymKind,
    ZeroResultQuery,
)

# Words that no entry contains, nor anything spelt like them.
NOTHING = "Zwiebelturmquokka"
DAY = datetime.date(2026, 11, 23)


def search(client, path="/praxisbeispiele/", query=NOTHING, times=1, **params):
    for _time in range(times):
        response = client.get(path, {"q": query, **params})
        assert response.status_code == 200
    return response


def rows():
    return list(ZeroResultQuery.objects.values("day", "place", "digest", "searches", "text"))


@pytest.fixture(autouse=True)
def no_counts_yet(db):
    """Start from an empty count, whatever another test's live server committed (rolled back with the test)."""
    ZeroResultQuery.objects.all().delete()


@pytest.fixture
def on_day(monkeypatch):
    """Searches count on the given day."""

    def set_day(day):
        monkeypatch.setattr(query_log.timezone, "localdate", lambda: day)

    return set_day


def test_a_search_that_finds_nothing_is_counted_without_its_text(client, db):
    response = search(client)

    assert response.context["listing"].total == 0
    [row] = rows()
    assert row["place"] == SearchPlace.PRACTICE_EXAMPLES
    assert row["day"] == timezone.localdate()
    assert row["searches"] == 1
    assert row["text"] == ""
    assert row["digest"] == query_log.digest(NOTHING.lower(), timezone.localdate())


def test_the_text_is_stored_only_from_the_third_search_of_a_day(client, db):
    search(client, times=2)
    assert [(row["searches"], row["text"]) for row in rows()] == [(2, "")]

    search(client)
    assert [(row["searches"], row["text"]) for row in rows()] == [(3, NOTHING.lower())]
    assert QUERY_LOG_TEXT_THRESHOLD == 3

    search(client)
    assert [(row["searches"], row["text"]) for row in rows()] == [(4, NOTHING.lower())]


def test_spellings_of_one_query_count_as_one(client, db):
    for typed in [
        f"{NOTHING} Wolkenkuckucksheim",
        f"  {NOTHING.upper()}   wolkenkuckucksheim ",
        f"{NOTHING}\tWOLKENkuckucksheim",
    ]:
        search(client, query=typed)

    assert [(row["searches"], row["text"]) for row in rows()] == [(3, f"{NOTHING.lower()} wolkenkuckucksheim")]


def test_the_threshold_counts_per_place_and_day(client, db, on_day):
    on_day(DAY)
    search(client, times=2)
    search(client, path="/suche/")
    on_day(DAY + datetime.timedelta(days=1))
    search(client)

    assert ZeroResultQuery.objects.count() == 3
    assert not ZeroResultQuery.objects.with_text().exists()


def test_it_keeps_no_address_browser_referrer_or_cookie(client, db):
    secrets = {
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_X_FORWARDED_FOR": "198.51.100.23",
        "HTTP_USER_AGENT": "Testbrowser/1.0 (Privat)",
        "HTTP_REFERER": "https://example.org/geheime-seite",
        "HTTP_ACCEPT_LANGUAGE": "de-DE",
    }
    client.cookies["verfolgung"] = "kennung-4711"
    for _time in range(3):
        client.get("/praxisbeispiele/", {"q": NOTHING}, **secrets)

    assert {field.name for field in ZeroResultQuery._meta.get_fields()} == {
        "id",
        "day",
        "place",
        "digest",
        "searches",
        "text",
    }
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ZeroResultQuery._meta.db_table}")
        stored = repr(cursor.fetchall())
    for value in [*secrets.values(), "kennung-4711", "verfolgung"]:
        assert value not in stored
    # No time of day, only the day.
    assert ZeroResultQuery._meta.get_field("day").get_internal_type() == "DateField"


def test_below_the_threshold_the_text_never_reaches_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        search(client, times=2)

    statements = [query["sql"] for query in queries if ZeroResultQuery._meta.db_table in query["sql"]]
    assert len(statements) == 2
    assert not any(NOTHING.lower() in sql for sql in statements)


def test_digests_differ_across_days_and_secret_keys(client, db, on_day, settings):
    on_day(DAY)
    search(client)
    on_day(DAY + datetime.timedelta(days=1))
    search(client)

    first, second = ZeroResultQuery.objects.order_by("day").values_list("digest", flat=True)
    assert first != second
    assert len(first) == 64
    assert first == query_log.digest(NOTHING.lower(), DAY)
    settings.SECRET_KEY = "ein-anderer-geheimer-schluessel"
    assert query_log.digest(NOTHING.lower(), DAY) != first


def test_searches_with_results_are_not_counted(client, db):
    search(client, query="Pflege")
    search(client, path="/suche/", query="Pflege")
    search(client, path="/api/v1/beratung/", query="Beratung")

    assert not ZeroResultQuery.objects.exists()


@pytest.mark.parametrize(
    ("query", "mode"),
    [(f"Pflege {NOTHING}", "partial"), ("Ravensbrug", "similar")],
    ids=["some-words", "similar-spelling"],
)
def test_searches_that_the_fallbacks_answer_are_not_counted(client, db, query, mode):
    listing = search(client, query=query).context["listing"]

    assert listing.mode == mode and listing.total > 0
    assert not ZeroResultQuery.objects.exists()


def test_searches_narrowed_by_a_chosen_filter_are_not_counted(client, db):
    search(client, query="Pflege", bundesland="saarland", handlungsfeld="mobilitaet")
    search(client, handlungsfeld="wohnen")
    search(client, path="/foerderprogramme/", foerderart="darlehen")

    assert not ZeroResultQuery.objects.exists()


def test_the_funding_list_counts_with_or_without_ended_programmes(client, db):
    search(client, path="/foerderprogramme/")
    search(client, path="/foerderprogramme/", abgelaufene="ja")

    assert ZeroResultQuery.objects.get(place=SearchPlace.FUNDING).searches == 2


def test_a_term_of_stop_words_only_is_no_search(client, db):
    search(client, query="und der die")

    assert not ZeroResultQuery.objects.exists()


@pytest.mark.parametrize(
    ("path", "place"),
    [
        ("/praxisbeispiele/", SearchPlace.PRACTICE_EXAMPLES),
        ("/foerderprogramme/", SearchPlace.FUNDING),
        ("/beratung/", SearchPlace.CONTACTS),
        ("/handlungsempfehlungen/", SearchPlace.GUIDANCE),
        ("/suche/", SearchPlace.EVERYTHING),
        ("/api/v1/praxisbeispiele/", SearchPlace.API_PRACTICE_EXAMPLES),
        ("/api/v1/foerderprogramme/", SearchPlace.API_FUNDING),
        ("/api/v1/beratung/", SearchPlace.API_CONTACTS),
        ("/api/v1/handlungsempfehlungen/", SearchPlace.API_GUIDANCE),
    ],
)
def test_each_search_counts_in_its_place(client, db, path, place):
    search(client, path=path, times=3)

    assert list(ZeroResultQuery.objects.values_list("place", "searches", "text")) == [(place, 3, NOTHING.lower())]


def test_the_live_filters_results_region_counts_too(client, db):
    client.get("/praxisbeispiele/", {"q": NOTHING}, headers={"X-Werkzeugkoffer-Partial": "1"})

    assert ZeroResultQuery.objects.get().searches == 1


def test_the_search_over_everything_counts_whatever_type_is_chosen(client, db):
    search(client, path="/suche/", typ="beratung")

    assert ZeroResultQuery.objects.get().place == SearchPlace.EVERYTHING


def test_signed_in_staff_head_requests_and_bots_are_not_counted(client, editor, db):
    editor.get("/praxisbeispiele/", {"q": NOTHING})
    client.head("/praxisbeispiele/", {"q": NOTHING})
    client.get("/praxisbeispiele/", {"q": NOTHING}, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get("/suche/", {"q": NOTHING}, HTTP_USER_AGENT="Mozilla/5.0 (compatible; bingbot/2.0)")

    assert not ZeroResultQuery.objects.exists()


def test_a_repeated_request_answered_with_304_is_not_counted_again(client, db):
    first = search(client)
    again = client.get("/praxisbeispiele/", {"q": NOTHING}, headers={"If-None-Match": first["ETag"]})

    # The conditional-request middleware answers before the view runs: the search is not counted again.
    assert again.status_code == 304
    assert ZeroResultQuery.objects.get().searches == 1


def test_counting_changes_neither_the_content_version_nor_the_etag(client, db):
    version = ContentState.objects.get().version
    first = search(client)

    assert ContentState.objects.get().version == version
    assert search(client)["ETag"] == first["ETag"]


def test_an_address_or_telephone_number_is_counted_but_never_stored(client, db):
    for query in ["zwiebelturmquokka@xqzv.vq", "Zwiebelturmquokka 0651 123456", "Zwiebelturmquokka 54290"]:
        search(client, query=query, times=3)

    assert sorted(ZeroResultQuery.objects.values_list("searches", "text")) == [
        (3, ""),
        (3, ""),
        (3, "zwiebelturmquokka 54290"),
    ]


def test_the_text_is_cut_at_a_word(db):
    text = query_log.normalise(" ".join(["Quartiersentwicklungsvorhaben"] * 8))

    assert len(text) <= QUERY_LOG_TEXT_LENGTH
    assert text.split() == ["quartiersentwicklungsvorhaben"] * 3


def test_a_database_error_while_counting_does_not_break_the_search(client, db, monkeypatch, caplog):
    # A digest longer than its column: PostgreSQL refuses the row in the middle of the request's work.
    monkeypatch.setattr(query_log, "digest", lambda text, day: "x" * 100)

    with caplog.at_level("WARNING", logger="werkzeugkoffer.catalogue.query_log"):
        response = search(client, query=NOTHING)
        api = client.get("/api/v1/praxisbeispiele/", {"q": NOTHING})

    assert response.context["listing"].total == 0 and response.content.decode().rstrip().endswith("</html>")
    assert api.status_code == 200 and api.json()["anzahl"] == 0
    assert [record.getMessage() for record in caplog.records] == ["Suche ohne Treffer nicht gezählt (DataError)"] * 2
    assert NOTHING.lower() not in caplog.text
    assert not ZeroResultQuery.objects.exists()
    # The request's connection is still usable afterwards.
    assert search(client, query="Pflege").context["listing"].total > 0


def test_any_error_while_counting_does_not_break_the_search(client, db, monkeypatch, caplog):
    def fail(*args):
        raise DatabaseError("Verbindung verloren")

    monkeypatch.setattr(ZeroResultQuery.objects, "add_search", fail)

    with caplog.at_level("WARNING", logger="werkzeugkoffer.catalogue.query_log"):
        response = search(client, path="/suche/")

    assert response.status_code == 200
    assert "Suche ohne Treffer nicht gezählt (DatabaseError)" in caplog.text


def test_counting_adds_one_statement_and_a_second_when_the_text_is_stored(client, db, monkeypatch):
    def statements_of_a_search():
        with CaptureQueriesContext(connection) as queries:
            search(client)
        # Savepoints only occur inside the test's transaction; public requests run in autocommit.
        return [query["sql"] for query in queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]

    search(client)  # counted once; fills the caches of the content version
    add = query_log._add
    monkeypatch.setattr(query_log, "_add", lambda *args: None)
    without = statements_of_a_search()
    monkeypatch.setattr(query_log, "_add", add)
    second = statements_of_a_search()
    third = statements_of_a_search()

    assert len(second) == len(without) + 1
    assert len(third) == len(without) + 2
    assert ZeroResultQuery.objects.get().searches == 3


# The editors' start page


@pytest.fixture
def counted(db):
    """Searches without results of the last days, as the log holds them after the nightly cleanup."""
    today = timezone.localdate()

    def add(text, place, searches, days_ago=0, digest=None):
        ZeroResultQuery.objects.create(
            day=today - datetime.timedelta(days=days_ago),
            place=place,
            digest=digest if digest is not None else query_log.digest(text or str(searches), today),
            searches=searches,
            text=text,
        )

    add("seniorenheim", SearchPlace.PRACTICE_EXAMPLES, 7)
    add("seniorenheim", SearchPlace.EVERYTHING, 3, days_ago=2)
    add("pflegewohngruppe trier", SearchPlace.CONTACTS, 4, days_ago=1)
    add("tagesmutter", SearchPlace.FUNDING, 9, days_ago=31)  # older than 30 days
    add("", SearchPlace.PRACTICE_EXAMPLES, 2)  # a query below the threshold: counted, text unknown
    add("", SearchPlace.EVERYTHING, 5, days_ago=1, digest="")  # the rare queries of yesterday, folded
    return today


def test_the_start_page_lists_the_frequent_searches_without_results(counted, make_staff):
    board = zero_result_searches(make_staff("freigabe", "Freigabe"), today=counted)

    assert [(row.text, row.searches) for row in board["frequent"]] == [
        ("seniorenheim", 10),
        ("pflegewohngruppe trier", 4),
    ]
    places = board["frequent"][0].places
    assert [(label, searches) for label, searches, _url in places] == [
        ("Praxisbeispiele", 7),
        ("Suche über alle Inhalte", 3),
    ]
    assert [url for _label, _searches, url in places] == ["/praxisbeispiele/?q=seniorenheim", "/suche/?q=seniorenheim"]
    daily = dict(board["daily"])
    assert len(daily) == 7
    assert daily[counted] == 9
    assert daily[counted - datetime.timedelta(days=1)] == 9
    assert daily[counted - datetime.timedelta(days=3)] == 0


def test_the_start_page_counts_only_the_30_days_up_to_its_date(counted, make_staff):
    board = zero_result_searches(make_staff("freigabe", "Freigabe"), today=counted - datetime.timedelta(days=1))

    assert [(row.text, row.searches) for row in board["frequent"]] == [
        ("pflegewohngruppe trier", 4),
        ("seniorenheim", 3),
    ]
    assert dict(board["daily"])[counted - datetime.timedelta(days=1)] == 9


def test_the_start_page_names_how_many_terms_it_leaves_out(counted, make_staff, client_for):
    for number in range(25):
        ZeroResultQuery.objects.create(
            day=counted, place=SearchPlace.FUNDING, digest=f"{number:064}", searches=3, text=f"begriff {number}"
        )

    content = client_for(make_staff("redaktion", "Redaktion")).get("/admin/").content.decode()

    list_url = reverse("admin:werkzeugkoffer_zeroresultquery_changelist")
    assert f'Die 20 häufigsten von 27 Suchbegriffen; alle stehen unter <a href="{list_url}">' in content


@pytest.mark.parametrize("role", ["Redaktion", "Freigabe"])
def test_both_roles_see_the_section_on_their_start_page(counted, make_staff, client_for, role):
    content = client_for(make_staff("person", role)).get("/admin/").content.decode()

    section = content[content.index('<section class="module wk-zero-results"') :]
    section = section[: section.index("</section>")]
    assert "Suchanfragen ohne Treffer" in section
    assert '<th scope="row">seniorenheim</th>\n        <td data-label="Anzahl">10</td>' in section
    assert '<a href="/praxisbeispiele/?q=seniorenheim"><span class="visually-hidden">„seniorenheim“' in section
    assert "</span>Praxisbeispiele</a> (7), " in section
    assert '<a href="/beratung/?q=pflegewohngruppe+trier">' in section
    assert "tagesmutter" not in section
    assert "Suchen ohne Treffer pro Tag" in section
    search_list = reverse("admin:werkzeugkoffer_synonym_changelist") + "?q=seniorenheim"
    assert f'<a href="{search_list}">in den Synonymen<span' in section
    synonym_add = reverse("admin:werkzeugkoffer_synonym_add") + "?kind=eine-richtung&amp;source=seniorenheim"
    # Only the Freigabe maintains the synonym list.
    assert (f'<a href="{synonym_add}">Synonym anlegen' in section) == (role == "Freigabe")


def test_the_start_page_says_when_no_search_was_frequent_enough(make_staff, client_for, db):
    ZeroResultQuery.objects.create(day=timezone.localdate(), place=SearchPlace.EVERYTHING, digest="a" * 64)

    content = client_for(make_staff("redaktion", "Redaktion")).get("/admin/").content.decode()

    assert (
        "In den letzten 30 Tagen gab es keine Suchanfrage ohne Treffer, die mindestens dreimal gestellt wurde."
        in content
    )
    assert "(heute, bisher)</th><td>1</td>" in content


def test_staff_without_a_role_do_not_see_the_section(counted, make_staff, client_for):
    assert zero_result_searches(make_staff("ohne-rolle"), today=counted) is None
    assert "Suchanfragen ohne Treffer" not in client_for(make_staff("ohne")).get("/admin/").content.decode()


def test_the_synonym_form_opens_with_the_query_as_search_term(counted, reviewer):
    board_url = reverse("admin:werkzeugkoffer_synonym_add") + "?kind=eine-richtung&source=seniorenheim"

    form = reviewer.get(board_url).context["adminform"].form

    assert form.initial["kind"] == SynonymKind.ONE_WAY
    assert form.initial["source"] == "seniorenheim"


def test_the_read_only_list_shows_only_stored_texts(counted, editor):
    url = reverse("admin:werkzeugkoffer_zeroresultquery_changelist")

    content = editor.get(url).content.decode()

    assert "seniorenheim" in content and "pflegewohngruppe trier" in content
    assert "(seltene Suchbegriffe)" not in content
    row = ZeroResultQuery.objects.with_text().first()
    change = editor.get(reverse("admin:werkzeugkoffer_zeroresultquery_change", args=[row.pk])).content.decode()
    assert row.digest not in change
    assert editor.post(reverse("admin:werkzeugkoffer_zeroresultquery_delete", args=[row.pk])).status_code == 403


# Cleanup


def test_the_cleanup_deletes_old_counts_and_folds_the_rare_queries_of_ended_days(db, capsys):
    today = timezone.localdate()

    def add(days_ago, searches, text="", digest=None):
        return ZeroResultQuery.objects.create(
            day=today - datetime.timedelta(days=days_ago),
            place=SearchPlace.PRACTICE_EXAMPLES,
            digest=digest if digest is not None else f"{days_ago}-{searches}-{text}",
            searches=searches,
            text=text,
        )

    add(91, 5, "zu alt")
    add(91, 1)
    add(90, 4, "gerade noch")
    add(3, 1)
    add(3, 2)
    add(3, 6, "häufig")
    add(1, 1)
    add(1, 4, digest="")  # folded by an earlier run
    add(0, 2)  # today: the day is still counting

    call_command("prune_query_log")

    kept = sorted(ZeroResultQuery.objects.values_list("day", "searches", "text", "digest"))
    ago = {days: today - datetime.timedelta(days=days) for days in (90, 3, 1, 0)}
    assert [(day, searches, text) for day, searches, text, _digest in kept] == [
        (ago[90], 4, "gerade noch"),
        (ago[3], 3, ""),
        (ago[3], 6, "häufig"),
        (ago[1], 5, ""),
        (ago[0], 2, ""),
    ]
    assert [digest for day, _searches, _text, digest in kept if day != today and not _text] == ["", ""]
    assert "2 Zählungen gelöscht" in capsys.readouterr().out


def test_the_cleanup_takes_another_retention(db):
    ZeroResultQuery.objects.create(
        day=timezone.localdate() - datetime.timedelta(days=8), place=SearchPlace.EVERYTHING, digest="d", text="x"
    )

    call_command("prune_query_log", days=7)

    assert not ZeroResultQuery.objects.exists()
