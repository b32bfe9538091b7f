"""Who publishes the reports of each organisation: the review step's setting
(`Organisation.report_publishing`, read by `selectors/review.py`)."""

from django.db import transaction

from ..models import Organisation, ReportPublishing


def organisations_publishing_save(*, organisations, values: dict[int, str]) -> int:
    """Set the publication of reports of `organisations` (a queryset the caller has scoped to
    the account) from `values` ({organisation id: ReportPublishing value}); ids outside
    `organisations` are refused with ValueError. Returns how many were changed."""
    if set(values.values()) - set(ReportPublishing.values):
        raise ValueError("Not a publication setting.")
    rows = {o.pk: o for o in organisations.filter(pk__in=list(values))}
    unknown = set(values) - set(rows)
    if unknown:
        raise ValueError(f"Organisations {sorted(unknown)} are not the account's.")
    changed = 0
    with transaction.atomic():
        for pk, value in values.items():
            if rows[pk].report_publishing != value:
                Organisation.objects.filter(pk=pk).update(report_publishing=value)
                changed += 1
    return changed
