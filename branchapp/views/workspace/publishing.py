"""Who publishes the reports of each organisation (the review step), set by the committee's
office or an administrator for the organisations it works for."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...forms.publishing import PublishingForm
from ...scoping import allowed_organisations
from ...selectors.review import is_reviewer, publishing_settings, review_required
from ...services.publishing import organisations_publishing_save
from .access import workspace_view


@workspace_view("branchapp.publish_report")
def publishing_settings_view(request):
    if not is_reviewer(request.user):
        raise PermissionDenied  # a cell secretary does not decide whether she is reviewed
    organisations = allowed_organisations(request.user).order_by("path")
    form = PublishingForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        changed = organisations_publishing_save(organisations=organisations, values=form.values())
        messages.success(
            request,
            ngettext(
                "The setting of %(n)s organisation was changed.",
                "The settings of %(n)s organisations were changed.",
                changed,
            )
            % {"n": changed}
            if changed
            else _("Nothing was changed."),
        )
        return redirect("workspace:publishing_settings")
    settings = publishing_settings()
    rows = [
        (organisation, field, review_required(organisation, settings))
        for organisation, field in form.rows()
    ]
    return render(request, "workspace/publishing_settings.html", {"form": form, "rows": rows})
