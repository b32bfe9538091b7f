"""The public year-end summary of an organisation: aggregates only."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ...models import Organisation
from ...selectors.statistics import (
    EVENT_FIGURES,
    EVENT_LABELS,
    has_published_report,
    is_record_year,
    public_summary,
)


def statistics_public(request, slug, year):
    """The public year-end summary: aggregates only, once the year's report is published."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_record_year(year):
        raise Http404
    if not has_published_report(organisation, year):
        raise Http404
    context = {
        "organisation": organisation,
        "year": year,
        "summary": public_summary(organisation, year),
        "event_rows": [(EVENT_LABELS[key], key) for key, _t in EVENT_FIGURES],
    }
    return render(request, "yearend/statistics_public.html", context)
