"""The admin site: Django's, with the sign-in steps (`http/signin.py`) before any page.

Installed as the default admin site by `config.apps.SochiboAdminConfig`, so every
`admin.register` and `admin.site` in the code is this site. It lives outside the `admin`
package because Django imports it while that package is still being imported.
"""

from django.contrib.admin import AdminSite
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from .http.signin import redirect_to_pending_step, step_pending
from .text import vn_sorted

# The admin index's sections, as a secretary names the work, each with its models in the
# order they are used ("app_label.ModelName"). A model in none of them goes to "Other".
SECTIONS = [
    (
        "to-chuc",
        pgettext_lazy("admin section", "Organisation"),
        ["branchapp.Organisation", "branchapp.OrganisationName"],
    ),
    (
        "dang-vien",
        pgettext_lazy("admin section", "Party members"),
        ["branchapp.Member", "branchapp.MemberEvent", "branchapp.Position", "branchapp.Candidate"],
    ),
    (
        "sinh-hoat",
        pgettext_lazy("admin section", "Meetings"),
        [
            "branchapp.Meeting",
            "branchapp.MeetingKindTag",
            "branchapp.MeetingPerson",
            "branchapp.Attendance",
            "branchapp.AgendaItem",
            "branchapp.Opinion",
            "branchapp.Document",
            "branchapp.MinutesAddendum",
            "branchapp.Election",
            "branchapp.ElectedPerson",
            "branchapp.MeetingTask",
            "branchapp.Vote",
            "branchapp.MajorityRule",
        ],
    ),
    (
        "tin-bai",
        pgettext_lazy("admin section", "News"),
        [
            "branchapp.Report",
            "branchapp.ReportBlock",
            "branchapp.Photo",
            "branchapp.Category",
            "branchapp.PortalSettings",
        ],
    ),
    (
        "thi-dua-khen-thuong",
        pgettext_lazy("admin section", "Emulation and awards"),
        [
            "branchapp.Target",
            "branchapp.MemberRating",
            "branchapp.OrganisationRating",
            "branchapp.RatingTally",
            "branchapp.OrganisationFigures",
            "branchapp.RatingRuleSet",
            "branchapp.Award",
        ],
    ),
    (
        "kiem-tra-giam-sat",
        pgettext_lazy("admin section", "Inspection and supervision"),
        ["branchapp.InspectionCase", "branchapp.DisciplineAction"],
    ),
    (
        "tai-khoan",
        pgettext_lazy("admin section", "Accounts"),
        [
            "branchapp.User",
            "auth.Group",
            "axes.AccessAttempt",
            "axes.AccessFailureLog",
            "axes.AccessLog",
        ],
    ),
]


class SochiboAdminSite(AdminSite):
    def has_permission(self, request):
        """An account that has not passed the sign-in steps is not let in (its pages
        redirect to the admin's login page, which forwards it to the step)."""
        return super().has_permission(request) and not step_pending(request.user)

    def get_app_list(self, request, app_label=None):
        """The index and the side menu: the models in `SECTIONS`, not Django's apps. One
        app's page (`app_label`) keeps Django's grouping, its models in Vietnamese order."""
        if app_label is not None:
            apps = super().get_app_list(request, app_label)
            for app in apps:
                app["models"] = vn_sorted(app["models"], key=lambda m: str(m["name"]))
            return apps
        app_dict = self._build_app_dict(request)
        models = {
            f"{app['app_label']}.{m['object_name']}": m
            for app in app_dict.values()
            for m in app["models"]
        }
        index_url = reverse("admin:index", current_app=self.name)
        sections = []
        for slug, name, labels in SECTIONS:
            listed = [models.pop(label) for label in labels if label in models]
            if listed:
                sections.append(self._section(slug, name, listed, index_url))
        if models:
            others = vn_sorted(models.values(), key=lambda m: str(m["name"]))
            sections.append(
                self._section("khac", pgettext_lazy("admin section", "Other"), others, index_url)
            )
        return sections

    @staticmethod
    def _section(slug, name, models, index_url):
        return {
            "name": name,
            "app_label": slug,
            "app_url": f"{index_url}#{slug}",
            "has_module_perms": True,
            "models": models,
        }

    def login(self, request, extra_context=None):
        if request.method == "GET" and request.user.is_authenticated:
            redirect = redirect_to_pending_step(
                request,
                request.GET.get("next") or reverse("admin:index", current_app=self.name),
            )
            if redirect is not None:
                return redirect
        return super().login(request, extra_context)
