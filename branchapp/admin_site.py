"""The admin site: Django's, with the sign-in steps (`http/signin.py`) before any page.

Installed as the default admin site by `config.apps.SochiboAdminConfig`, so every
`admin.register` and `admin.site` in the code is this site. It lives outside the `admin`
package because Django imports it while that package is still being imported.
"""

from django.contrib.admin import AdminSite
from django.urls import reverse

from .http.signin import redirect_to_pending_step, step_pending


class SochiboAdminSite(AdminSite):
    def has_permission(self, request):
        """An account that has not passed the sign-in steps is not let in (its pages
        redirect to the admin's login page, which forwards it to the step)."""
        return super().has_permission(request) and not step_pending(request.user)

    def login(self, request, extra_context=None):
        if request.method == "GET" and request.user.is_authenticated:
            redirect = redirect_to_pending_step(
                request,
                request.GET.get("next") or reverse("admin:index", current_app=self.name),
            )
            if redirect is not None:
                return redirect
        return super().login(request, extra_context)
