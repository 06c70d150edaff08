"""The Förder-Check at /foerder-check/: one question per page, a page to check the answers, and the result.

All answers live in the query string (GET forms, no session, no cookie), so that every step works without
JavaScript, the browser's back button and bookmarks keep them, and a result can be sent to a colleague.
"""

import copy

from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse

from foerdercheck.forms import ANSWER_NAMES, STEP_BY_SLUG, STEPS
from places import resolver
from werkzeugkoffer.catalogue import shortlist
from werkzeugkoffer.catalogue.listing import place_reading, url_with

CHANGING = "aendern"  # came from „Ihre Antworten“ and goes back there
SUBMITTED = "weiter"  # the question's form was sent, as opposed to opened by a link
FIRST_PROGRAMMES = 5
FIRST_EXAMPLES = 3


def answers_in(data):
    """Only the check's own parameters and the Merkliste („e“, which travels in the address without JavaScript):
    whatever else a link carries is not passed on."""
    params = QueryDict(mutable=True)
    for name in [*ANSWER_NAMES, CHANGING, shortlist.PARAMETER]:
        if name in data:
            params.setlist(name, data.getlist(name))
    return params


def question_url(step, params):
    return url_with(params, reverse("foerdercheck:question", args=[step.slug]))


def page_url(name, params):
    return url_with(params, reverse(f"foerdercheck:{name}"))


def without_changing(params):
    params = params.copy()
    params.pop(CHANGING, None)
    return params


def read_answers(data):
    """The forms of all questions bound to data, and the first question that is unanswered or answered wrongly."""
    forms = {}
    for step in STEPS:
        form = step.form_class(data)
        if not step.is_answered(data) or not form.is_valid():
            return forms, step
        forms[step.slug] = form
    return forms, None


def start(request):
    return render(request, "foerdercheck/start.html", {"first_url": question_url(STEPS[0], answers_in(request.GET))})


def question(request, step):
    step = STEP_BY_SLUG.get(step)
    if step is None:
        raise Http404("Diese Frage gibt es nicht.")
    params = answers_in(request.GET)
    position = STEPS.index(step)
    submitted = SUBMITTED in request.GET
    form = step.form_class(request.GET if submitted or step.is_answered(request.GET) else None)
    if submitted and form.is_valid():
        for name, values in form.canonical().items():
            params.setlist(name, values)
        if CHANGING in params:
            return HttpResponseRedirect(page_url("answers", without_changing(params)))
        if position + 1 < len(STEPS):
            return HttpResponseRedirect(question_url(STEPS[position + 1], params))
        return HttpResponseRedirect(page_url("answers", params))
    if CHANGING in params:
        back_url = page_url("answers", without_changing(params))
    elif position:
        back_url = question_url(STEPS[position - 1], params)
    else:
        back_url = reverse("foerdercheck:start")
    errors = [{"field": field, "message": message} for field, messages in form.errors.items() for message in messages]
    hidden = [(name, value) for name in params for value in params.getlist(name) if name not in step.names]
    place_choices = getattr(form, "place_choices", ())
    other_place = params.copy()
    for name in step.names:
        other_place.pop(name, None)
    context = {
        "step": step,
        "form": form,
        "number": position + 1,
        "count": len(STEPS),
        "options": form.options(),
        "chosen": request.GET.getlist(form.name),
        "place_text": request.GET.get("ort", "")[:200],
        "place_choices": place_choices,
        "place_error": "ort" in form.errors,
        "where_error": "wo" in form.errors,
        "errors": errors,
        "hidden": hidden,
        "back_url": back_url,
        "other_place_url": question_url(step, other_place),
    }
    # A place with several meanings is a question to answer, not a mistake; anything else wrong is a bad request.
    status = 400 if errors and not place_choices else 200
    return render(request, "foerdercheck/question.html", context, status=status)


def answers(request):
    params = answers_in(request.GET)
    params.pop(CHANGING, None)
    forms, missing = read_answers(params)
    if missing:
        return HttpResponseRedirect(question_url(missing, params))
    changing = params.copy()
    changing[CHANGING] = "ja"
    rows = [
        {"question": step.question, "answer": forms[step.slug].answer(), "change_url": question_url(step, changing)}
        for step in STEPS
    ]
    return render(
        request,
        "foerdercheck/answers.html",
        {
            "rows": rows,
            "result_url": page_url("result", params),
            "back_url": question_url(STEPS[-1], params),
        },
    )


def listing_for(request, listing_function, filters, **options):
    """A catalogue's list for these filters, by the list's own machinery, so that the numbers agree with it."""
    params = QueryDict(mutable=True)
    for name, values in filters.items():
        params.setlist(name, values)
    if shortlist.PARAMETER in request.GET:
        params.setlist(shortlist.PARAMETER, shortlist.clean_keys(request.GET.getlist(shortlist.PARAMETER)))
    listed = copy.copy(request)
    listed.GET = params
    return listing_function(listed, **options), params


def result(request):
    from contacts.views import contact_listing
    from funding.views import programme_listing
    from projects.views import example_listing

    params = answers_in(request.GET)
    params.pop(CHANGING, None)
    forms, missing = read_answers(params)
    if missing:
        return HttpResponseRedirect(question_url(missing, params))
    funding_filters = {}
    for form in forms.values():
        funding_filters.update(form.filters())
    place = forms["wo"].filters()
    chosen = forms["wo"].place
    if chosen:
        # Reading the answers resolved the place; the three lists take it from the request's memo.
        place_reading(request, QueryDict.fromkeys(["ort"], chosen.label), resolver.Resolution(chosen.label, chosen))
    # Practice examples have no applicants and no deadlines: they match by topic, group and place.
    example_filters = {
        name: values for name, values in funding_filters.items() if name in ("handlungsfeld", "zielgruppe", "ort")
    }
    programmes, programme_params = listing_for(request, programme_listing, funding_filters)
    # Of examples and advice the result shows only the total and the first entries: no facets to count.
    examples, example_params = listing_for(request, example_listing, example_filters, count_facets=False)
    advice, advice_params = listing_for(request, contact_listing, place, count_facets=False)
    return render(
        request,
        "foerdercheck/result.html",
        {
            "programme_count": programmes.total,
            "programmes": programmes.page.object_list[:FIRST_PROGRAMMES],
            "programme_url": url_with(programme_params, reverse("funding:list")),
            # The list's own offer to add the programmes that do not state, e.g., who may apply.
            "programme_offers": [
                {"label": offer.label, "url": reverse("funding:list") + offer.url}
                for offer in programmes.unknown_offers
            ],
            "example_count": examples.total,
            "examples": examples.page.object_list[:FIRST_EXAMPLES],
            "example_url": url_with(example_params, reverse("projects:list")),
            "place": forms["wo"].place.label if forms["wo"].place else "",
            "advice": advice.page.object_list[0] if place and advice.total else None,
            "advice_url": url_with(advice_params, reverse("contacts:list")),
            "answers_url": page_url("answers", params),
            "place_url": question_url(STEP_BY_SLUG["wo"], params),
        },
    )
