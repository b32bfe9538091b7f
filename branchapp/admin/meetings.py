from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import (
    ATTENDANCE_COUNTS,
    MINUTES_FIELDS,
    AgendaItem,
    Attendance,
    Award,
    Document,
    ElectedPerson,
    Election,
    Meeting,
    MeetingKindTag,
    MeetingPerson,
    MemberEvent,
    MinutesAddendum,
    Opinion,
    Target,
    Vote,
)
from ..scoping import sees_everything
from ..services.meetings import MeetingData, MinutesLocked, meeting_save
from ..services.restore import meeting_restore
from .base import (
    LOCKED_MESSAGE,
    HistoryAdmin,
    MinutesInlineMixin,
    PersonRefForm,
    StackedInline,
    TabularInline,
)
from .restore import RestoreDeletedMixin

MEETING_SCOPE = "meeting__organisation"

# Rows that make up the minutes (locked with them).
MINUTES_MODELS = (
    MeetingKindTag,
    MeetingPerson,
    Attendance,
    Document,
    AgendaItem,
    Opinion,
    MinutesAddendum,
    Election,
    ElectedPerson,
    Vote,
)


class MeetingKindInline(MinutesInlineMixin, TabularInline):
    model = MeetingKindTag
    min_num = 1
    verbose_name_plural = _("kinds of meeting")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", obj is None or obj.minutes_approved_at is None)
        return super().get_formset(request, obj, **kwargs)


class MeetingPersonInline(MinutesInlineMixin, TabularInline):
    model = MeetingPerson
    form = PersonRefForm
    fields = ("role", "member", "name", "position", "order")
    autocomplete_fields = ("member",)
    verbose_name_plural = _("chairs, minute-taker and guests")


class AttendanceInline(MinutesInlineMixin, TabularInline):
    model = Attendance
    form = PersonRefForm
    fields = ("member", "name", "category", "status", "reason", "order")
    autocomplete_fields = ("member",)


class DocumentInline(MinutesInlineMixin, TabularInline):
    model = Document
    fields = ("kind", "number", "date", "issuer", "title", "file", "published", "order")
    verbose_name_plural = _("documents studied or applied")


class AgendaItemInline(MinutesInlineMixin, StackedInline):
    model = AgendaItem
    fields = (
        ("order", "title"),
        ("presenter_member", "presenter_name", "presenter_position"),
        "opinion_count",
        "conclusion",
    )
    autocomplete_fields = ("presenter_member",)
    show_change_link = True


class VoteInline(MinutesInlineMixin, TabularInline):
    model = Vote
    fields = ("subject", "about", "in_favour", "against", "abstaining", "out_of", "order")
    verbose_name_plural = _("votes")


class MeetingRecordInline(TabularInline):
    """A record made at the meeting but not part of its minutes (targets, awards, events)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("organisation")
        if obj is not None and field is not None:
            field.initial = obj.organisation_id
        return formset


class TargetReviewedInline(MeetingRecordInline):
    model = Target
    fk_name = "reviewed_at"
    fields = (
        "organisation",
        "year",
        "order",
        "title",
        "planned_text",
        "actual_text",
        "value_kind",
        "comparison",
        "planned_min",
        "planned_max",
        "actual_value",
        "assessment",
        "assessment_manual",
    )
    autocomplete_fields = ("organisation",)
    verbose_name = _("target reviewed")
    verbose_name_plural = _("targets reviewed at this meeting")


class TargetAdoptedInline(MeetingRecordInline):
    model = Target
    fk_name = "adopted_at"
    fields = (
        "organisation",
        "year",
        "term",
        "order",
        "group",
        "title",
        "planned_text",
        "value_kind",
        "comparison",
        "planned_min",
        "planned_max",
    )
    autocomplete_fields = ("organisation",)
    verbose_name = _("target adopted")
    verbose_name_plural = _("targets adopted at this meeting")


class AwardInline(MeetingRecordInline):
    model = Award
    fields = (
        "form",
        "badge_years",
        "recipient_member",
        "recipient_name",
        "recipient_collective",
        "count",
        "issuer",
        "decision",
        "year",
        "organisation",
        "order",
    )
    autocomplete_fields = ("recipient_member", "decision", "organisation")
    verbose_name_plural = _("awards presented")


class MemberEventInline(MeetingRecordInline):
    model = MemberEvent
    fk_name = "meeting"
    fields = ("type", "member", "count", "date", "organisation", "decision", "note")
    autocomplete_fields = ("member", "organisation", "decision")
    verbose_name_plural = _("member events decided")


class MinutesAddendumInline(StackedInline):
    """Corrections to approved minutes: they can be added, never edited or removed."""

    model = MinutesAddendum
    fields = ("text", "author_name", "created_at")
    readonly_fields = ("author_name", "created_at")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.minutes_approved_at else 0

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.minutes_approved_at is not None
            and super().has_add_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(RestoreDeletedMixin, HistoryAdmin):
    restore_function = staticmethod(meeting_restore)
    list_display = (
        "date",
        "title",
        "organisation_name",
        "kind_list",
        "minutes_approved",
        "report_status",
    )
    list_display_links = ("date", "title")
    list_select_related = ("organisation", "report")
    list_filter = (
        "kinds__kind",
        "mode",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("minutes_approved_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("title", "theme", "organisation_name", "place")
    date_hierarchy = "date"
    autocomplete_fields = ("organisation", "other_organisations")
    readonly_fields = ("organisation_name", "created_by", "created_at", "updated_at")
    inlines = [
        MeetingKindInline,
        MeetingPersonInline,
        AttendanceInline,
        DocumentInline,
        AgendaItemInline,
        VoteInline,
        TargetReviewedInline,
        TargetAdoptedInline,
        AwardInline,
        MemberEventInline,
        MinutesAddendumInline,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organisation",
                    "organisation_name",
                    "other_organisations",
                    "title",
                    "theme",
                    "term",
                ),
            },
        ),
        (
            _("When and where"),
            {
                "fields": (
                    ("date", "end_date"),
                    ("start_time", "end_time", "part_of_day"),
                    "mode",
                    "place",
                ),
            },
        ),
        (
            _("Periods"),
            {
                "fields": (("review_from", "review_to"), ("plan_from", "plan_to")),
                "classes": ("collapse",),
            },
        ),
        (
            _("Attendance counts (when the report gives only numbers)"),
            {
                # Convened and present; present by category; exempt and attending elsewhere.
                "fields": (
                    "attendance_mode",
                    ATTENDANCE_COUNTS[:2],
                    ATTENDANCE_COUNTS[2:5],
                    ATTENDANCE_COUNTS[5:],
                ),
                "classes": ("collapse",),
            },
        ),
        (
            _("Conclusion and approval"),
            {
                "fields": ("conclusion", "meeting_rating", "minutes_approved_at"),
            },
        ),
        (
            _("Record"),
            {
                "fields": ("created_by", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )
    change_list_template = "admin/branchapp/change_list_with_deleted.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kinds")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.minutes_approved_at is not None:
            fields += [f for f in MINUTES_FIELDS if f not in fields]
            if not request.user.is_superuser:
                fields.append("minutes_approved_at")
        return fields

    @admin.display(description=_("kinds"))
    def kind_list(self, obj):
        return ", ".join(str(tag.get_kind_display()) for tag in obj.kinds.all())

    @admin.display(description=_("minutes approved"), boolean=True, ordering="minutes_approved_at")
    def minutes_approved(self, obj):
        return obj.minutes_approved_at is not None

    @admin.display(description=_("news report"))
    def report_status(self, obj):
        report = getattr(obj, "report", None)
        if report is None:
            return "—"
        url = reverse("admin:branchapp_report_change", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, report.get_status_display())

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.minutes_approved_at and not sees_everything(request.user):
            return False  # approved minutes are removed only by an administrator
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # Addenda and locked minutes rows cannot be deleted one by one, but they go (and come
        # back on restore) with their meeting.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for model in MINUTES_MODELS:
            opts = model._meta
            if request.user.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
                perms_needed.discard(opts.verbose_name)
        return to_delete, model_count, perms_needed, protected

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and obj.minutes_approved_at and self.posts_minutes(request, obj):
                # A page opened before the approval (or a forged one): nothing is saved, not
                # even the rest of the form, rather than dropping the changes silently.
                self.message_user(request, LOCKED_MESSAGE, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MinutesLocked:
            # Approved between the opening of this page and its save: nothing was saved.
            self.message_user(
                request,
                _("The minutes were approved meanwhile; record corrections as an addendum."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def posts_minutes(self, request, obj) -> bool:
        """Whether the POST carries a value of the minutes: a field of MINUTES_FIELDS or a row
        field of a minutes inline, which the page of approved minutes never shows as inputs
        (only the rows' ids and the management counts)."""
        posted = set(request.POST)
        if posted & set(MINUTES_FIELDS):
            return True
        for inline in self.get_inline_instances(request, obj):
            if not isinstance(inline, MinutesInlineMixin):
                continue
            prefix = inline.get_formset(request, obj).get_default_prefix()
            hidden = {inline.model._meta.pk.name, "meeting"}
            for name in posted:
                head, _sep, field = name.rpartition("-")
                if head.startswith(f"{prefix}-") and head[len(prefix) + 1 :].isdigit():
                    if field not in hidden:
                        return True
        return False

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related writes the meeting, with its inlines, through the writer."""

    def save_related(self, request, form, formsets, change):
        save_inlines = super().save_related
        meeting_save(
            meeting=form.instance,
            data=meeting_data(form),
            user=request.user,
            also_write=lambda meeting: save_inlines(request, form, formsets, change),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is MinutesAddendum:
            for instance in formset.save(commit=False):
                instance.created_by = request.user
                instance.save()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


def meeting_data(form) -> MeetingData:
    """The meeting's values in the admin form, for the meeting writer (the inlines save the rows).

    Attendance counts are passed on only when typed in this form; otherwise they keep following
    the roll if they came from it.
    """
    columns = {model_field.name for model_field in Meeting._meta.concrete_fields}
    fields = {name: value for name, value in form.cleaned_data.items() if name in columns}
    counts = {name: fields.pop(name) for name in ATTENDANCE_COUNTS if name in fields}
    typed = set(counts) & set(form.changed_data)
    return MeetingData(fields=fields, counts=counts if typed else None)
