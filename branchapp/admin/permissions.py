"""Permission names in the interface's language.

Django stores the names of the permissions it makes for each model in English ("Can add
meeting") when the tables are created; the permission pickers of the account and role forms
show them through `permission_label` instead: the model's own (translated) name and the action
("Được thêm cuộc họp"), or the translated name of a permission a model declares itself.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT_ACTIONS = {
    "add": "Can add %(name)s",
    "change": "Can change %(name)s",
    "delete": "Can delete %(name)s",
    "view": "Can view %(name)s",
}
PERMISSION_FIELDS = ("permissions", "user_permissions")
# Apps and models of other packages whose names are not translatable there.
APP_NAMES = {
    "otp_totp": _("Two-step sign-in"),
    "otp_static": _("Two-step sign-in"),
    "sessions": _("Sessions"),
}
MODEL_NAMES = {
    ("otp_totp", "totpdevice"): _("authenticator app"),
    ("otp_static", "staticdevice"): _("set of recovery codes"),
    ("otp_static", "statictoken"): _("recovery code"),
    ("admin", "logentry"): _("change log entry"),
}


def _model_name(opts) -> str:
    """The model's name in the active language; a history table's is "history of …"."""
    named = MODEL_NAMES.get((opts.app_label, opts.model_name))
    if named is not None:
        return str(named)
    instance_type = getattr(opts.model, "instance_type", None)  # simple-history's tables
    if instance_type is not None:
        return gettext("history of %(name)s") % {"name": _model_name(instance_type._meta)}
    name = str(opts.verbose_name)
    # "Nhóm" (Django's own catalogue) reads "nhóm" inside a sentence; "TOTP" stays.
    if name[:1].isupper() and name[1:2].islower():
        name = name[:1].lower() + name[1:]
    return name


def permission_label(permission) -> str:
    """`section | model | what it allows`, in the active language."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a model that no longer exists: its stored name is all there is
        return f"{content_type.app_label} | {content_type.model} | {permission.name}"
    opts = model._meta
    name = _model_name(opts)
    action, _sep, model_name = permission.codename.partition("_")
    if action in DEFAULT_ACTIONS and model_name == opts.model_name:
        what = gettext(DEFAULT_ACTIONS[action]) % {"name": name}
    else:
        declared = dict(opts.permissions).get(permission.codename)
        what = str(declared) if declared is not None else gettext(permission.name)
    app = APP_NAMES.get(opts.app_label, opts.app_config.verbose_name)
    return f"{capfirst(app)} | {capfirst(name)} | {what}"


class TranslatedPermissionsMixin:
    """For a ModelAdmin with a permission picker (accounts, roles): the permissions by their
    names in the interface's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in PERMISSION_FIELDS:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field
