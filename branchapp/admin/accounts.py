from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ..models import User
from ..scoping import sees_everything


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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

    def _allowed(self, request):
        return sees_everything(request.user)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and super().has_delete_permission(request, obj)
