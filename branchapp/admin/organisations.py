from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, OrganisationName
from ..scoping import sees_everything
from .base import ScopedModelAdmin, TabularInline


class OrganisationNameInline(TabularInline):
    model = OrganisationName
    fields = ("name", "valid_from", "valid_to")
    verbose_name = _("former name")


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    organisation_lookup = ""
    list_display = ("tree_name", "short_name", "kind", "parent", "valid_from", "valid_to", "code")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "slug", "code")
    autocomplete_fields = ("parent", "successor")
    inlines = [OrganisationNameInline]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "parent", "order", "code")}),
        (
            _("Validity and succession"),
            {"fields": ("valid_from", "valid_to", "successor")},
        ),
        (_("Other details"), {"fields": ("place", "description", "slug")}),
        (_("Publication of reports"), {"fields": ("report_publishing",)}),
    )

    @admin.display(description=_("name"), ordering="path")
    def tree_name(self, obj):
        return f"{'— ' * obj.depth}{obj.name}"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _(
                "Leave empty: it is made from the name (“Đảng bộ Đồng Tháp” → dang-bo-dong-thap)."
            )
        if "parent" in form.base_fields and not sees_everything(request.user):
            # A top-level organisation would fall outside the account's own scope.
            form.base_fields["parent"].required = True
        return form


@admin.register(OrganisationName)
class OrganisationNameAdmin(ScopedModelAdmin):
    list_display = ("name", "organisation", "valid_from", "valid_to")
    list_select_related = ("organisation",)
    list_filter = (("organisation", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ("organisation",)
    date_hierarchy = "valid_from"
