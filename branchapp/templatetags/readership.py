"""Template tags of article views: `{% most_read as entries %}` and `views_number` (see
news/includes/most_read.html and view_count.html)."""

from django import template
from django.utils.formats import number_format

from ..selectors import readership

register = template.Library()


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
