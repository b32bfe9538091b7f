"""Template tags of article views: `{% report_views report as views %}` and
`{% most_read as entries %}` (see news/includes/view_count.html and most_read.html)."""

from django import template
from django.utils.formats import number_format

from ..selectors import readership

register = template.Library()


@register.simple_tag
def report_views(report) -> int:
    return readership.report_views(report.pk)


@register.simple_tag
def most_read(limit: int = readership.MOST_READ_SHOWN, exclude=None) -> list:
    """The most-read entries; `exclude` (the article being read) is left out."""
    entries = readership.most_read(limit + 1 if exclude else limit)
    if exclude:
        entries = [e for e in entries if e.report_id != exclude.pk]
    return entries[:limit]


@register.filter
def views_number(value) -> str:
    """A count with the language's thousands separator ("1.234" in Vietnamese)."""
    return number_format(value or 0, force_grouping=True)
