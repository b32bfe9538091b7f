"""Targets, awards, ratings, inspections and discipline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    Award,
    DisciplineAction,
    InspectionCase,
    MajorityRule,
    MemberRating,
    OrganisationFigures,
    OrganisationRating,
    RatingRuleSet,
    RatingTally,
    Target,
)
from .base import HistoryAdmin, ScopedModelAdmin

ORGANISATION_FILTER = ("organisation", admin.RelatedOnlyFieldListFilter)


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = (
        "short_title",
        "organisation",
        "period",
        "planned_text",
        "actual_text",
        "assessment",
        "assessment_manual",
    )
    list_select_related = ("organisation",)
    list_filter = ("year", "assessment", "value_kind", ORGANISATION_FILTER)
    search_fields = ("title", "group", "planned_text", "actual_text", "term")
    autocomplete_fields = ("organisation", "adopted_at", "reviewed_at")
    fieldsets = (
        (None, {"fields": ("organisation", ("year", "term"), ("order", "group"), "title")}),
        (
            _("Planned and actual values"),
            {
                "fields": (
                    "planned_text",
                    "actual_text",
                    ("value_kind", "comparison"),
                    ("planned_min", "planned_max", "actual_value"),
                    "indicator",
                ),
            },
        ),
        (_("Assessment"), {"fields": ("assessment", "assessment_manual", "note")}),
        (_("Meetings"), {"fields": ("adopted_at", "reviewed_at")}),
    )

    @admin.display(description=_("target"), ordering="title")
    def short_title(self, obj):
        return str(obj)

    @admin.display(description=_("year or term"), ordering="year")
    def period(self, obj):
        return obj.period_label


@admin.register(Award)
class AwardAdmin(HistoryAdmin):
    list_display = (
        "form_label",
        "recipient_label",
        "count",
        "issuer",
        "year",
        "organisation",
        "meeting",
        "posthumous",
    )
    list_select_related = ("organisation", "meeting")
    list_filter = ("form", "year", "posthumous", ORGANISATION_FILTER)
    search_fields = ("form", "recipient_name", "recipient_collective", "reason", "issuer")
    autocomplete_fields = ("recipient_member", "organisation", "meeting", "decision")
    fieldsets = (
        (None, {"fields": ("form", ("badge_years", "batch"), "posthumous", "issuer", "decision")}),
        (
            _("Recipient"),
            {
                "fields": (
                    "recipient_member",
                    ("recipient_name", "recipient_birth_year"),
                    "recipient_branch",
                    "recipient_collective",
                    "count",
                ),
            },
        ),
        (None, {"fields": ("reason", "year", "organisation", "meeting", "order")}),
    )

    @admin.display(description=_("form"), ordering="form")
    def form_label(self, obj):
        return obj.form_label

    @admin.display(description=_("recipient"), ordering="recipient_name")
    def recipient_label(self, obj):
        return obj.recipient_label


@admin.register(MemberRating)
class MemberRatingAdmin(HistoryAdmin):
    list_display = ("member", "year", "level", "points", "organisation", "meeting")
    list_select_related = ("member", "organisation", "meeting")
    list_filter = ("year", "level", ORGANISATION_FILTER)
    search_fields = ("member__full_name", "note")
    autocomplete_fields = ("member", "organisation", "meeting")
    fields = ("member", "organisation", "year", "level", "points", "note", "meeting")


@admin.register(OrganisationRating)
class OrganisationRatingAdmin(HistoryAdmin):
    list_display = ("organisation", "year", "level", "points", "meeting")
    list_select_related = ("organisation", "meeting")
    list_filter = ("year", "level", ORGANISATION_FILTER)
    search_fields = ("organisation__name", "note")
    autocomplete_fields = ("organisation", "meeting")
    fields = ("organisation", "year", "level", "points", "note", "meeting")


@admin.register(RatingTally)
class RatingTallyAdmin(HistoryAdmin):
    organisation_lookup = ("organisation", "meeting__organisation")
    list_display = (
        "scope",
        "year",
        "organisation",
        "meeting",
        "rated",
        "excellent",
        "good",
        "completed",
        "not_completed",
    )
    list_select_related = ("organisation", "meeting")
    list_filter = ("year", "scope")
    search_fields = ("organisation__name", "meeting__title")
    autocomplete_fields = ("organisation", "meeting")


@admin.register(OrganisationFigures)
class OrganisationFiguresAdmin(HistoryAdmin):
    organisation_lookup = ("organisation", "meeting__organisation")
    list_display = (
        "organisation",
        "year",
        "grassroots_organisations",
        "branches",
        "members",
        "probationary",
        "meeting",
    )
    list_select_related = ("organisation", "meeting")
    list_filter = ("year",)
    search_fields = ("organisation__name", "meeting__title")
    autocomplete_fields = ("organisation", "meeting")


@admin.register(RatingRuleSet)
class RatingRuleSetAdmin(ScopedModelAdmin):
    organisation_lookup = None  # national rules, the same for every organisation
    list_display = ("name", "valid_from", "valid_to", "uses_points", "source")
    list_filter = ("uses_points",)
    search_fields = ("name", "source", "conditions")
    date_hierarchy = "valid_from"


@admin.register(MajorityRule)
class MajorityRuleAdmin(ScopedModelAdmin):
    organisation_lookup = None  # national rules, the same for every organisation
    list_display = ("subject", "share", "valid_from", "valid_to", "source")
    list_filter = ("subject", "base")
    search_fields = ("source", "note")
    date_hierarchy = "valid_from"
    fields = (
        "subject",
        ("strict", "numerator", "denominator", "base"),
        ("valid_from", "valid_to"),
        "source",
        "note",
    )

    @admin.display(description=_("rule"))
    def share(self, obj):
        return obj.share_label


@admin.register(InspectionCase)
class InspectionCaseAdmin(HistoryAdmin):
    list_display = ("kind", "subtype", "year", "organisation", "subject", "start_date", "result")
    list_select_related = ("organisation", "subject_member", "subject_organisation")
    list_filter = ("year", "kind", "subtype", "result", ORGANISATION_FILTER)
    search_fields = ("content", "conducted_by_text", "conclusion", "subject_member__full_name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("organisation", "subject_member", "subject_organisation", "meeting")
    fieldsets = (
        (None, {"fields": ("organisation", "conducted_by_text", "year", ("kind", "subtype"))}),
        (_("Subject"), {"fields": ("subject_member", "subject_organisation", "subject_count")}),
        (
            _("Course and result"),
            {
                "fields": (
                    "content",
                    ("start_date", "end_date"),
                    "conclusion",
                    "result",
                    "meeting",
                ),
            },
        ),
    )

    @admin.display(description=_("subject"))
    def subject(self, obj):
        return obj.subject_member or obj.subject_organisation or obj.subject_count


@admin.register(DisciplineAction)
class DisciplineActionAdmin(HistoryAdmin):
    """Restricted: only superusers and the “Quản trị” role see discipline records."""

    admin_only = True
    list_display = ("form", "subject", "date", "organisation", "decision")
    list_select_related = ("organisation", "member", "subject_organisation", "decision")
    list_filter = ("form", ORGANISATION_FILTER)
    search_fields = ("member__full_name", "subject_organisation__name", "reason")
    date_hierarchy = "date"
    autocomplete_fields = (
        "organisation",
        "member",
        "subject_organisation",
        "decision",
        "inspection_case",
    )

    @admin.display(description=_("subject"))
    def subject(self, obj):
        return obj.member or obj.subject_organisation
