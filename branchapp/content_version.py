"""The version of the public content: moved on by every change to what the public site shows.

Every public page is stored in the cache under the current version, and its ETag and
Last-Modified are derived from that version. Any change to what the public site shows
(a report, its photos or blocks, targets, awards, organisations, categories, meetings)
moves the version on, which drops every cached page at once and makes every browser's copy
stale.

Why receivers (registered in `BranchappConfig.ready`) rather than calls in `save()`/`delete()`:
a cascade delete (a meeting takes its report, photos and blocks with it) never calls the
children's `delete()`, but it does send `post_delete` for each of them; and the receivers
cover the admin, the workspace forms, imports and `loaddata` without touching each model.
Queryset `.update()` and `bulk_create()` send no signal: code that changes public content in
bulk calls `bump_public_cache()` itself (benchmarks/generate.py does).
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from . import models
from .models import Member, MemberEvent, Report, ReportStatus

STATE_KEY = "public-pages:state"

# Models whose rows appear on public pages.
PUBLIC_MODELS = (
    "Report",
    "Photo",
    "ReportBlock",
    "Category",
    "Target",
    "Award",
    "Organisation",
    "OrganisationName",
    "Meeting",
    "MeetingPerson",
    # The facts section of an article (selectors/facts.py) reads these live from the record.
    "MeetingKindTag",
    "Document",
    "Election",
    "ElectedPerson",
    "MemberEvent",
    # Not "Member": only a new name of a member on a published article moves the version
    # (`_member_renamed` below), not a phone number or a birth date. A member deleted takes
    # their events with them, whose post_delete moves it.
    "RatingTally",
    "OrganisationFigures",
    # The organisation page's officers (selectors/organisations.py).
    "Position",
    "PortalSettings",  # the home page's featured article (not the view counts: never here)
)


def _new_state(previous_version: int = 0) -> dict:
    """A fresh version, and when the next scheduled report goes public (it must bump too)."""
    due = Report.objects.filter(
        status=ReportStatus.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(due=Min("published_at"))["due"]
    state = {
        # Nanoseconds since the epoch: also the pages' Last-Modified.
        "version": max(time.time_ns(), previous_version + 1),
        "due": due.timestamp() if due else None,
    }
    cache.set(STATE_KEY, state, None)
    return state


def bump_public_cache() -> int:
    """Drop every cached public page; returns the new version."""
    state = cache.get(STATE_KEY)
    return _new_state(state["version"] if state else 0)["version"]


def current_state(state: dict | None) -> dict:
    """`state` as read from the cache, renewed when missing or when a scheduled report is due."""
    if state is None or (state["due"] is not None and time.time() >= state["due"]):
        state = _new_state(state["version"] if state else 0)
    return state


def public_cache_version() -> int:
    return current_state(cache.get(STATE_KEY))["version"]


def _content_changed(sender, **kwargs):
    bump_public_cache()
    # Bump again after the commit: a page rendered from the old rows while the transaction
    # was open must not stay cached under the new version.
    transaction.on_commit(bump_public_cache)


def _member_name_before(sender, instance, update_fields=None, raw=False, **kwargs):
    """Remember whether the save changes the name of a member named on a published article
    (the facts' admissions and confirmations read it live)."""
    instance._public_name_changed = False
    if raw or instance.pk is None:
        return  # a new member is on no article yet: the event linking them moves the version
    if update_fields is not None and "full_name" not in update_fields:
        return
    before = Member.objects.filter(pk=instance.pk).values_list("full_name", flat=True).first()
    if before is None or before == instance.full_name:
        return
    instance._public_name_changed = MemberEvent.objects.filter(
        member_id=instance.pk, meeting__report__status=ReportStatus.PUBLISHED
    ).exists()


def _member_renamed(sender, instance, **kwargs):
    if getattr(instance, "_public_name_changed", False):
        instance._public_name_changed = False
        _content_changed(sender)


def connect_signals():
    pre_save.connect(_member_name_before, sender=Member, dispatch_uid="public-cache-member-name")
    post_save.connect(_member_renamed, sender=Member, dispatch_uid="public-cache-member-renamed")
    for name in PUBLIC_MODELS:
        model = getattr(models, name)
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"public-cache-save-{name}")
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"public-cache-delete-{name}"
        )
