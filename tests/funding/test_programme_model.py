import datetime

import pytest
from django.db import IntegrityError

from funding.models import ApplicationStatus, DeadlineState, FundingProgramme

DAY = datetime.timedelta(days=1)


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


@pytest.fixture
def windows(make_programme, today):
    return {
        "rolling": make_programme(slug="laufend"),
        "open": make_programme(slug="offen", application_start=today - 10 * DAY, application_end=today + 10 * DAY),
        "soon": make_programme(slug="bald", application_start=today + 5 * DAY, application_end=today + 60 * DAY),
        "closed": make_programme(slug="vorbei", application_end=today - DAY),
        "last_day": make_programme(slug="letzter-tag", application_end=today),
        "late": make_programme(slug="spaet", application_end=today + 80 * DAY),
        "unknown": make_programme(slug="unbekannt", deadline_state=DeadlineState.UNKNOWN),
        "ended": make_programme(slug="beendet", deadline_state=DeadlineState.ENDED),
    }


def test_open_for_applications_includes_rolling_and_current_windows(windows, today):
    result = slugs(FundingProgramme.objects.open_for_applications(today))
    assert {"laufend", "offen", "letzter-tag", "spaet"} <= result
    assert not {"bald", "vorbei", "unbekannt", "beendet"} & result


def test_upcoming_and_closed(windows, today):
    assert "bald" in slugs(FundingProgramme.objects.upcoming(today))
    assert slugs(FundingProgramme.objects.closed(today)) >= {"vorbei", "beendet"}
    assert "letzter-tag" not in slugs(FundingProgramme.objects.closed(today))


def test_deadline_within_only_counts_open_programmes_with_a_deadline(windows, today):
    result = slugs(FundingProgramme.objects.deadline_within(30, today))
    assert result == {"offen", "letzter-tag"}
    assert "spaet" in slugs(FundingProgramme.objects.deadline_within(90, today))


def test_deadline_ahead_lists_entered_deadlines_from_today_nearest_first(windows, today):
    ours = FundingProgramme.objects.filter(pk__in=[programme.pk for programme in windows.values()])
    result = list(ours.deadline_ahead(today).values_list("slug", flat=True))
    # Open now or opening soon; rolling, unknown, ended and passed deadlines have no date ahead.
    assert result == ["letzter-tag", "offen", "bald", "spaet"]


def test_count_by_status_counts_each_programme_once(windows, today):
    programmes = FundingProgramme.objects.all()
    counts = programmes.count_by_status(today)
    assert counts == {
        ApplicationStatus.OPEN.value: programmes.open_for_applications(today).count(),
        ApplicationStatus.UPCOMING.value: programmes.upcoming(today).count(),
        ApplicationStatus.UNKNOWN.value: programmes.filter(deadline_state=DeadlineState.UNKNOWN).count(),
        ApplicationStatus.CLOSED.value: programmes.closed(today).count(),
    }
    assert sum(counts.values()) == programmes.count()


def test_application_status_per_programme(windows, today):
    assert windows["rolling"].application_status(today) == ApplicationStatus.OPEN
    assert windows["soon"].application_status(today) == ApplicationStatus.UPCOMING
    assert windows["closed"].application_status(today) == ApplicationStatus.CLOSED
    assert windows["last_day"].is_open(today)
    assert windows["rolling"].is_rolling()
    assert not windows["open"].is_rolling()


def test_a_programme_without_known_deadlines_is_neither_open_nor_rolling(windows, today):
    assert windows["unknown"].application_status(today) == ApplicationStatus.UNKNOWN
    assert not windows["unknown"].is_open(today)
    assert not windows["unknown"].is_rolling()
    assert windows["unknown"].deadline_unknown()


def test_an_ended_programme_is_closed_without_a_date(windows, today):
    assert windows["ended"].application_status(today) == ApplicationStatus.CLOSED
    assert windows["ended"].has_ended()
    assert not windows["ended"].is_rolling()


def test_it_rejects_dates_for_a_programme_whose_deadlines_are_unknown(make_programme, today):
    with pytest.raises(IntegrityError):
        make_programme(deadline_state=DeadlineState.UNKNOWN, application_end=today)


def test_it_rejects_an_unknown_deadline_state(make_programme):
    with pytest.raises(IntegrityError):
        make_programme(deadline_state="vielleicht")


def test_it_rejects_a_window_that_ends_before_it_starts(make_programme, today):
    with pytest.raises(IntegrityError):
        make_programme(application_start=today, application_end=today - DAY)


def test_it_rejects_a_maximum_below_the_minimum(make_programme):
    with pytest.raises(IntegrityError):
        make_programme(amount_min=5000, amount_max=1000)


def test_it_rejects_a_negative_amount(make_programme):
    with pytest.raises(IntegrityError):
        make_programme(amount_min=-1)


def test_it_rejects_unknown_applicants(make_programme):
    with pytest.raises(IntegrityError):
        make_programme(applicants=["kommunen", "aliens"])


def test_it_rejects_an_unknown_level(make_programme):
    with pytest.raises(IntegrityError):
        make_programme(level="mond")


def test_it_labels_applicants_in_german(make_programme):
    programme = make_programme(applicants=["kommunen", "wohnungsunternehmen"])
    assert programme.applicant_labels() == ["Kommunen", "Wohnungsunternehmen"]


def test_a_valid_programme_is_checked_against_all_constraints_in_one_query(make_programme, django_assert_num_queries):
    programme = make_programme(amount_min=1000, amount_max=5000)
    # One question to the database, in a savepoint of its own (the test runs in a transaction): not one per constraint.
    with django_assert_num_queries(3):
        programme.validate_constraints()


def test_a_constraint_that_does_not_hold_is_named_with_its_message(make_programme, today):
    from django.core.exceptions import ValidationError

    programme = make_programme()
    programme.amount_min, programme.amount_max = 5000, 1000
    programme.application_start, programme.application_end = today, today - DAY
    with pytest.raises(ValidationError) as refused:
        programme.validate_constraints()
    messages = " ".join(refused.value.messages)
    constraints = {constraint.name: constraint for constraint in FundingProgramme._meta.constraints}
    for name in ("fundingprogramme_amount_max_not_below_min", "fundingprogramme_window_ends_after_start"):
        assert constraints[name].get_violation_error_message() in messages
    assert len(refused.value.messages) == 2
