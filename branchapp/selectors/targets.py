"""Targets set for a congress term ("2020-2025") rather than a year: which years a term covers,
and the term targets shown with a year's targets, grouped under their term."""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from ..models import Comparison, Target, ValueKind

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


# -- how a target's values are written (pages and documents) ------------------------------


def _target_value(text, number, kind) -> str:
    """A target's value as written, or its number (with % for percentages) when only that."""
    if text:
        return text
    if number is None:
        return ""
    value = number_format(number.normalize(), use_l10n=True)
    if kind in (ValueKind.PERCENT, ValueKind.PERCENT_OF_PLAN):
        return f"{value}%"
    return value


# A planned number shown with the words its comparison needs (when no text was written).
PLANNED_WORDS = {
    Comparison.ABOVE: gettext_lazy("above %(value)s"),
    Comparison.BELOW: gettext_lazy("below %(value)s"),
}
RANK_WORDS = gettext_lazy("rank %(value)s")
STRICT_RANK_WORDS = gettext_lazy("better than rank %(value)s")


def planned_label(target) -> str:
    """The planned value as documents and pages write it: “trên 95%”, “xếp thứ 15”, “xếp trên
    thứ 15”; the text written when there is one."""
    value = _target_value(target.planned_text, target.planned_min, target.value_kind)
    if target.planned_text or not value:
        return value
    strict = target.comparison in PLANNED_WORDS
    if target.value_kind == ValueKind.RANK:
        return (STRICT_RANK_WORDS if strict else RANK_WORDS) % {"value": value}
    if strict:
        return PLANNED_WORDS[target.comparison] % {"value": value}
    return value


def result_label(target) -> str:
    """The result as written, or its number."""
    return _target_value(target.actual_text, target.actual_value, target.value_kind)
