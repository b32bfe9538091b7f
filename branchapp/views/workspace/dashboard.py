import datetime

from django.shortcuts import render

from ...scoping import allowed_organisations
from ...selectors import dashboard as service
from ...selectors.reminders import reminders_for_user
from ...selectors.review import is_reviewer, reports_returned_to, reports_waiting_for_review
from .access import workspace_view


@workspace_view()
def dashboard(request):
    today = datetime.date.today()
    user = request.user
    calendar = service.calendar_for_user(user, today)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "today": today,
            "drafts": service.drafts_for_user(user),
            "published": service.recently_published_for_user(user),
            "due": calendar.due,
            "missing": calendar.missing,
            "probation": service.probation_for_user(user, today),
            "reminders": reminders_for_user(user, today),
            "organisations": allowed_organisations(user).order_by("path"),
            "waiting_review": reports_waiting_for_review(user),
            "returned_reports": reports_returned_to(user),
            "reviewer": is_reviewer(user),
        },
    )
