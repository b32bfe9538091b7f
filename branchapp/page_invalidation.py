"""Which public pages a change moves: the rules from a saved or deleted row to the dependency
tags of `page_dependencies.py`, and the scheduled reports that go public on their own.

The rules follow what the pages show (see docs/architecture.md, “Page cache”):

- a report published, unpublished or deleted, or a published report's card (headline,
  address, lead, section, time, meeting) changed: its article and card, the lists of every
  report, of its section (and the one it left) and of its meeting's kinds, the news of its
  organisation and of the organisations above it, its organisation's profile; any other
  public field of a published report: its article; a draft or a report scheduled for later:
  nothing (it moves its tags when it goes public);
- the parts of a meeting whose report is published: photos (cards show the first) as the
  card; blocks, documents, awards, targets, kinds, elections, admissions, tallies and figures
  its article (and the organisation's profile where it shows them, every list for the kinds);
  of a meeting without a published report: nothing;
- a meeting: only a change of what the article's facts show (date, times, place, theme,
  term, periods, attendance figures, organisation), for a meeting with a published report;
  minutes, opinions, the roll, votes and tasks move nothing; a person at a meeting only when
  the facts show them (chairs and guests);
- an officer: the organisation's profile; a member: the articles naming them (a new name)
  and the profiles listing them as officers (a new name or status);
- organisations, their names of a period and sections: every page (`layout`); the portal's
  settings (the featured article): the lists.

Why receivers (registered in `BranchappConfig.ready`) rather than calls in `save()`/`delete()`:
a cascade delete (a meeting takes its report, photos and blocks with it) never calls the
children's `delete()`, but it does send `pre_delete` for each of them; and the receivers
cover the admin, the workspace forms, imports and `loaddata` without touching each model.
Queryset `.update()` and `bulk_create()` send no signal: their callers call
`invalidate_everything()` (or the rule of what they wrote, as `kinds_written`).
"""

import datetime
import time

from django.core.cache import cache
from django.db.models import Min, Q
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import timezone

from . import models
from . import page_dependencies as tags
from .models import (
    ATTENDANCE_COUNTS,
    BlockType,
    Meeting,
    MeetingPerson,
    Member,
    MemberEvent,
    MemberEventType,
    Organisation,
    ParticipantRole,
    Position,
    Report,
    ReportBlock,
    ReportStatus,
)

STATE_KEY = "public-pages:state"

# A report's fields that its card shows on other pages (or that move it in the lists).
CARD_FIELDS = ("status", "published_at", "headline", "slug", "lead", "category_id", "meeting_id")
# The other fields its article shows.
ARTICLE_FIELDS = (
    "author_name",
    "author_organisation",
    "source_credit",
    "hidden_facts",
    "revised_at",
)
# A meeting's fields the article's facts show (selectors/facts.py) and those the cards and
# lists read (the organisation's name of the day, the meeting's year).
MEETING_LIST_FIELDS = ("date", "organisation_id", "organisation_name")
MEETING_FACT_FIELDS = (
    "end_date",
    "start_time",
    "end_time",
    "part_of_day",
    "place",
    "mode",
    "theme",
    "term",
    "review_from",
    "review_to",
    "plan_from",
    "plan_to",
    *ATTENDANCE_COUNTS,  # the attendance figures the facts print
)
ORGANISATION_PUBLIC_FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "parent_id",
    "valid_from",
    "valid_to",
    "place",
    "description",
    "order",
)
# The people of a meeting the facts name.
PUBLIC_ROLES = (ParticipantRole.CHAIR, ParticipantRole.GUEST)
PUBLIC_EVENTS = (MemberEventType.ADMISSION, MemberEventType.CONFIRMATION)


def _is_public(status, published_at) -> bool:
    return (
        status == ReportStatus.PUBLISHED
        and published_at is not None
        and published_at <= timezone.now()
    )


def publication_tags(report_id: int, organisation_path: str) -> set[str]:
    """What a report going public or away (or its card changing) moves: its article and card,
    the lists of every report, of its section and of its meeting's kinds, the news of its
    organisation and of those above it, its organisation's profile."""
    organisations = tags.ancestors(organisation_path)
    moved = {tags.report(report_id), tags.card(report_id), tags.LISTS}
    for category_id, kind in Report.objects.filter(pk=report_id).values_list(
        "category_id", "meeting__kinds__kind"
    ):
        if category_id is not None:
            moved.add(tags.section_news(category_id))
        if kind:
            moved.add(tags.kind_news(kind))
    moved |= {tags.organisation_news(pk) for pk in organisations}
    if organisations:
        moved.add(tags.organisation(organisations[-1]))
    return moved


def _public_reports_of_meetings(meeting_ids) -> list[tuple[int, str]]:
    """(report id, organisation path) of the public reports of these meetings (one query)."""
    meeting_ids = {pk for pk in meeting_ids if pk}
    if not meeting_ids:
        return []
    return list(
        Report.objects.published()
        .filter(meeting_id__in=meeting_ids)
        .values_list("pk", "meeting__organisation__path")
    )


def _move_articles(found, *, extra=(), organisation_tags=True) -> None:
    """Move the articles of `found` ((report id, organisation path) pairs), and `extra` when
    there is at least one; with their organisations' profiles if `organisation_tags`."""
    if not found:
        return
    moved = {tags.report(pk) for pk, _path in found} | set(extra)
    organisations = {tags.ancestors(path)[-1] for _pk, path in found if path}
    if organisation_tags:
        moved |= {tags.organisation(pk) for pk in organisations}
    tags.move(moved, reports={pk for pk, _path in found}, organisations=organisations)


# --- Reports ---


def _report_before(sender, instance, raw=False, **kwargs):
    instance._public_before = None
    if instance.pk is not None:
        instance._public_before = (
            Report.objects.filter(pk=instance.pk)
            .values(*CARD_FIELDS, *ARTICLE_FIELDS, "meeting__organisation__path")
            .first()
        )


def _report_saved(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_public_before", None)
    instance._public_before = None
    scheduled_before = before is not None and before["status"] == ReportStatus.PUBLISHED
    if instance.status == ReportStatus.PUBLISHED or scheduled_before:
        if before is None or any(
            before[name] != getattr(instance, name) for name in ("status", "published_at")
        ):
            refresh_state()  # a publication time set, moved or taken away
    was_public = before is not None and _is_public(before["status"], before["published_at"])
    if not was_public and not instance.is_public:
        return
    path = (
        Meeting.objects.filter(pk=instance.meeting_id)
        .values_list("organisation__path", flat=True)
        .first()
        or ""
    )
    card_changed = not was_public or not instance.is_public
    card_changed = card_changed or any(
        before[name] != getattr(instance, name) for name in CARD_FIELDS
    )
    organisations = set(tags.ancestors(path)[-1:])
    if card_changed:
        moved = publication_tags(instance.pk, path)
        if before is not None and before["category_id"] not in (None, instance.category_id):
            moved.add(tags.section_news(before["category_id"]))  # it leaves that section
        if before is not None and before["meeting__organisation__path"] != path:
            old_path = before["meeting__organisation__path"] or ""
            moved |= publication_tags(instance.pk, old_path)
            organisations |= set(tags.ancestors(old_path)[-1:])
        tags.move(moved, reports={instance.pk}, organisations=organisations)
    elif any(before[name] != getattr(instance, name) for name in ARTICLE_FIELDS):
        tags.move({tags.report(instance.pk)}, reports={instance.pk})


def _report_deleted(sender, instance, **kwargs):
    if instance.status == ReportStatus.PUBLISHED and not instance.is_public:
        refresh_state()  # it was scheduled
    if _is_public(instance.status, instance.published_at):
        path = (
            Meeting.objects.filter(pk=instance.meeting_id)
            .values_list("organisation__path", flat=True)
            .first()
            or ""
        )
        tags.move(
            publication_tags(instance.pk, path),
            reports={instance.pk},
            organisations=set(tags.ancestors(path)[-1:]),
        )


# --- The parts of a report and of a meeting ---


def _photo_changed(sender, instance, **kwargs):
    """Cards show a report's first photo: as a change of the card."""
    found = _public_reports_of_reports([instance.report_id])
    for pk, path in found:
        tags.move(publication_tags(pk, path), reports={pk})


def _public_reports_of_reports(report_ids) -> list[tuple[int, str]]:
    return list(
        Report.objects.published()
        .filter(pk__in=[pk for pk in report_ids if pk])
        .values_list("pk", "meeting__organisation__path")
    )


def _block_changed(sender, instance, **kwargs):
    _move_articles(_public_reports_of_reports([instance.report_id]), organisation_tags=False)


def _meeting_part_changed(sender, instance, **kwargs):
    """Documents, tallies, figures: shown in the article's facts."""
    _move_articles(_public_reports_of_meetings([instance.meeting_id]), organisation_tags=False)


def _kind_changed(sender, instance, **kwargs):
    """The kinds: the article's label, the lists of the kind, the profile's congresses, and
    the searches (they match the kinds' names)."""
    kinds_written(instance.meeting_id, [instance.kind])


def kinds_written(meeting_id: int, kinds) -> None:
    """The rule of kinds added or taken away, also for kinds written with `bulk_create`."""
    extra = {tags.LISTS, *(tags.kind_news(kind) for kind in kinds)}
    _move_articles(_public_reports_of_meetings([meeting_id]), extra=extra)


def _election_changed(sender, instance, **kwargs):
    _move_articles(_public_reports_of_meetings([instance.meeting_id]))


def _elected_person_changed(sender, instance, **kwargs):
    meeting_id = (
        models.Election.objects.filter(pk=instance.election_id)
        .values_list("meeting_id", flat=True)
        .first()
    )
    _move_articles(_public_reports_of_meetings([meeting_id]))


def _award_changed(sender, instance, **kwargs):
    found = _public_reports_of_meetings([instance.meeting_id])
    extra = {tags.organisation(instance.organisation_id)} if instance.organisation_id else set()
    _move_articles(found, extra=extra)


def _document_changed(sender, instance, **kwargs):
    """A document: the facts of its meeting, and of the meetings citing it as a decision."""
    meetings = {instance.meeting_id}
    if instance.pk is not None:
        meetings |= set(
            models.Award.objects.filter(decision_id=instance.pk).values_list(
                "meeting_id", flat=True
            )
        )
        meetings |= set(
            MemberEvent.objects.filter(decision_id=instance.pk).values_list("meeting_id", flat=True)
        )
    _move_articles(_public_reports_of_meetings(meetings), organisation_tags=False)


def _member_event_changed(sender, instance, **kwargs):
    if instance.type in PUBLIC_EVENTS:
        _move_articles(_public_reports_of_meetings([instance.meeting_id]), organisation_tags=False)


def _target_changed(sender, instance, **kwargs):
    """A target: the articles of the meetings that adopted or reviewed it, the articles whose
    targets block shows its organisation's year, its organisation's profile and targets."""
    found = _public_reports_of_meetings([instance.adopted_at_id, instance.reviewed_at_id])
    if instance.year is not None:
        blocks = ReportBlock.objects.filter(
            type=BlockType.TARGETS,
            targets_year=instance.year,
            report__in=Report.objects.published(),
        ).filter(
            Q(targets_organisation_id=instance.organisation_id)
            | Q(
                targets_organisation__isnull=True,
                report__meeting__organisation_id=instance.organisation_id,
            )
        )
        found += list(blocks.values_list("report_id", "report__meeting__organisation__path"))
    if found:
        tags.move(
            {tags.report(pk) for pk, _path in found}
            | {tags.organisation(instance.organisation_id)},
            reports={pk for pk, _path in found},
            organisations={instance.organisation_id},
        )


def _meeting_person_before(sender, instance, raw=False, **kwargs):
    instance._public_role_before = None
    if instance.pk is not None and instance.role not in PUBLIC_ROLES:
        instance._public_role_before = (
            MeetingPerson.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
        )


def _meeting_person_changed(sender, instance, **kwargs):
    before = getattr(instance, "_public_role_before", None)
    if instance.role in PUBLIC_ROLES or before in PUBLIC_ROLES:
        _move_articles(_public_reports_of_meetings([instance.meeting_id]), organisation_tags=False)


# --- Meetings ---


def _meeting_before(sender, instance, raw=False, **kwargs):
    instance._public_before = None
    if instance.pk is not None:
        instance._public_before = (
            Meeting.objects.filter(pk=instance.pk)
            .values(
                *MEETING_LIST_FIELDS,
                *MEETING_FACT_FIELDS,
                "report__pk",
                "report__status",
                "report__published_at",
                "organisation__path",
            )
            .first()
        )


def _meeting_saved(sender, instance, **kwargs):
    before = getattr(instance, "_public_before", None)
    instance._public_before = None
    if before is None or before["report__pk"] is None:
        return  # a new meeting, or one without a report: on no public page
    if not _is_public(before["report__status"], before["report__published_at"]):
        return
    report_id = before["report__pk"]
    if any(before[name] != getattr(instance, name) for name in MEETING_LIST_FIELDS):
        path = (
            Organisation.objects.filter(pk=instance.organisation_id)
            .values_list("path", flat=True)
            .first()
            or ""
        )
        moved = publication_tags(report_id, path) | publication_tags(
            report_id, before["organisation__path"]
        )
        organisations = set(tags.ancestors(path)[-1:]) | set(
            tags.ancestors(before["organisation__path"])[-1:]
        )
        tags.move(moved, reports={report_id}, organisations=organisations)
    elif any(before[name] != getattr(instance, name, before[name]) for name in MEETING_FACT_FIELDS):
        tags.move({tags.report(report_id)}, reports={report_id})


# --- Members and officers ---


def _member_before(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember a new name or status of a member (their name is on the articles of their
    admission, their name and status on the profiles listing them as officers)."""
    instance._public_change = None
    if raw or instance.pk is None:
        return  # a new member is on no page yet: the event or position linking them moves it
    if update_fields is not None and not {"full_name", "status"} & set(update_fields):
        return
    before = Member.objects.filter(pk=instance.pk).values("full_name", "status").first()
    if before is not None:
        instance._public_change = (
            before["full_name"] != instance.full_name,
            before["status"] != instance.status,
        )


def _member_saved(sender, instance, **kwargs):
    change = getattr(instance, "_public_change", None)
    instance._public_change = None
    if not change or not any(change):
        return
    renamed, _status_changed = change
    if renamed:
        meetings = MemberEvent.objects.filter(
            member_id=instance.pk, type__in=PUBLIC_EVENTS
        ).values_list("meeting_id", flat=True)
        _move_articles(_public_reports_of_meetings(set(meetings)), organisation_tags=False)
    organisations = set(
        Position.objects.filter(member_id=instance.pk).values_list("organisation_id", flat=True)
    )
    if organisations:
        tags.move({tags.organisation(pk) for pk in organisations}, organisations=organisations)


def _position_changed(sender, instance, **kwargs):
    tags.move(
        {tags.organisation(instance.organisation_id)}, organisations={instance.organisation_id}
    )


# --- Organisations, sections, the portal ---


def _organisation_before(sender, instance, raw=False, **kwargs):
    instance._public_before = None
    if instance.pk is not None:
        instance._public_before = (
            Organisation.objects.filter(pk=instance.pk).values(*ORGANISATION_PUBLIC_FIELDS).first()
        )


def _organisation_saved(sender, instance, created=False, **kwargs):
    before = getattr(instance, "_public_before", None)
    instance._public_before = None
    if before is None or any(
        before[name] != getattr(instance, name) for name in ORGANISATION_PUBLIC_FIELDS
    ):
        tags.move({tags.LAYOUT}, organisations={instance.pk}, everything=True)


def _layout_changed(sender, instance, **kwargs):
    """Names of organisations and sections are on every page (rare changes)."""
    tags.move({tags.LAYOUT}, everything=True)


def _portal_settings_changed(sender, instance, **kwargs):
    tags.move({tags.LISTS})


def invalidate_everything() -> None:
    """Drop every stored public page: for code that changes public content with
    `QuerySet.update()`/`bulk_create()` (no signal) or replaces the database (a restore)."""
    refresh_state()
    tags.move({tags.LAYOUT, tags.LISTS}, everything=True)


# --- Scheduled publication ---


def refresh_state() -> dict:
    """Store when the next scheduled report goes public (None when none is scheduled)."""
    due = Report.objects.filter(
        status=ReportStatus.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(due=Min("published_at"))["due"]
    state = {"due": due.timestamp() if due else None}
    cache.set(STATE_KEY, state, None)
    return state


def is_due(state: dict) -> bool:
    """Whether a scheduled report of `state` has reached its publication time."""
    return state["due"] is not None and time.time() >= state["due"]


def current_state(state: dict | None) -> dict:
    """`state` as read from the cache (with every page); renewed when missing, and when a
    scheduled report is due: the reports that went public since move their tags."""
    if state is None:
        return refresh_state()
    if is_due(state):
        since = datetime.datetime.fromtimestamp(state["due"], tz=datetime.UTC)
        gone_public = (
            Report.objects.published()
            .filter(published_at__gte=since)
            .values_list("pk", "meeting__organisation__path")
        )
        for pk, path in gone_public:
            tags.move(
                publication_tags(pk, path),
                reports={pk},
                organisations=set(tags.ancestors(path)[-1:]),
            )
        state = refresh_state()
    return state


# --- Registration ---

# (model, pre_save receiver or None, post_save receiver, pre_delete receiver)
RULES = (
    (Report, _report_before, _report_saved, _report_deleted),
    (models.Photo, None, _photo_changed, _photo_changed),
    (ReportBlock, None, _block_changed, _block_changed),
    (models.Document, None, _document_changed, _document_changed),
    (models.RatingTally, None, _meeting_part_changed, _meeting_part_changed),
    (models.OrganisationFigures, None, _meeting_part_changed, _meeting_part_changed),
    (models.MeetingKindTag, None, _kind_changed, _kind_changed),
    (models.Election, None, _election_changed, _election_changed),
    (models.ElectedPerson, None, _elected_person_changed, _elected_person_changed),
    (models.Award, None, _award_changed, _award_changed),
    (MemberEvent, None, _member_event_changed, _member_event_changed),
    (models.Target, None, _target_changed, _target_changed),
    (MeetingPerson, _meeting_person_before, _meeting_person_changed, _meeting_person_changed),
    (Meeting, _meeting_before, _meeting_saved, None),
    (Member, _member_before, _member_saved, None),
    (Position, None, _position_changed, _position_changed),
    (Organisation, _organisation_before, _organisation_saved, _layout_changed),
    (models.OrganisationName, None, _layout_changed, _layout_changed),
    (models.Category, None, _layout_changed, _layout_changed),
    (models.PortalSettings, None, _portal_settings_changed, _portal_settings_changed),
)


def connect_signals():
    for model, before, saved, deleted in RULES:
        name = model.__name__
        if before is not None:
            pre_save.connect(before, sender=model, dispatch_uid=f"page-cache-before-{name}")
        post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-saved-{name}")
        if deleted is not None:
            pre_delete.connect(deleted, sender=model, dispatch_uid=f"page-cache-deleted-{name}")
