"""The portal's settings (one row): the home page's featured article."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from ..models import PortalSettings
from .base import ScopedModelAdmin


@admin.register(PortalSettings)
class PortalSettingsAdmin(ScopedModelAdmin):
    organisation_lookup = None  # the whole portal's: administrators only
    admin_only = True
    fields = ("featured_report",)
    autocomplete_fields = ("featured_report",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """One row: the list goes straight to its form."""
        settings = PortalSettings.load()
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:branchapp_portalsettings_change", args=[settings.pk])
        )
