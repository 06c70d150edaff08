def test_live_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_ready_checks_the_database(client, db):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.content == b"bereit\n"
