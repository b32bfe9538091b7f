from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Category, Photo, Report, ReportAddress, ReportBlock, ReportReview
from ..selectors.review import may_publish
from .base import HistoryAdmin, ScopedModelAdmin, StackedInline, TabularInline, thumbnail

REPORT_SCOPE = "report__meeting__organisation"


class PhotoInline(TabularInline):
    model = Photo
    fields = ("preview", "image", "caption", "credit", "order")
    readonly_fields = ("preview",)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.image if obj.pk else None, obj.caption)


class ReportBlockInline(StackedInline):
    model = ReportBlock
    fields = (
        ("order", "type"),
        "text",
        "items",
        "photo",
        ("targets_year", "targets_organisation"),
    )
    autocomplete_fields = ("targets_organisation",)

    def get_formset(self, request, obj=None, **kwargs):
        # Photo blocks pick among this report's own photos.
        self._report = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            report = getattr(self, "_report", None)
            kwargs["queryset"] = (
                Photo.objects.filter(report=report) if report is not None else Photo.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReportReviewInline(TabularInline):
    """The review steps of the report, as a record: written by the workspace's review step."""

    model = ReportReview
    fields = ("at", "action", "user", "comment")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("review history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportAddressInline(TabularInline):
    """The addresses the report had before, each answering 301 to its current address: kept
    by the app when the address changes, shown as a record."""

    model = ReportAddress
    fields = ("slug", "created_at")
    readonly_fields = fields
    can_delete = False
    extra = 0
    verbose_name_plural = _("old addresses (redirected here)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    organisation_lookup = "meeting__organisation"
    list_display = (
        "headline",
        "organisation",
        "meeting_date",
        "category",
        "status",
        "published_at",
        "author_name",
    )
    list_select_related = ("meeting__organisation", "category")
    list_filter = (
        "status",
        "category",
        ("meeting__organisation", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("headline", "lead", "author_name", "slug")
    date_hierarchy = "published_at"
    autocomplete_fields = ("meeting", "category", "author_user")
    inlines = [PhotoInline, ReportBlockInline, ReportReviewInline, ReportAddressInline]
    fieldsets = (
        (None, {"fields": ("meeting", "headline", "category", "lead")}),
        (
            _("Byline"),
            {
                "fields": ("author_name", "author_organisation", "author_user", "source_credit"),
            },
        ),
        (_("Publication"), {"fields": ("status", "published_at", "review_state", "slug")}),
    )

    @admin.display(description=_("organisation"), ordering="meeting__organisation__name")
    def organisation(self, obj):
        return obj.meeting.organisation_name or obj.meeting.organisation

    @admin.display(description=_("meeting date"), ordering="meeting__date")
    def meeting_date(self, obj):
        return obj.meeting.date

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "review_state"]
        if not request.user.has_perm("branchapp.publish_report") or (
            obj is not None and not may_publish(request.user, obj.meeting.organisation)
        ):
            # Where the organisation's reports are reviewed, the office publishes them.
            fields += ["status", "published_at"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _(
                "Leave empty: it is made from the headline on the server."
            )
        return form

    def save_formset(self, request, form, formset, change):
        if formset.model is Photo:
            for instance in formset.save(commit=False):
                if instance.pk is None:
                    instance.uploaded_by = request.user
                instance.save()
            for deleted in formset.deleted_objects:
                deleted.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_document()


@admin.register(Photo)
class PhotoAdmin(HistoryAdmin):
    organisation_lookup = "report__meeting__organisation"
    list_display = ("preview", "caption", "credit", "report", "order", "uploaded_at")
    list_display_links = ("preview", "caption")
    list_select_related = ("report",)
    search_fields = ("caption", "credit", "report__headline")
    date_hierarchy = "uploaded_at"
    autocomplete_fields = ("report",)
    fields = (
        "report",
        "image",
        "preview",
        "caption",
        "credit",
        "order",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = ("preview", "uploaded_by", "uploaded_at")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.image if obj.pk else None, obj.caption)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReportBlock)
class ReportBlockAdmin(HistoryAdmin):
    organisation_lookup = REPORT_SCOPE
    list_display = ("report", "order", "type", "excerpt")
    list_select_related = ("report",)
    list_filter = ("type",)
    search_fields = ("text", "report__headline")
    autocomplete_fields = ("report", "photo", "targets_organisation")

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return (obj.text or "")[:80]


@admin.register(Category)
class CategoryAdmin(ScopedModelAdmin):
    organisation_lookup = None  # shared by every organisation
    list_display = ("name", "slug")
    search_fields = ("name",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _("Leave empty: it is made from the name.")
        return form
