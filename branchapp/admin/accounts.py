"""Accounts, roles and login records: administrators only."""

import axes.admin  # noqa: F401  (registers the login records' admins, wrapped below)
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# django-otp's own device admins register themselves on import; they would show every
# account's TOTP secret, so they are imported here and removed below: an administrator
# resets an account's two-step sign-in with the action of the accounts list instead.
from django_otp.plugins.otp_static import admin as _otp_static_admin  # noqa: F401
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User
from ..services.accounts import two_factor_reset
from .base import AdministratorsOnlyMixin
from .permissions import TranslatedPermissionsMixin

# django-axes names its app "Axes" and ships no Vietnamese; its models' names are gettext
# msgids ("access attempt", …) translated in our catalogue, so only the app's name is set here.
apps.get_app_config("axes").verbose_name = _("Login records")

for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


class PasswordSetByAdministratorForm(AdminPasswordChangeForm):
    """The admin's "set password" form: the account must then choose its own password at
    its next sign-in (`User.must_change_password`)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = user.has_usable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(AdministratorsOnlyMixin, TranslatedPermissionsMixin, DjangoUserAdmin):
    """Accounts are managed by administrators only (superusers and the “Quản trị” role)."""

    list_display = (
        "username",
        "full_name",
        "email",
        "is_staff",
        "is_active",
        "roles",
        "organisation_list",
        "two_factor",
    )
    actions = ["reset_two_factor"]
    change_password_form = PasswordSetByAdministratorForm
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
        (
            _("Sign-in"),
            {
                "fields": ("must_change_password", "two_factor_status"),
                "description": _(
                    "A password set here or when the account is created must be replaced by "
                    "the account's own at its next sign-in. To reset a lost authenticator, "
                    "use the action “Reset two-step sign-in” on the accounts list."
                ),
            },
        ),
    )
    readonly_fields = ("two_factor_status",)
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
        return (
            super()
            .get_queryset(request)
            .prefetch_related("groups", "organisations")
            .annotate(
                has_authenticator=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
        )

    def save_model(self, request, obj, form, change):
        if not change:
            # The administrator chose (or generated) this password: the account replaces it.
            obj.must_change_password = obj.has_usable_password()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("two-step"), boolean=True, ordering="has_authenticator")
    def two_factor(self, obj):
        return getattr(obj, "has_authenticator", None)

    @admin.display(description=_("two-step sign-in"))
    def two_factor_status(self, obj):
        device = (
            TOTPDevice.objects.devices_for_user(obj, confirmed=True).order_by("created_at").first()
            if obj.pk
            else None
        )
        if device is None:
            return gettext("Not set up: the account sets it up at its next sign-in.")
        codes_left = sum(
            static.token_set.count()
            for static in StaticDevice.objects.devices_for_user(obj, confirmed=True)
        )
        return ngettext(
            "Authenticator app set up; %(count)d recovery code left.",
            "Authenticator app set up; %(count)d recovery codes left.",
            codes_left,
        ) % {"count": codes_left}

    @admin.action(
        description=_("Reset two-step sign-in of the selected accounts"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor_reset(user=user)
            self.log_change(request, user, gettext("Two-step sign-in reset."))
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in reset for %(count)d account: it sets up its authenticator "
                "again at its next sign-in.",
                "Two-step sign-in reset for %(count)d accounts: they set up their "
                "authenticator again at their next sign-in.",
                count,
            )
            % {"count": count},
        )

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
    (Django's auth admin and the axes admin imported above have registered them.) The roles'
    permission picker names the permissions in the interface's language."""
    for model in models:
        if admin.site.is_registered(model):
            original = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            admin.site.register(
                model,
                type(
                    original.__name__,
                    (AdministratorsOnlyMixin, TranslatedPermissionsMixin, original),
                    {},
                ),
            )


_administrators_only(Group, AccessAttempt, AccessLog, AccessFailureLog)
