"""Accounts, roles and login records: administrators only."""

import axes.admin  # noqa: F401  (registers the login records' admins, wrapped below)
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from ..models import User
from .base import AdministratorsOnlyMixin


@admin.register(User)
class UserAdmin(AdministratorsOnlyMixin, DjangoUserAdmin):
    """Accounts are managed by administrators only (superusers and the “Quản trị” role)."""

    list_display = (
        "username",
        "full_name",
        "email",
        "is_staff",
        "is_active",
        "roles",
        "organisation_list",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("organisations",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (
            _("Organisations"),
            {
                "fields": ("organisations",),
                "description": _(
                    "The account sees and changes only these organisations and their cells, "
                    "unless it belongs to the “Quản trị” role."
                ),
            },
        ),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Roles and organisations"), {"fields": ("groups", "organisations", "is_staff")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "organisations")

    @admin.display(description=_("full name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=_("organisations"))
    def organisation_list(self, obj):
        return ", ".join(org.short_name or org.name for org in obj.organisations.all())


def _administrators_only(*models):
    """Register the models' admins again, limited to administrators: roles and login records
    belong to no organisation, and a role's permissions decide what each of its accounts does.
    (Django's auth admin and the axes admin imported above have registered them.)"""
    for model in models:
        if admin.site.is_registered(model):
            original = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            admin.site.register(
                model, type(original.__name__, (AdministratorsOnlyMixin, original), {})
            )


_administrators_only(Group, AccessAttempt, AccessLog, AccessFailureLog)
