"""Meeting pages: list, one-page entry, the read-only record, minutes approval, history."""

import datetime

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import attendance as attendance_rules
from ...forms.common import parse_id, parse_month, parse_text
from ...forms.meeting_entry import MeetingEntry
from ...forms.meeting_parts import AWARD_FORM_SUGGESTIONS, AddendumForm
from ...http import once
from ...models import AgendaItem, Meeting, MeetingKind
from ...scoping import allowed_organisations
from ...selectors import history as history_service
from ...selectors import meetings as meeting_selectors
from ...selectors.dashboard import DEFAULT_MEETING_DAY
from ...selectors.membership import membership_on
from ...services import meetings as service
from .access import check_year, scoped_meeting, scoped_meetings, workspace_view


@workspace_view("branchapp.view_meeting")
def meeting_list(request):
    organisations = allowed_organisations(request.user).order_by("path")
    meetings = (
        scoped_meetings(request.user)
        .select_related("organisation", "report")
        .prefetch_related("kinds")
    )
    org_id = parse_id(request.GET.get("to-chuc"))
    if org_id is not None:
        meetings = meetings.filter(organisation_id=org_id)
    page = Paginator(meetings.order_by("-date", "-id"), 25).get_page(request.GET.get("trang"))
    # The quorum of every meeting of the page in a fixed number of queries.
    quorums = attendance_rules.meetings_quorums(list(page))
    for meeting in page:
        meeting.quorum = quorums.get(meeting.pk)
    return render(
        request,
        "workspace/meeting/meeting_list.html",
        {
            "page": page,
            "organisations": organisations,
            "selected_org": "" if org_id is None else str(org_id),
        },
    )


def _entry_context(entry, meeting, organisation, **extra):
    counts = entry.attendance.counts()
    results = {r.vote.pk: r for r in attendance_rules.vote_results(meeting)}
    for form in entry.votes.forms:
        form.result = results.get(form.instance.pk)
    return {
        "entry": entry,
        "meeting": meeting,
        "organisation": organisation,
        "counts": counts,
        "quorum": attendance_rules.meeting_quorum(meeting),
        "rules": attendance_rules.rules_on(entry.day),
        "award_forms": AWARD_FORM_SUGGESTIONS,
        "membership": membership_on(organisation, meeting.date) if meeting.pk else None,
        **extra,
    }


def _save_entry(request, entry, meeting, template_extra):
    """Save the posted entry: the redirect after a save, or None to show the page again."""
    if not entry.is_valid():
        messages.error(
            request, _("The meeting was not saved: please correct the fields marked in red.")
        )
        if request.FILES:
            messages.warning(
                request,
                _("A page with errors cannot keep the files chosen: choose them again, then save."),
            )
        return None
    try:
        saved = service.meeting_save(
            meeting=meeting,
            data=entry.to_data(),
            user=request.user,
            version=entry.version,
            opened_at=entry.opened_at,
        )
    except service.MeetingConflict as conflict:
        # Keep everything typed; a second save, knowingly, overwrites the other person's changes.
        data = request.POST.copy()
        data["meeting-version"] = conflict.current_version
        data["meeting-loaded_at"] = meeting_selectors.timestamp_now()
        entry.form.data = data
        template_extra["conflict"] = conflict.changes
        return None
    except service.MinutesLocked:
        messages.error(
            request, _("The minutes were approved meanwhile; record corrections as an addendum.")
        )
        return redirect("workspace:meeting_detail", pk=meeting.pk)
    messages.success(request, _("The meeting was saved."))
    if entry.title_warning:
        messages.warning(request, entry.title_warning)
    return redirect("workspace:meeting_edit", pk=saved.pk)


@workspace_view("branchapp.add_meeting")
def meeting_create(request):
    organisations = allowed_organisations(request.user).order_by("path")
    copy = None
    source_id = parse_id(request.GET.get("sao-chep"))
    if source_id is not None:
        source = scoped_meeting(request, source_id)
        organisation = source.organisation
        if request.method != "POST":
            copy = meeting_selectors.copy_initial(source)
    else:
        org_id = parse_id(request.POST.get("to-chuc") or request.GET.get("to-chuc"))
        if org_id is None and organisations.count() == 1:
            org_id = organisations.get().pk
        if org_id is None:
            return render(
                request,
                "workspace/meeting/meeting_choose_organisation.html",
                {
                    "organisations": organisations,
                    "last_meetings": _last_meetings(organisations),
                },
            )
        organisation = get_object_or_404(organisations, pk=org_id)
    if copy is None and request.method != "POST":
        day, kind = _asked_day_and_kind(request)
        copy = meeting_selectors.new_meeting_initial(organisation, day, kind)
    meeting = Meeting(organisation=organisation)
    roll = meeting_selectors.roll_for(organisation)
    data = request.POST if request.method == "POST" else None
    entry = MeetingEntry(
        meeting=meeting,
        organisation=organisation,
        roll=roll,
        data=data,
        files=request.FILES if data is not None else None,
        copy=copy,
    )
    extra = {"once": once.new_token()}
    if data is not None:
        # Posted twice (a double click, a reload): the second POST goes to the first's meeting.
        submission = once.Submission(request, "meeting")
        extra["once"] = submission.page_token
        try:
            earlier = submission.earlier_result()
        except once.StillRunning:
            messages.warning(request, _("This form is still being saved; find it in the list."))
            return redirect("workspace:meeting_list")
        if earlier is not None:
            messages.info(request, _("This form was saved already: here is the meeting it saved."))
            return redirect("workspace:meeting_edit", pk=earlier)
        response = None
        try:
            response = _save_entry(request, entry, meeting, extra)
        finally:
            submission.finish(meeting.pk if response is not None else None)
        if response:
            return response
    return render(
        request,
        "workspace/meeting/meeting_form.html",
        _entry_context(entry, meeting, organisation, **extra),
    )


def _asked_day_and_kind(request) -> tuple[datetime.date, str]:
    """The new meeting's date and kind: from `?thang=YYYY-MM` (the meeting day of that month)
    and `?loai=<kind>`, as a dashboard reminder links them; else today (or the coming meeting
    day) and a monthly meeting. Odd values answer 400, a year the records cannot hold 404."""
    today = datetime.date.today()
    month = parse_month(request.GET.get("thang"))
    if month is None:
        day = today.replace(day=DEFAULT_MEETING_DAY) if today.day <= DEFAULT_MEETING_DAY else today
    else:
        check_year(month.year)
        day = month.replace(day=DEFAULT_MEETING_DAY)
        if month == today.replace(day=1) and today > day:
            day = today  # this month, past the meeting day: today, as without a month
    kind = parse_text(request.GET.get("loai")) or MeetingKind.MONTHLY
    if kind not in MeetingKind.values:
        raise BadRequest("Not a meeting kind.")
    return day, kind


def _last_meetings(organisations):
    """The latest meeting of each organisation, to copy from."""
    latest = {}
    for meeting in Meeting.objects.filter(organisation__in=organisations).order_by(
        "organisation_id", "-date", "-id"
    ):
        latest.setdefault(meeting.organisation_id, meeting)
    return latest


@workspace_view("branchapp.change_meeting")
def meeting_edit(request, pk):
    meeting = scoped_meeting(request, pk)
    if meeting.minutes_locked:
        messages.info(
            request, _("The minutes are approved and locked; record corrections as an addendum.")
        )
        return redirect("workspace:meeting_detail", pk=meeting.pk)
    organisation = meeting.organisation
    roll = meeting_selectors.roll_for(organisation)
    data = request.POST if request.method == "POST" else None
    entry = MeetingEntry(
        meeting=meeting,
        organisation=organisation,
        roll=roll,
        data=data,
        files=request.FILES if data is not None else None,
    )
    extra = {}
    if data is not None:
        response = _save_entry(request, entry, meeting, extra)
        if response:
            return response
    return render(
        request,
        "workspace/meeting/meeting_form.html",
        _entry_context(entry, meeting, organisation, **extra),
    )


@workspace_view("branchapp.view_meeting")
def meeting_detail(request, pk):
    meeting = scoped_meeting(
        request,
        pk,
        Meeting.objects.select_related("organisation", "created_by").prefetch_related(
            "kinds",
            "people",
            "attendance",
            "documents",
            "addenda__created_by",
            Prefetch("agenda", queryset=AgendaItem.objects.prefetch_related("opinions")),
            "member_events__member",
            "member_events__decision",
            "awards__decision",
            "election__people",
            "targets_reviewed",
            "targets_adopted",
            "tasks__member",
            "tasks_reviewed__meeting",
            "votes",
        ),
    )
    report = getattr(meeting, "report", None)
    return render(
        request,
        "workspace/meeting/meeting_detail.html",
        {
            "meeting": meeting,
            "report": report,
            "addendum_form": AddendumForm(),
            "membership": membership_on(meeting.organisation, meeting.date),
            "quorum": attendance_rules.meeting_quorum(meeting),
            "vote_results": attendance_rules.vote_results(meeting),
        },
    )


@require_POST
@workspace_view("branchapp.change_meeting")
def meeting_approve(request, pk):
    meeting = scoped_meeting(request, pk)
    service.meeting_approve_minutes(meeting=meeting, user=request.user)
    messages.success(request, _("The minutes are approved and now locked."))
    return redirect("workspace:meeting_detail", pk=meeting.pk)


@require_POST
@workspace_view("branchapp.add_minutesaddendum")
def meeting_addendum(request, pk):
    meeting = scoped_meeting(request, pk)
    if not meeting.minutes_locked:
        raise Http404
    form = AddendumForm(request.POST)
    if form.is_valid():
        service.minutes_add_addendum(
            meeting=meeting, user=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The correction was recorded."))
    else:
        messages.error(request, _("Write the correction before saving it."))
    return redirect("workspace:meeting_detail", pk=meeting.pk)


@workspace_view("branchapp.view_meeting")
def meeting_history(request, pk):
    meeting = scoped_meeting(request, pk)
    return render(
        request,
        "workspace/history.html",
        {
            "meeting": meeting,
            "subject": meeting,
            "entries": history_service.meeting_history(meeting),
            "back_url": "workspace:meeting_detail",
        },
    )
