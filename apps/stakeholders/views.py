from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import directory_filters, directory_organisations, organisation_suggestions

PAGE_SIZE = 30


@require_GET
def directory(request):
    """Public directory of the organisations that agreed to be listed (/acteurs/)."""
    categories, territories = directory_filters()
    category = request.GET.get("categorie", "")
    territory = request.GET.get("territoire", "")
    # Unknown filter values are ignored rather than answered with an error page.
    if category not in {c.slug for c in categories}:
        category = ""
    if territory != "hors" and territory not in {t.slug for t in territories}:
        territory = ""
    organisations = directory_organisations(category=category, territory=territory)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(
        f"{key}={value}"
        for key, value in (("categorie", category), ("territoire", territory))
        if value
    )
    return render(
        request,
        "stakeholders/directory.html",
        {
            "page_obj": page,
            "categories": categories,
            "territories": territories,
            "selected_category": category,
            "selected_territory": territory,
            "filter_query": query,
        },
    )


@require_GET
def organisation_search(request):
    """Suggestions for the organisation field of the sign-up and profile forms: at most ten
    names containing ?q= (two characters or more). The field works without it (a typed name
    is matched or created by the form); with JavaScript, the browser's list shows these."""
    response = JsonResponse({"results": organisation_suggestions(q=request.GET.get("q", ""))})
    response["Cache-Control"] = "public, max-age=300"
    return response
