"""Admin views listing deleted meetings/members and restoring them (administrators only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..scoping import sees_everything
from ..selectors.restore import deleted_records
from ..services.restore import RestoreError


class RestoreDeletedMixin:
    """Adds `deleted/` (the list) and `deleted/<id>/restore/` (POST) to a model admin."""

    restore_function = None  # a callable taking the id, set by the admin class

    def can_restore(self, request) -> bool:
        return sees_everything(request.user) and self.has_add_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "deleted/<int:object_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_restore": self.can_restore(request)}
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        if not self.can_restore(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "records": deleted_records(self.model),
        }
        return TemplateResponse(request, "admin/branchapp/deleted_list.html", context)

    def restore_view(self, request, object_id):
        if not self.can_restore(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        info = self.opts.app_label, self.opts.model_name
        try:
            result = type(self).restore_function(object_id)
        except RestoreError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:{}_{}_deleted".format(*info)))
        restored = ", ".join(f"{count} {name}" for name, count in result.restored.items())
        message = _("“%(obj)s” was restored.") % {"obj": result.obj}
        if restored:
            message += " " + _("Also restored: %(rows)s.") % {"rows": restored}
        if result.relinked:
            message += " " + _("%(count)s linked records re-attached.") % {"count": result.relinked}
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:{}_{}_change".format(*info), args=[result.obj.pk])
        )
