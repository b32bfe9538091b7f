"""Building blocks shared by every admin class: organisation scoping, history, minutes lock.

Scoping: a staff account that is neither a superuser nor in the “Quản trị” role sees
and changes only rows of its organisations and everything below them. Each admin names, in
`organisation_lookup`, the path from its model to the Organisation that owns a row; querysets,
object permissions, choices of related fields and autocomplete results all go through
`branchapp.scoping`. Rows shared by every organisation (categories, rating rules) are added,
changed and deleted by administrators only, whatever permissions an account's groups hold.

Outside the account's scope, an object's change, delete and history pages answer 404 exactly
like a missing id: no page tells whether another organisation's object exists.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Meeting, User
from ..scoping import allowed_organisations, can_access_organisation, path_q, scope, sees_everything


def _lookups(lookup) -> tuple[str, ...] | None:
    if lookup is None:
        return None
    return (lookup,) if isinstance(lookup, str) else tuple(lookup)


def scope_queryset(queryset, user, lookup):
    """Rows of `queryset` within the user's organisations.

    `lookup` is the path to the owning organisation ("" for Organisation itself), a tuple of
    such paths (a row is in scope when any of them is), or None for models without an owner.
    """
    lookups = _lookups(lookup)
    if lookups is None or sees_everything(user):
        return queryset
    if len(lookups) == 1:
        return scope(queryset, user, lookups[0])
    q = Q(pk__in=[])
    for one in lookups:
        q |= path_q(user, f"{one}__path" if one else "path")
    return queryset.filter(q)


def organisations_of(obj, lookup):
    """The organisations that own `obj`, following each lookup attribute by attribute."""
    for one in _lookups(lookup) or ():
        target = obj
        for part in one.split("__") if one else ():
            target = getattr(target, part, None)
            if target is None:
                break
        if target is not None:
            yield target


def object_in_scope(user, obj, lookup) -> bool:
    if _lookups(lookup) is None or sees_everything(user):
        return True
    return any(can_access_organisation(user, org) for org in organisations_of(obj, lookup))


class ScopedChoicesMixin:
    """Limit the choices of foreign keys and many-to-many fields to the user's organisations.

    The organisation lookup of a related model is read from that model's registered admin, so
    each model's scope is declared in one place.
    """

    def scoped_choices(self, model, request):
        user = request.user
        if model is User:
            if sees_everything(user):
                return None
            return User.objects.filter(
                Q(pk=user.pk) | Q(organisations__in=allowed_organisations(user))
            ).distinct()
        related_admin = self.admin_site._registry.get(model)
        if related_admin is None or not hasattr(related_admin, "organisation_lookup"):
            return None
        if getattr(related_admin, "admin_only", False) and not sees_everything(user):
            return model._default_manager.none()
        if related_admin.organisation_lookup is None:
            return None
        return scope_queryset(model._default_manager.all(), user, related_admin.organisation_lookup)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AdministratorsOnlyMixin:
    """A model only administrators (superusers and the “Quản trị” role) see and manage, even
    when an account's groups hold permissions on it: accounts, roles, login records."""

    def _allowed(self, request) -> bool:
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


class ScopedAdminMixin(ScopedChoicesMixin):
    """A model admin whose rows belong to organisations.

    `organisation_lookup`: path from the model to its owning Organisation ("" for Organisation,
    a tuple for several possible owners, None for data shared by every organisation: only
    administrators add, change or delete it, since a change shows on every organisation's pages).
    `admin_only`: only superusers and the “Quản trị” role may see the model at all.
    """

    organisation_lookup: str | tuple[str, ...] | None = "organisation"
    admin_only = False

    @property
    def shared(self) -> bool:
        """Rows belong to no organisation: every organisation uses them."""
        return self.organisation_lookup is None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.admin_only and not sees_everything(request.user):
            return queryset.none()
        return scope_queryset(queryset, request.user, self.organisation_lookup)

    def in_scope(self, request, obj) -> bool:
        return object_in_scope(request.user, obj, self.organisation_lookup)

    def _allowed(self, request) -> bool:
        return not self.admin_only or sees_everything(request.user)

    def _may_write(self, request) -> bool:
        return self._allowed(request) and (not self.shared or sees_everything(request.user))

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            self._allowed(request)
            and super().has_view_permission(request, obj)
            and (obj is None or self.in_scope(request, obj))
        )

    def has_add_permission(self, request):
        return self._may_write(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_change_permission(request, obj)
            and (obj is None or self.in_scope(request, obj))
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_delete_permission(request, obj)
            and (obj is None or self.in_scope(request, obj))
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not sees_everything(request.user):
            # Another organisation's id (or a missing one): nothing is shown, not even a hint.
            raise Http404
        return obj


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    pass


class HistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Admin of a model with `history`: who changed what and when, viewable, never reverted.

    Reverting from a history page would bypass the minutes lock and the scoping of related
    fields; deleted meetings and members are brought back by the restore view instead.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def _visible_or_404(self, request, obj):
        """A missing object, one outside the account's scope and one of a model it may not
        see at all answer the same 404 (simple-history's views would say 403 for the last two,
        telling that the id exists)."""
        if sees_everything(request.user):
            return
        if obj is None or not self._allowed(request) or not self.in_scope(request, obj):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        if not sees_everything(request.user):
            # The object as simple-history finds it: the row, or its last recorded state.
            pk_name = self.opts.pk.attname
            key = {pk_name: unquote(object_id)}
            history = getattr(self.model, self.opts.simple_history_manager_attribute)
            try:
                obj = self.get_queryset(request).filter(**key).first()
                if obj is None:
                    record = history.filter(**key).order_by("-history_date").first()
                    obj = record.instance if record is not None else None
            except (ValueError, ValidationError):
                obj = None
            self._visible_or_404(request, obj)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not sees_everything(request.user):
            history = getattr(self.model, self.opts.simple_history_manager_attribute)
            try:
                record = history.filter(
                    **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
                ).first()
            except (ValueError, ValidationError):
                record = None
            self._visible_or_404(request, record.instance if record is not None else None)
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def scoped_view_on_site(request, content_type_id, object_id):
    """The admin's “view on site” redirect, within the account's scope.

    Django's own answers a redirect for any object with a public address, which would give
    away the address (the slug, made from the headline) of another organisation's unpublished
    report. Here an object the account cannot see in the admin answers 404 like a missing one.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if not sees_everything(request.user):
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        try:
            visible = model_admin.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404
    return shortcut(request, content_type_id, object_id)


class ScopedInlineMixin(ScopedChoicesMixin):
    """Inlines limit their related-field choices the same way as the admins."""


class TabularInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0


class StackedInline(ScopedInlineMixin, admin.StackedInline):
    extra = 0


# --- Minutes lock -------------------------------------------------------------------------


def meeting_of(obj):
    """The meeting whose minutes `obj` belongs to (a meeting, or a row hanging on one)."""
    if obj is None:
        return None
    if isinstance(obj, Meeting):
        return obj
    for path in ("meeting", "agenda_item__meeting", "election__meeting"):
        target = obj
        for part in path.split("__"):
            if not getattr(target, f"{part}_id", None):
                target = None
                break
            target = getattr(target, part)
        if target is not None:
            return target
    return None


def minutes_locked(obj) -> bool:
    meeting = meeting_of(obj)
    return meeting is not None and meeting.minutes_approved_at is not None


class MinutesInlineMixin:
    """An inline that is part of the minutes: read-only once the minutes are approved."""

    def has_add_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_delete_permission(request, obj)


class MinutesRecordForm(forms.ModelForm):
    """Refuses to add a row to (or move one onto) a meeting whose minutes are approved."""

    def clean(self):
        cleaned = super().clean()
        probe = self.instance.__class__()
        for name in ("meeting", "agenda_item", "election"):
            if name in cleaned:
                setattr(probe, name, cleaned[name])
        meeting = meeting_of(probe)
        if (
            meeting is not None
            and Meeting.objects.filter(pk=meeting.pk, minutes_approved_at__isnull=False).exists()
        ):
            raise ValidationError(
                _(
                    "The minutes of this meeting are approved and locked; record the correction "
                    "as a minutes addendum."
                ),
                code="minutes_locked",
            )
        return cleaned


LOCKED_MESSAGE = _(
    "The minutes of this meeting are approved and locked: nothing was saved. "
    "Record the correction as a minutes addendum."
)


class MinutesRecordAdminMixin:
    """A standalone admin of a part of the minutes: locked rows are read-only, and a change
    or deletion posted anyway (from a page opened before the approval) is refused with a
    message instead of a bare 403."""

    form = MinutesRecordForm

    def _refuse_locked(self, request, object_id):
        obj = self.get_object(request, unquote(object_id)) if object_id is not None else None
        if obj is None or not minutes_locked(obj):
            return None
        self.message_user(request, LOCKED_MESSAGE, messages.ERROR)
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            refused = self._refuse_locked(request, object_id)
            if refused is not None:
                return refused
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        refused = self._refuse_locked(request, object_id)
        if refused is not None:
            return refused
        return super().delete_view(request, object_id, extra_context)

    def has_change_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_delete_permission(request, obj)


class PersonRefForm(forms.ModelForm):
    """A person as written: the name may be left empty when a member is picked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Filled from the member when left empty.")

    def clean(self):
        cleaned = super().clean()
        if "name" in self.fields and not cleaned.get("name"):
            member = cleaned.get("member")
            if member is not None:
                cleaned["name"] = member.full_name
            elif not self.has_error("name"):
                self.add_error("name", _("Enter a name or pick a member."))
        return cleaned


class MinutesPersonRefForm(PersonRefForm, MinutesRecordForm):
    pass


def thumbnail(image, caption="", height=80):
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-height:{}px;max-width:160px;object-fit:cover">',
        image.url,
        caption,
        height,
    )
