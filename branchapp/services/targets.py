"""Targets bound to an indicator, refreshed from the figures of `selectors/indicators.py`.

Nothing refreshes through signals: every service that changes ratings, member events,
inspection cases, meetings or attendance calls `targets_refresh_for(organisation=…, year=…)` itself
(the meeting writer does for the meeting page, the admin and the import), and the
`refresh_indicators` management command recomputes everything (for other records entered
through the admin).
"""

from ..models import Organisation, Target
from ..selectors.indicators import IndicatorValue, compute_indicator


def target_refresh_indicator(target: Target, *, save: bool = True) -> IndicatorValue | None:
    """Take the target's actual value from its indicator, and its assessment from the comparison.

    The written result (`actual_text`) is filled in when it is empty, or when it still holds the
    text generated from the previous value; a result written by hand is kept.
    """
    if not target.indicator or not target.year:
        return None
    previous = IndicatorValue(target.indicator, target.actual_value)
    result = compute_indicator(target.indicator, target.organisation, target.year)
    target.actual_value = result.value
    if not target.actual_text.strip() or _same_generated_text(target.actual_text, previous):
        target.actual_text = result.text
    if save:
        # Target.save() recomputes the assessment unless it was chosen by hand.
        target.save()
    else:
        if not target.assessment_manual:
            target.assessment = target.computed_assessment()
    return result


def _same_generated_text(text: str, previous: IndicatorValue) -> bool:
    """Whether `text` is what the app wrote for the previous value (counts aside)."""
    if previous.value is None:
        return False
    return text.split(" (")[0].strip() == previous.text.split(" (")[0]


def targets_refresh_for(*, organisation: Organisation, year: int) -> int:
    """Refresh the indicator-bound targets of `year` that depend on `organisation`'s records.

    Those are the targets of the organisation itself and of every organisation above it, since
    a committee's figures include its cells. Returns how many targets were refreshed.
    """
    ids = [*organisation.ancestor_ids(), organisation.pk]
    targets = Target.objects.filter(organisation_id__in=ids, year=year).exclude(indicator="")
    n = 0
    for target in targets.select_related("organisation"):
        target_refresh_indicator(target)
        n += 1
    return n


def targets_refresh_all(*, year: int | None = None) -> int:
    """Refresh every indicator-bound target (optionally of one year)."""
    targets = Target.objects.exclude(indicator="").filter(year__isnull=False)
    if year is not None:
        targets = targets.filter(year=year)
    n = 0
    for target in targets.select_related("organisation"):
        target_refresh_indicator(target)
        n += 1
    return n
