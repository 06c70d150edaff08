from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from contacts.models import Contact
from funding.models import ApplicationStatus, FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.catalogue import synonyms
from werkzeugkoffer.catalogue.counting import cached
from werkzeugkoffer.catalogue.listing import SEARCH_COLUMNS, fulltext, page_number
from werkzeugkoffer.models import Page

# Offered as links under the start page's search box; only those that find something are shown.
SEARCH_SUGGESTIONS = ["Pflege-WG", "Wohncafé", "Dorfladen", "Nachbarschaftshilfe", "Tagespflege", "Bad Kreuznach"]
NEWEST_PER_TYPE = 3
DEADLINES_SHOWN = 5
EVENTS_SHOWN = 3
NEWS_SHOWN = 3


def findable(terms, thesaurus=None):
    """The terms for which the search (with the synonyms of thesaurus) finds at least one published entry."""
    models = [PracticeExample, FundingProgramme, Contact, Recommendation]
    found = []
    for term in terms:
        matches = (fulltext(model.objects.published(), term, thesaurus) for model in models)
        if any(match is not None and match.exists() for match in matches):
            found.append(term)
    return found


def home(request):
    today = timezone.localdate()
    programmes = FundingProgramme.objects.published().defer(*SEARCH_COLUMNS)

    # Counting every published entry grows with the content; the counts change only with it (and the date).
    def compute():
        by_status = programmes.count_by_status(today)
        return {
            "example_count": PracticeExample.objects.published().count(),
            "programme_count": sum(by_status.values()),
            "open_count": by_status[ApplicationStatus.OPEN.value],
            "unknown_count": by_status[ApplicationStatus.UNKNOWN.value],
            "contact_count": Contact.objects.published().count(),
            "recommendation_count": Recommendation.objects.published().count(),
            "search_suggestions": findable(SEARCH_SUGGESTIONS, synonyms.for_request(request)),
        }

    counts = cached(request, ("start", "counts"), compute)
    newest_examples = PracticeExample.objects.published().defer(*SEARCH_COLUMNS).select_related("state")
    return render(
        request,
        "werkzeugkoffer/home.html",
        {
            **counts,
            "today": today,
            "newest_examples": newest_examples.order_by("-created_at")[:NEWEST_PER_TYPE],
            "newest_programmes": programmes.order_by("-created_at")[:NEWEST_PER_TYPE],
            "upcoming_deadlines": programmes.deadline_ahead(today)[:DEADLINES_SHOWN],
            # Soonest first: the events' own ordering.
            "upcoming_events": Event.objects.published().upcoming(today)[:EVENTS_SHOWN],
            "newest_news": NewsItem.objects.published().newest()[:NEWS_SHOWN],
        },
    )


def page(request, slug):
    return render(request, "werkzeugkoffer/page.html", {"page": get_object_or_404(Page, slug=slug)})


def paginate(request, object_list, per_page):
    """The page of object_list that ?page= asks for, and the notices to show when that page does not exist.

    A page that does not exist shows a real one with a notice, never an error: the address may come from an
    old bookmark or a list that has since become shorter.
    """
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get("page")
    asked = page_number(raw)
    notices = []
    if raw is not None and not (asked and asked <= paginator.num_pages):
        notices.append(f"Die Seite „{raw[:20]}“ gibt es nicht; angezeigt wird eine vorhandene Seite.")
    return paginator.get_page(asked), notices


def preview_response(response, entry):
    """A staff preview of an unpublished entry is neither cached nor indexed."""
    if not entry.is_published():
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response
