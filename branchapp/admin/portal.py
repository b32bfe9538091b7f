"""The portal's settings (one row, made by migration 0024): the home page's featured article."""

from django.contrib import admin

from ..models import PortalSettings
from .base import ScopedModelAdmin


@admin.register(PortalSettings)
class PortalSettingsAdmin(ScopedModelAdmin):
    organisation_lookup = None  # the whole portal's: administrators only
    admin_only = True
    list_display = ("__str__", "featured_report")
    fields = ("featured_report",)
    autocomplete_fields = ("featured_report",)

    def has_delete_permission(self, request, obj=None):
        return False
