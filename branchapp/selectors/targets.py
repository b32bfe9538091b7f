"""Targets set for a congress term ("2020-2025") rather than a year: which years a term covers,
and the term targets shown with a year's targets, grouped under their term."""

import re

from ..models import Target

TERM = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")


def term_years(term: str) -> range | None:
    """The years a term such as "2020-2025" covers (both ends included), or None when the text
    is not a term of that shape."""
    match = TERM.match(term or "")
    if match is None:
        return None
    first, last = int(match[1]), int(match[2])
    if last < first:
        return None
    return range(first, last + 1)


def normalise_term(term: str) -> str:
    """ "2020 – 2025" written as "2020-2025"; other text as typed (stripped)."""
    years = term_years(term)
    return f"{years.start}-{years.stop - 1}" if years else (term or "").strip()


def covering(targets, year: int) -> list[Target]:
    """The term targets among `targets` whose term covers `year`, by term, then order."""
    chosen = [t for t in targets if not t.year and year in (term_years(t.term) or ())]
    return sorted(chosen, key=lambda t: (t.term, t.order, t.pk))


def term_targets(queryset, year: int) -> list[Target]:
    """The targets of `queryset` set for a term that covers `year`."""
    return covering(queryset.filter(year__isnull=True).exclude(term=""), year)


def years_of_terms(queryset) -> set[int]:
    """Every year covered by the terms of the targets of `queryset`."""
    years = set()
    for term in queryset.filter(year__isnull=True).values_list("term", flat=True).distinct():
        years.update(term_years(term) or ())
    return years
