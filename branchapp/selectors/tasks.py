"""Tasks assigned by meetings: those an organisation's next meeting reviews."""

import datetime

from django.db.models import Q

from ..models import Meeting, MeetingTask, Organisation


def tasks_to_review(meeting: Meeting, organisation: Organisation, day: datetime.date):
    """The tasks the entry page of `meeting` (held on `day`) lists for review: those of the
    organisation's earlier meetings still open, and those already reviewed at this one."""
    earlier = Q(meeting__organisation=organisation, meeting__date__lt=day, done=False)
    if meeting.pk:
        earlier &= ~Q(meeting=meeting)
        earlier |= Q(reviewed_at=meeting)
    return (
        MeetingTask.objects.filter(earlier)
        .select_related("meeting", "member")
        .order_by("meeting__date", "meeting_id", "order", "id")
    )


def tasks_of(meeting: Meeting) -> list[MeetingTask]:
    """The tasks `meeting` assigned, in order."""
    return list(meeting.tasks.select_related("member").order_by("order", "id"))
