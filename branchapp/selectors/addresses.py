"""Old addresses of articles: where an address a report had before leads now."""

from ..models import Report, ReportAddress


def moved_article(slug: str) -> Report | None:
    """The public report that had the address `slug` before, or None (a draft's old address
    is as unknown to the public as the draft)."""
    address = (
        ReportAddress.objects.filter(slug=slug, report__in=Report.objects.published())
        .select_related("report")
        .first()
    )
    return address.report if address else None
