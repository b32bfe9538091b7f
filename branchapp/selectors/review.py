"""The review step of reports: whether an organisation's reports are reviewed, who reviews
them, what the editor and the dashboard show of it.

An organisation's `report_publishing` decides for it and its cells; a cell without its own
setting follows the nearest organisation above that has one; with none, secretaries publish
directly. Where reports are reviewed, the committee's office (the "Văn phòng" role) and the
administrators publish; a cell secretary submits, and the office publishes the report or
returns it with a comment (`services.reports.report_submit`, `report_return`).
"""

from dataclasses import dataclass

from django.db.models import Q

from ..models import (
    Organisation,
    Report,
    ReportPublishing,
    ReportReview,
    ReportStatus,
    ReviewAction,
    ReviewState,
)
from ..scoping import SECRETARIAT_ROLE, can_access_organisation, role_names, scope, sees_everything


def publishing_settings(ids=None) -> dict[int, str]:
    """{organisation id: its own report_publishing} of the organisations that have one."""
    rows = Organisation.objects.exclude(report_publishing=ReportPublishing.INHERIT)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return dict(rows.values_list("pk", "report_publishing"))


def review_required(organisation, settings: dict[int, str] | None = None) -> bool:
    """Are the reports of `organisation`'s meetings reviewed before publication?

    `settings` (from `publishing_settings()`) saves the query when asked for many."""
    ids = [int(part) for part in organisation.path.split("/") if part] or [organisation.pk]
    if settings is None:
        settings = publishing_settings(ids)
    for pk in reversed(ids):  # the organisation itself first, then upwards
        if pk in settings:
            return settings[pk] == ReportPublishing.REVIEW
    return False


def is_reviewer(user) -> bool:
    """Does the account review reports (the office or an administrator) where they are reviewed?"""
    if not user.has_perm("branchapp.publish_report"):
        return False
    return sees_everything(user) or SECRETARIAT_ROLE in role_names(user)


def may_publish(user, organisation) -> bool:
    """May the account publish a report of `organisation`'s meeting without a review?"""
    if not user.has_perm("branchapp.publish_report"):
        return False
    if not can_access_organisation(user, organisation):
        return False
    return is_reviewer(user) or not review_required(organisation)


@dataclass(frozen=True)
class ReviewView:
    """What the report editor and its preview show of the review step."""

    required: bool  # the organisation's reports are reviewed
    state: str  # ReviewState
    can_publish: bool  # publish, schedule, unpublish
    can_submit: bool  # submit (or submit again) for review
    can_return: bool  # return with a comment
    submitted: ReportReview | None  # the last submission
    returned: ReportReview | None  # the last return, with its comment
    steps: list  # every step, newest first

    @property
    def waiting(self) -> bool:
        return self.state == ReviewState.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.state == ReviewState.RETURNED


def report_review_view(report, user) -> ReviewView:
    organisation = report.meeting.organisation
    required = review_required(organisation)
    can_publish = may_publish(user, organisation)
    steps = list(report.reviews.select_related("user"))
    state = report.review_state
    published = report.status == ReportStatus.PUBLISHED
    can_submit = (
        required
        and not can_publish
        and not published
        and state != ReviewState.SUBMITTED
        and user.has_perm("branchapp.change_report")
    )
    return ReviewView(
        required=required,
        state=state,
        can_publish=can_publish,
        can_submit=can_submit,
        can_return=required and can_publish and state == ReviewState.SUBMITTED,
        submitted=next((s for s in steps if s.action == ReviewAction.SUBMITTED), None),
        returned=next((s for s in steps if s.action == ReviewAction.RETURNED), None),
        steps=steps,
    )


def reports_waiting_for_review(user, limit: int = 20) -> list[Report]:
    """Reports submitted for review in the account's scope, when the account reviews them."""
    if not is_reviewer(user):
        return []
    reports = (
        scope(
            Report.objects.filter(review_state=ReviewState.SUBMITTED), user, "meeting__organisation"
        )
        .select_related("meeting", "meeting__organisation")
        .order_by("updated_at")
    )
    settings = publishing_settings()
    return [r for r in reports[:limit] if review_required(r.meeting.organisation, settings)]


def reports_returned_to(user, limit: int = 20) -> list[tuple[Report, ReportReview | None]]:
    """Reports returned with a comment that the account wrote or submitted, with the comment."""
    reports = (
        scope(
            Report.objects.filter(review_state=ReviewState.RETURNED), user, "meeting__organisation"
        )
        .filter(
            Q(author_user=user)
            | Q(meeting__created_by=user)
            | Q(reviews__user=user, reviews__action=ReviewAction.SUBMITTED)
        )
        .select_related("meeting", "meeting__organisation")
        .distinct()
        .order_by("-updated_at")[:limit]
    )
    result = []
    for report in reports:
        returned = (
            report.reviews.filter(action=ReviewAction.RETURNED).select_related("user").first()
        )
        result.append((report, returned))
    return result
