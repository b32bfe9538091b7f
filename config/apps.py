"""The admin app with our admin site, which asks for the sign-in steps before any page."""

from django.contrib.admin.apps import AdminConfig


class SochiboAdminConfig(AdminConfig):
    default_site = "branchapp.admin_site.SochiboAdminSite"
