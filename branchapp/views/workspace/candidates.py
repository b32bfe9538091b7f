"""The organisation's list of candidates for admission (quần chúng ưu tú, cảm tình Đảng)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ...forms.candidates import CandidateFormSet, ReviewForm
from ...models import Candidate, Member, MemberStatus
from ...services.candidates import candidates_save
from .access import scoped_organisation, workspace_view


@workspace_view("branchapp.view_candidate")
def candidate_list(request, org_id):
    organisation = scoped_organisation(request, org_id)
    waiting = Candidate.objects.waiting().filter(organisation=organisation)
    admitted = (
        Candidate.objects.filter(organisation=organisation, admitted_member__isnull=False)
        .select_related("admitted_member")
        .order_by("-admitted_member__admission_date")
    )
    can_change = request.user.has_perms(["branchapp.change_candidate", "branchapp.add_candidate"])
    data = request.POST if request.method == "POST" and can_change else None
    formset = CandidateFormSet(data, queryset=waiting, prefix="candidates")
    review = ReviewForm(data, prefix="review")
    if data is not None:
        if formset.is_valid() and review.is_valid():
            candidates_save(
                organisation=organisation,
                rows=formset.rows(),
                removed_ids=formset.removed_ids(),
                reviewed_on=timezone.localdate() if review.cleaned_data["reviewed"] else None,
            )
            messages.success(request, _("The list of candidates was saved."))
            return redirect("workspace:candidate_list", org_id=organisation.pk)
        messages.error(
            request, _("The list was not saved: please correct the fields marked in red.")
        )
    mentors = (
        Member.objects.in_subtree(organisation)
        .filter(status__in=[MemberStatus.FULL, MemberStatus.UNKNOWN])
        .values_list("full_name", flat=True)
    )
    return render(
        request,
        "workspace/candidates/candidate_list.html",
        {
            "organisation": organisation,
            "formset": formset,
            "review": review,
            "admitted": admitted,
            "can_change": can_change,
            "mentors": mentors,
        },
    )
