"""The public report of a meeting: block editor, photos, preview, publication, history."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.report_editor import PublishForm, ReportEditor
from ...forms.report_review import ReturnForm, SubmitForm
from ...models import BlockType, Report
from ...selectors import history as history_service
from ...selectors import news
from ...selectors.reports import report_version
from ...selectors.review import may_publish, report_review_view
from ...services import reports as service
from .access import scoped_meeting, workspace_view


def _report_or_none(meeting):
    return Report.objects.filter(meeting=meeting).first()


@workspace_view("branchapp.view_report")
def report_edit(request, pk):
    meeting = scoped_meeting(request, pk)
    report = _report_or_none(meeting)
    can_change = request.user.has_perm("branchapp.change_report")
    creating = request.method == "POST" and "blocks-TOTAL_FORMS" not in request.POST
    if report is None or creating:
        if request.method == "POST":
            if not request.user.has_perm("branchapp.add_report"):
                raise PermissionDenied
            # Posted twice (a double click), the start page's button finds the first draft.
            if report is None:
                service.report_create_from_meeting(meeting=meeting, user=request.user)
                messages.success(
                    request, _("A draft report was written from the meeting record. Edit it below.")
                )
            return redirect("workspace:report_edit", pk=meeting.pk)
        return render(request, "workspace/report/report_start.html", {"meeting": meeting})

    conflict = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        editor = ReportEditor(report=report, data=request.POST, files=request.FILES)
        move = editor.move()  # a malformed move answers 400 before anything else
        if editor.is_valid():
            try:
                service.report_save(
                    report=report,
                    fields=editor.fields(),
                    blocks=editor.block_rows(),
                    photo_edits=editor.photo_edit_rows(),
                    new_photos=editor.new_photo_rows(),
                    move=move,
                    user=request.user,
                    version=editor.version,
                )
            except service.ReportConflict as error:
                # Keep everything typed; a second save, knowingly, overwrites the other changes.
                editor.reopen(error.current_version)
                conflict = error.changes
            else:
                return _after_save(request, report, meeting)
        _refused(request, editor, conflict)
    else:
        editor = ReportEditor(report=report)
    return render(
        request,
        "workspace/report/report_form.html",
        {
            "meeting": meeting,
            "report": report,
            "block_types": BlockType.choices,
            "publish_form": PublishForm(),
            "can_change": can_change,
            "conflict": conflict,
            **_review_context(report, request.user),
            **editor.context(),
        },
    )


def _after_save(request, report, meeting):
    add = request.POST.get("add")
    if add in BlockType.values:
        if service.report_add_block(report=report, block_type=add) is None:
            messages.warning(request, _("Upload a photo first, then add a photo block."))
    messages.success(request, _("The report was saved."))
    if request.POST.get("then") == "preview":
        return redirect("workspace:report_preview", pk=meeting.pk)
    return redirect("workspace:report_edit", pk=meeting.pk)


def _refused(request, editor, conflict) -> None:
    """The message of a refused save; the photos chosen are kept for the next try."""
    kept = editor.keep_chosen_photos()
    if conflict is not None:
        message = _("The report was not saved: someone else changed it meanwhile (see below).")
    else:
        message = _("The report was not saved: please correct the fields marked in red.")
    if kept:
        message = "{} {}".format(
            message, _("The photos you chose are kept: you need not choose them again.")
        )
    messages.error(request, message)


@workspace_view("branchapp.view_report")
def report_preview(request, pk):
    meeting = scoped_meeting(request, pk)
    report = _report_or_none(meeting)
    if report is None:
        return redirect("workspace:report_edit", pk=meeting.pk)
    body = render_to_string(
        "news/includes/article_body.html", news.article_context(report), request
    )
    return render(
        request,
        "workspace/report/report_preview.html",
        {
            "meeting": meeting,
            "report": report,
            "article_body": body,
            "publish_form": PublishForm(),
            "return_form": ReturnForm(),
            **_review_context(report, request.user),
        },
    )


def _review_context(report, user) -> dict:
    """The review step's state and the version the page's buttons carry back."""
    return {"review": report_review_view(report, user), "version": report_version(report)}


def _changed_meanwhile(request, meeting):
    messages.error(
        request,
        _(
            "The report was changed after you opened it: nothing was done. Its latest version "
            "is shown below; read it, then try again."
        ),
    )
    return redirect("workspace:report_preview", pk=meeting.pk)


def _report_step(may):
    """The preamble and ending of a posted step on a meeting's report (publish, submit,
    return): the scoped meeting's report, else the editor to write one; `may(user, meeting,
    report)` or 403; the step itself, `step(request, meeting, report)`; then the preview, or
    the preview with the latest version when the report changed meanwhile."""

    def decorator(step):
        @wraps(step)
        def view(request, pk):
            meeting = scoped_meeting(request, pk)
            report = _report_or_none(meeting)
            if report is None:
                return redirect("workspace:report_edit", pk=meeting.pk)
            if not may(request.user, meeting, report):
                raise PermissionDenied
            try:
                step(request, meeting, report)
            except service.ReportConflict:
                return _changed_meanwhile(request, meeting)
            return redirect("workspace:report_preview", pk=meeting.pk)

        return view

    return decorator


def _may_publish(user, meeting, report) -> bool:
    # An organisation whose reports are reviewed: only the office publishes or returns them.
    return may_publish(user, meeting.organisation)


def _valid_or_told(request, form) -> bool:
    """Whether the posted form is valid; its errors, if any, shown as messages."""
    if form.is_valid():
        return True
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return False


@require_POST
@workspace_view("branchapp.publish_report")
@_report_step(_may_publish)
def report_publish(request, meeting, report):
    form = PublishForm(request.POST)
    if not _valid_or_told(request, form):
        return
    action = form.cleaned_data["action"]
    version = form.cleaned_data["version"]
    if action == "unpublish":
        service.report_unpublish(report=report)
        messages.success(request, _("The report was taken off the public site."))
    elif action == "schedule":
        service.report_publish(
            report=report,
            when=form.cleaned_data["publish_at"],
            version=version,
            user=request.user,
        )
        messages.success(request, _("The report will be published at the chosen time."))
    else:
        service.report_publish(report=report, version=version, user=request.user)
        messages.success(request, _("The report is published."))


@require_POST
@workspace_view("branchapp.change_report")
@_report_step(lambda user, meeting, report: report_review_view(report, user).required)
def report_submit(request, meeting, report):
    """A cell secretary submits the report to the committee's office for review."""
    form = SubmitForm(request.POST)
    form.is_valid()
    service.report_submit(
        report=report, user=request.user, version=form.cleaned_data.get("version")
    )
    messages.success(
        request,
        _("The report was sent for review. The committee's office will publish it or return it."),
    )


@require_POST
@workspace_view("branchapp.publish_report")
@_report_step(_may_publish)
def report_return(request, meeting, report):
    """The reviewer sends the report back to its secretary with a comment."""
    form = ReturnForm(request.POST)
    if not _valid_or_told(request, form):
        return
    service.report_return(
        report=report,
        user=request.user,
        comment=form.cleaned_data["comment"],
        version=form.cleaned_data["version"],
    )
    messages.success(request, _("The report was returned to its secretary with your comment."))


@workspace_view("branchapp.view_report")
def report_history(request, pk):
    meeting = scoped_meeting(request, pk)
    report = _report_or_none(meeting)
    entries = history_service.report_history(report) if report else []
    return render(
        request,
        "workspace/history.html",
        {
            "meeting": meeting,
            "subject": report or meeting,
            "entries": entries,
            "back_url": "workspace:report_edit",
        },
    )
