"""Files of the documents a meeting studied: which of them the public may download."""

from ..models import Document, Report


def public_documents(report: Report) -> list[Document]:
    """The documents of `report`'s meeting whose file the secretary published with the report
    (the public article lists them with `news:document` links), when the report is public."""
    if not report.is_public:
        return []
    return list(
        Document.objects.filter(meeting_id=report.meeting_id, published=True)
        .exclude(file="")
        .order_by("order", "id")
    )


def is_downloadable(document: Document, report: Report, *, public: bool | None = None) -> bool:
    """Whether the public may download `document`'s file from `report`'s article: the rule of
    `public_documents`, for a document already read (the article's facts list them all).
    `public`: whether the article is public (by default, whether the report is now)."""
    return bool(
        document.meeting_id == report.meeting_id
        and document.published
        and document.file
        and (report.is_public if public is None else public)
    )


def public_document(pk: int) -> Document | None:
    """The document `pk` if the public may download its file: published with the report, and
    the meeting's report is public. None otherwise."""
    document = (
        Document.objects.filter(pk=pk, published=True, meeting__report__isnull=False)
        .exclude(file="")
        .select_related("meeting__report")
        .first()
    )
    if document is None or not document.meeting.report.is_public:
        return None
    return document
