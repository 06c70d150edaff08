"""What the editors' start page lists: what needs action today first (overdue reviews, broken links with the state of
the link check, deadlines that passed on published programmes), then reviews and deadlines due soon, the details the
legal pages still lack, entries never checked, and the searches that found nothing."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode

from werkzeugkoffer.backoffice import linkcheck
from werkzeugkoffer.models import (
    ApprovalRequest,
    ApprovalState,
    LinkCheck,
    LinkStatus,
    Page,
    PublicationStatus,
    SearchPlace,
    SynonymKind,
    ZeroResultQuery,
)

DEADLINE_DAYS = 30
# Published programmes whose Antragsfrist passed within this many days are listed among what needs action today.
LAPSED_DAYS = 30
# A last run of the link check longer ago than this is pointed out: the nightly run may have stopped.
LINK_CHECK_STALE_DAYS = 7
# Searches without results: the most frequent query texts of this many days, and the totals of the last few days.
ZERO_RESULT_DAYS = 30
ZERO_RESULT_LIMIT = 20
ZERO_RESULT_DAILY_DAYS = 7
# Each list shows at most this many rows (the most urgent first) and says how many there are in all.
LIMIT = 50


@dataclass
class Row:
    entry: object
    date: datetime.date | None = None
    overdue: bool = False
    note: str = ""

    @property
    def kind(self):
        return self.entry._meta.verbose_name

    @property
    def admin_url(self):
        opts = self.entry._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.entry.pk])


def catalogues():
    from contacts.models import Contact
    from funding.models import FundingProgramme
    from guidance.models import Event, NewsItem, Recommendation
    from projects.models import PracticeExample

    return [PracticeExample, FundingProgramme, Contact, Recommendation, Event, NewsItem]


def overdue_condition(model, today):
    """Entries whose next review (see next_review()) lies before today; for funding programmes also a passed
    Antragsfrist that nobody has checked since."""
    condition = Q(review_due__lt=today)
    if any(field.name == "application_end" for field in model._meta.fields):
        unchecked = Q(reviewed_at__isnull=True) | Q(application_end__gt=F("reviewed_at"))
        condition |= Q(application_end__lt=today) & Q(application_end__lt=F("review_due")) & unchecked
    return condition


def link_check_state(broken_total, today):
    """What the start page may truthfully say about the link check: never run, or when it last ran and what it found."""
    run = linkcheck.last_run()
    if run is None:
        state = "Noch nie geprüft: Die Prüfung aller Links ist noch nicht gelaufen (Betrieb: „manage.py check_links“, "
        state += "am besten jede Nacht)."
        if broken_total:
            state += " Aufgeführt sind defekte Links aus Prüfungen einzelner Einträge (Aktion „Links der ausgewählten "
            state += "Einträge prüfen“)."
        return {
            "run": None,
            "heading_note": "noch nie geprüft",
            "state": state,
            "empty": "Ob Links defekt sind, ist noch nicht bekannt.",
        }
    finished = timezone.localtime(run.finished_at)
    state = (
        f"Letzte Prüfung aller Links: {date_format(finished, 'j. F Y, H:i')} Uhr – {run.links} Links geprüft, "
        f"davon {run.broken} defekt."
    )
    if finished.date() < today - datetime.timedelta(days=LINK_CHECK_STALE_DAYS):
        state += f" Das ist mehr als {LINK_CHECK_STALE_DAYS} Tage her; bitte fragen Sie den Betrieb, ob sie noch läuft."
    return {
        "run": run,
        "heading_note": "",
        "state": state,
        "empty": "Derzeit ist kein defekter Link bekannt." if broken_total == 0 else "",
    }


def review_dashboard(user, today=None):
    """The lists of the admin start page for user (only catalogues the user may view), as of today.

    The lists come in the order the template shows them: what needs action today first (overdue reviews, broken
    links, deadlines that passed on published programmes), then what is due soon, then the long tail.
    """
    today = today or timezone.localdate()
    models = [
        model for model in catalogues() if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    overdue, due_soon, never_reviewed = [], [], []
    counts = {
        "overdue_reviews": 0,
        "reviews_soon": 0,
        "never_reviewed": 0,
        "deadlines_lapsed": 0,
        "deadlines_passed": 0,
        "deadlines_soon": 0,
        "deadlines_unknown": 0,
    }
    for model in models:
        due_entries = model.objects.due_for_review(today)
        late = overdue_condition(model, today)
        for rows, key, entries in (
            (overdue, "overdue_reviews", due_entries.filter(late)),
            (due_soon, "reviews_soon", due_entries.exclude(late)),
        ):
            counts[key] += entries.count()
            rows += [
                Row(entry, entry.next_review(), entry.is_review_overdue(today))
                for entry in entries.order_by("review_due")[:LIMIT]
            ]
        # The public pages show no „zuletzt geprüft am“ for these; the oldest first.
        unchecked = model.objects.never_reviewed()
        counts["never_reviewed"] += unchecked.count()
        never_reviewed += [Row(entry, entry.created_at.date()) for entry in unchecked.order_by("created_at")[:LIMIT]]
    overdue = sorted(overdue, key=lambda row: (row.date, str(row.entry)))[:LIMIT]
    due_soon = sorted(due_soon, key=lambda row: (row.date, str(row.entry)))[:LIMIT]
    never_reviewed = sorted(never_reviewed, key=lambda row: (row.date, str(row.entry)))[:LIMIT]

    deadlines_lapsed, deadlines_passed, deadlines_soon, deadlines_unknown = [], [], [], []
    programme_model = next((model for model in models if model._meta.model_name == "fundingprogramme"), None)
    if programme_model:
        from funding.models import DeadlineState

        programmes = programme_model.objects.exclude(status=PublicationStatus.ARCHIVED)
        # A passed Antragsfrist already reads „geschlossen“ on the public pages (ApplicationStatus, computed per
        # day); what the editors must do is enter the next round, mark the programme „beendet“ or archive it.
        lapsed_condition = Q(
            deadline_state=DeadlineState.ENTERED,
            application_end__lt=today,
            application_end__gte=today - datetime.timedelta(days=LAPSED_DAYS),
        )
        lapsed = programme_model.objects.published().filter(lapsed_condition)
        passed = programmes.filter(deadline_state=DeadlineState.ENTERED, application_end__lt=today).exclude(
            pk__in=lapsed.values("pk")
        )
        soon = programmes.filter(
            application_end__gte=today, application_end__lte=today + datetime.timedelta(days=DEADLINE_DAYS)
        )
        counts["deadlines_lapsed"] = lapsed.count()
        counts["deadlines_passed"], counts["deadlines_soon"] = passed.count(), soon.count()
        deadlines_lapsed = [
            Row(p, p.application_end, note="öffentlich „geschlossen“")
            for p in lapsed.order_by("application_end", "title")[:LIMIT]
        ]
        deadlines_passed = [Row(p, p.application_end, True) for p in passed.order_by("-application_end")[:LIMIT]]
        deadlines_soon = [Row(p, p.application_end) for p in soon.order_by("application_end")[:LIMIT]]
        # The public pages tell people to ask the funder; the never checked, then the longest unchecked come first.
        unknown = programmes.filter(deadline_state=DeadlineState.UNKNOWN)
        counts["deadlines_unknown"] = unknown.count()
        deadlines_unknown = [
            Row(p, p.reviewed_at, note="" if p.reviewed_at else "noch nie geprüft")
            for p in unknown.order_by(F("reviewed_at").asc(nulls_first=True), "title")[:LIMIT]
        ]

    broken_links = []
    model_names = {model._meta.model_name for model in models}
    broken = LinkCheck.objects.filter(status=LinkStatus.BROKEN, content_type__model__in=model_names)
    counts["broken_links"] = broken.count()
    for check in broken.select_related("content_type").order_by("-checked_at")[:LIMIT]:
        if check.entry is not None:
            reason = f"HTTP {check.status_code}" if check.status_code else check.error
            broken_links.append(Row(check.entry, check.checked_at.date(), note=f"{check.url} – {reason}"))

    # The legal pages show no placeholders to the public; what they still lack is listed here.
    legal_details = []
    shows_legal_pages = user.has_perm("werkzeugkoffer.view_page")
    if shows_legal_pages:
        for page in Page.objects.exclude(missing_details="").order_by("title"):
            legal_details.append(Row(page, page.updated_at.date(), note="; ".join(page.missing_detail_list())))
    counts["legal_details"] = len(legal_details)

    return {
        "today": today,
        "overdue_reviews": overdue,
        "reviews_soon": due_soon,
        "never_reviewed": never_reviewed,
        "legal_details": legal_details,
        "shows_legal_pages": shows_legal_pages,
        "deadlines_lapsed": deadlines_lapsed,
        "deadlines_passed": deadlines_passed,
        "deadlines_soon": deadlines_soon,
        "deadlines_unknown": deadlines_unknown,
        "deadline_days": DEADLINE_DAYS,
        "lapsed_days": LAPSED_DAYS,
        "broken_links": broken_links,
        "link_check": link_check_state(counts["broken_links"], today),
        "counts": counts,
        "limit": LIMIT,
    }


@dataclass
class ZeroResultRow:
    """A query text that found nothing, with how often and where (each place with the public search to try it)."""

    text: str
    searches: int
    places: list  # (label, searches, public URL), the most frequent first
    synonym_add_url: str = ""
    synonym_list_url: str = ""


def zero_result_searches(user, today=None):
    """The start page's section on searches without results, or None when user may not see it."""
    if not user.has_perm("werkzeugkoffer.view_zeroresultquery"):
        return None
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=ZERO_RESULT_DAYS - 1)
    by_text = {}
    rows = (
        ZeroResultQuery.objects.between(since, today)
        .with_text()
        .values("text", "place")
        .annotate(total=Sum("searches"))
        .order_by()
    )
    for row in rows:
        by_text.setdefault(row["text"], {})[row["place"]] = row["total"]
    ranked = sorted(by_text.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    may_add = user.has_perm("werkzeugkoffer.add_synonym")
    may_view = user.has_perm("werkzeugkoffer.view_synonym")
    frequent = []
    for text, places in ranked[:ZERO_RESULT_LIMIT]:
        row = ZeroResultRow(text, sum(places.values()), [])
        for place, searches in sorted(places.items(), key=lambda item: (-item[1], item[0])):
            place = SearchPlace(place)
            row.places.append((place.label, searches, place.search_url(text)))
        if may_add:
            # A one-way expansion from the word people use to the words the entries use is the usual remedy.
            query = urlencode({"kind": SynonymKind.ONE_WAY, "source": text})
            row.synonym_add_url = f"{reverse('admin:werkzeugkoffer_synonym_add')}?{query}"
        if may_view:
            row.synonym_list_url = f"{reverse('admin:werkzeugkoffer_synonym_changelist')}?{urlencode({'q': text})}"
        frequent.append(row)

    first_day = today - datetime.timedelta(days=ZERO_RESULT_DAILY_DAYS - 1)
    totals = dict(
        ZeroResultQuery.objects.between(first_day, today)
        .values("day")
        .annotate(total=Sum("searches"))
        .order_by()
        .values_list("day", "total")
    )
    daily = [
        (day, totals.get(day, 0))
        for day in (today - datetime.timedelta(days=offset) for offset in range(ZERO_RESULT_DAILY_DAYS))
    ]
    return {
        "frequent": frequent,
        "distinct": len(ranked),
        "days": ZERO_RESULT_DAYS,
        "daily": daily,
        "list_url": reverse("admin:werkzeugkoffer_zeroresultquery_changelist"),
    }


# Returned requests stay on their author's start page this many days, unless the entry was submitted again.
RETURNED_DAYS = 60


@dataclass
class WaitingRow:
    """One line of „Warten auf Freigabe“: a request, or an entry in „zur Freigabe“ that has none (it was put there
    by a data load or before requests were recorded)."""

    title: str
    kind: str
    url: str
    author: str
    submitted_at: datetime.datetime
    note: str = ""


def approval_board(user, today=None):
    """What waits for the Freigabe (with who asked, when and why) and what the Freigabe returned to user."""
    from werkzeugkoffer.backoffice.approvals import user_name

    today = today or timezone.localdate()
    models = [
        model for model in catalogues() if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    visible = [model._meta.model_name for model in models]
    requests = ApprovalRequest.objects.filter(content_type__model__in=visible).select_related(
        "author", "decided_by", "content_type"
    )
    pending = requests.pending().order_by("submitted_at")
    waiting = [
        WaitingRow(
            approval.object_repr,
            approval.get_kind_display(),
            reverse("admin:werkzeugkoffer_approvalrequest_change", args=[approval.pk]),
            user_name(approval.author),
            approval.submitted_at,
            approval.note,
        )
        for approval in pending[:LIMIT]
    ]
    total = pending.count()
    for model in models:
        has_request = Exists(pending.filter(content_type__model=model._meta.model_name, object_id=OuterRef("pk")))
        unasked = model.objects.in_review().exclude(has_request)
        total += unasked.count()
        waiting += [
            WaitingRow(str(entry), "Erstveröffentlichung", Row(entry).admin_url, "unbekannt", entry.updated_at)
            for entry in unasked.order_by("updated_at")[:LIMIT]
        ]
    waiting = sorted(waiting, key=lambda row: row.submitted_at)[:LIMIT]
    since = today - datetime.timedelta(days=RETURNED_DAYS)
    returned = (
        requests.filter(state=ApprovalState.RETURNED, author=user, decided_at__date__gte=since)
        .exclude(
            Exists(
                ApprovalRequest.objects.filter(
                    content_type=OuterRef("content_type"),
                    object_id=OuterRef("object_id"),
                    submitted_at__gt=OuterRef("decided_at"),
                )
            )
        )
        .order_by("-decided_at")
    )
    return {
        "waiting": waiting,
        "waiting_total": total,
        "returned": list(returned[:LIMIT]),
        "returned_total": returned.count(),
        "list_url": reverse("admin:werkzeugkoffer_approvalrequest_changelist"),
    }
