"""The public report of a meeting: pre-filled from the record, edited as blocks, published.

The editor's writes take plain data (the dataclasses below), never forms: the view validates
the forms of `forms/report_editor.py` and hands over what they cleaned.
"""

import dataclasses
import datetime
import functools
import logging
from collections.abc import Sequence
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import staging
from ..models import (
    Award,
    BlockType,
    FactPart,
    Meeting,
    MeetingKindTag,
    Photo,
    Report,
    ReportBlock,
    ReportReview,
    ReportStatus,
    ReviewAction,
    ReviewState,
)
from ..selectors.facts import article_facts
from ..selectors.periods import meeting_reviewed_year
from ..selectors.reports import (
    report_changes_since,
    report_draft_closing,
    report_draft_paragraphs,
    report_version,
)
from ..selectors.targets import term_years
from ..validators import validate_photo

logger = logging.getLogger(__name__)


class ReportConflict(Exception):
    """Someone else changed the report after this user opened the editor."""

    def __init__(self, current_version: str, changes: list):
        super().__init__("report changed meanwhile")
        self.current_version = current_version
        self.changes = changes  # [history entries, (label, count) of blocks and photos]


@dataclasses.dataclass(frozen=True)
class ReportFields:
    """The article's own fields, as the editor sets them."""

    headline: str
    lead: str = ""
    category_id: int | None = None
    author_name: str = ""
    author_organisation: str = ""
    source_credit: str = ""
    # The parts of the facts section switched off (FactPart keys); None leaves them as stored.
    hidden_facts: tuple[str, ...] | None = None


@dataclasses.dataclass(frozen=True)
class BlockData:
    """One block of the body: a stored block (`id`) or a new one (`id=None`, added at the end).

    `position` is the block's place in the reading order as the editor shows it (the editor's
    script moves blocks without a reload and renumbers these): the blocks given a position
    are put in that order, among the places they hold; None keeps the stored order. A
    `BlockMove` is applied after.
    """

    id: int | None
    type: str
    text: str = ""
    items: tuple[str, ...] = ()
    photo_id: int | None = None
    targets_year: int | None = None
    delete: bool = False
    position: int | None = None


@dataclasses.dataclass(frozen=True)
class PhotoEdit:
    """New caption and credit of one of the report's photos."""

    id: int
    caption: str = ""
    credit: str = ""


@dataclasses.dataclass(frozen=True)
class NewPhoto:
    """A photo to add: the chosen file, or the copy kept from an earlier, refused try.

    `kept_token` names that kept copy (branchapp/staging.py); it is dropped once the photo is
    saved.

    `after_block_id` places its photo block: after that block of the report, first in the body
    for `AT_START`, at the end for None. Photos placed after the same block follow each other
    in the order given.
    """

    file: File
    caption: str = ""
    credit: str = ""
    kept_token: str = ""
    after_block_id: int | None = None


AT_START = 0  # NewPhoto.after_block_id: the photo block opens the body


@dataclasses.dataclass(frozen=True)
class BlockMove:
    """Swap a block with the one above or below it."""

    direction: Literal["up", "down"]
    block_id: int


def report_create_from_meeting(*, meeting, user) -> Report:
    """A draft report: the meeting title as headline, the first paragraph as lead, then blocks.

    A meeting has one report: asked again (a double click), this returns the one written first.
    """
    existing = Report.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    try:
        return _create_from_meeting(meeting, user)
    except IntegrityError:  # written meanwhile by the first of two simultaneous requests?
        existing = Report.objects.filter(meeting=meeting).first()
        if existing is None:
            raise
        return existing


def term_table_years(meeting) -> set[int]:
    """A year under which each term the meeting set or reviewed targets for is shown (a table
    of a year shows the terms covering it): the meeting's year when the term covers it, else
    the term's first year; none for a term a year of the meeting's tables covers already."""
    targets = [*meeting.targets_reviewed.all(), *meeting.targets_adopted.all()]
    years = {t.year for t in targets if t.year}
    for term in sorted({t.term for t in targets if not t.year and t.term}):
        covered = term_years(term)
        if not covered or years & set(covered):
            continue
        years.add(meeting.date.year if meeting.date.year in covered else covered.start)
    return years


def _create_from_meeting(meeting, user) -> Report:
    with transaction.atomic():
        paragraphs = report_draft_paragraphs(meeting)
        report = Report.objects.create(
            meeting=meeting,
            headline=meeting.title,
            lead=paragraphs[0],
            author_name=user.get_full_name() or "",
            author_organisation=meeting.organisation_name or meeting.organisation.name,
            author_user=user,
        )
        blocks = [ReportBlock(type=BlockType.PARAGRAPH, text=text) for text in paragraphs[1:]]
        agenda = [item.title for item in meeting.agenda.all()]
        if agenda:
            blocks.append(ReportBlock(type=BlockType.HEADING, text=_("Agenda")))
            blocks.append(ReportBlock(type=BlockType.LIST, items=agenda))
        blocks += [
            ReportBlock(type=BlockType.PARAGRAPH, text=text)
            for text in report_draft_closing(meeting)
        ]
        years = sorted(
            {t.year for t in meeting.targets_reviewed.all() if t.year}
            | {t.year for t in meeting.targets_adopted.all() if t.year}
            | term_table_years(meeting)
        )
        for year in years:
            blocks.append(ReportBlock(type=BlockType.TARGETS, targets_year=year))
        if meeting.awards.exists():
            blocks.append(ReportBlock(type=BlockType.AWARDS))
        for order, block in enumerate(blocks, start=1):
            block.report, block.order = report, order
            block.save()
        report.refresh_search_document()
    return report


def _delete_files(photos):
    for photo in photos:
        storage = photo.image.storage
        names = [photo.image.name]
        for spec in ("webp_480", "webp_960", "webp_1600", "jpeg_480", "jpeg_960", "jpeg_1600"):
            try:
                names.append(getattr(photo, spec).name)
            except Exception:  # noqa: BLE001 - a rendition that was never named
                logger.debug("no rendition %s for %s", spec, photo.image.name)
        for name in names:
            if name and storage.exists(name):
                storage.delete(name)


def report_save(
    *,
    report: Report,
    fields: ReportFields,
    blocks: Sequence[BlockData] = (),
    photo_edits: Sequence[PhotoEdit] = (),
    new_photos: Sequence[NewPhoto] = (),
    user,
    move: BlockMove | None = None,
    version: datetime.datetime | None = None,
) -> Report:
    """Save the report, its blocks and photos in one transaction.

    `version` is the report's version (its `updated_at`) when the editor was opened: if someone
    changed the article, its blocks or photos since, ReportConflict tells what they changed and
    nothing is written (a change of the publication alone, which the editor does not write, is
    no conflict). None skips the check. Every save moves the version on: a reordering (the
    blocks' positions or a move) is checked and recorded like any other change.

    A block or photo whose values are those stored is not written again (no empty history
    record); blocks and photos not named are left as they are. New photos are checked first,
    then each gets a photo block where its `after_block_id` places it. If anything fails, the
    files written by this save are removed again, so a failed save leaves nothing behind.

    Raises ValidationError for a photo or value the models refuse, and ValueError for a block
    or photo of another report.
    """
    for new_photo in new_photos:
        validate_photo(new_photo.file)
    written = []
    try:
        with transaction.atomic():
            current = Report.objects.select_for_update().get(pk=report.pk)
            if version is not None and current.updated_at != version:
                changes = report_changes_since(current, version)
                if changes.edited:
                    raise ReportConflict(report_version(current), changes.as_list())
            seen_before = _reader_content(current) if current.is_public else None
            # The publication is not the editor's to write: keep the stored one.
            report.status, report.published_at = current.status, current.published_at
            report.review_state = current.review_state
            report.revised_at = current.revised_at
            _save_fields(report, fields)
            _save_photo_edits(report, photo_edits)
            _check_anchors(report, new_photos)
            _save_blocks(report, blocks)
            placed = _add_photos(report, new_photos, user, written)
            report_blocks_renumber(
                report=report,
                move=move,
                positions={r.id: r.position for r in blocks if r.id and r.position is not None},
                placed=placed,
            )
            report.refresh_search_document()
            if seen_before is not None and _reader_content(report) != seen_before:
                _mark_revised(report)
            # Photos kept from an earlier, refused try are saved now: drop the kept copies.
            for token in filter(None, (p.kept_token for p in new_photos)):
                transaction.on_commit(functools.partial(staging.discard, token))
    except Exception:
        _delete_files(written)
        raise
    return report


def _save_fields(report, fields: ReportFields) -> None:
    names = [field.name for field in dataclasses.fields(ReportFields)]
    if fields.hidden_facts is None:
        names.remove("hidden_facts")
    for name in names:
        value = getattr(fields, name)
        if name == "hidden_facts":  # known parts only, each once, in their order
            value = [part for part in FactPart.values if part in set(value)]
        setattr(report, name, value)
    # Check what is set here, as the editor's form does (not the status, slug, …).
    set_here = {name.removesuffix("_id") for name in names}
    report.full_clean(exclude=[f.name for f in Report._meta.fields if f.name not in set_here])
    report.save()


def _save_photo_edits(report, edits: Sequence[PhotoEdit]) -> None:
    photos = report.photos.in_bulk([edit.id for edit in edits])
    unknown = [edit.id for edit in edits if edit.id not in photos]
    if unknown:
        raise ValueError(f"Photos {unknown} are not photos of report {report.pk}.")
    for edit in edits:
        photo = photos[edit.id]
        if (photo.caption, photo.credit) == (edit.caption, edit.credit):
            continue
        photo.caption, photo.credit = edit.caption, edit.credit
        photo.full_clean(exclude=["image", "report"])  # the file was checked when uploaded
        photo.save()


def _save_blocks(report, rows: Sequence[BlockData]) -> None:
    stored = {block.pk: block for block in report.blocks.all()}
    photo_ids = set(report.photos.values_list("pk", flat=True))
    unknown = [row.id for row in rows if row.id is not None and row.id not in stored]
    unknown_photos = [row.photo_id for row in rows if row.photo_id not in (None, *photo_ids)]
    if unknown or unknown_photos:
        raise ValueError(
            f"Blocks {unknown} or photos {unknown_photos} are not of report {report.pk}."
        )
    for row in rows:
        if row.delete and row.id is not None:
            stored[row.id].delete()
    next_order = max((block.order for block in stored.values()), default=0) + 1
    for row in rows:
        if row.delete:
            continue
        values = {
            "type": row.type,
            "text": row.text,
            "items": list(row.items),
            "photo_id": row.photo_id,
            "targets_year": row.targets_year,
        }
        if row.id is None:
            block = ReportBlock(report=report, order=next_order)
            next_order += 1
        else:
            block = stored[row.id]
            if all(getattr(block, name) == value for name, value in values.items()):
                continue
        for name, value in values.items():
            setattr(block, name, value)
        block.full_clean(exclude=["report"])
        block.save()


def _check_anchors(report, new_photos: Sequence[NewPhoto]) -> None:
    anchors = {p.after_block_id for p in new_photos} - {None, AT_START}
    unknown = anchors - set(report.blocks.filter(pk__in=anchors).values_list("pk", flat=True))
    if unknown:
        raise ValueError(f"Blocks {sorted(unknown)} are not of report {report.pk}.")


def _add_photos(report, new_photos: Sequence[NewPhoto], user, written: list) -> list:
    """Each new photo after the others, with a photo block at the end of the body.

    Returns the new photo blocks with where they go, as `report_blocks_renumber` places them.
    """
    placed = []
    next_photo = (report.photos.aggregate(m=Max("order"))["m"] or 0) + 1
    next_block = (report.blocks.aggregate(m=Max("order"))["m"] or 0) + 1
    for new_photo in new_photos:
        photo = Photo(
            report=report,
            caption=new_photo.caption,
            credit=new_photo.credit,
            order=next_photo,
            uploaded_by=user,
        )
        photo.image.save(new_photo.file.name, new_photo.file, save=False)
        written.append(photo)
        photo.save()
        block = ReportBlock.objects.create(
            report=report, type=BlockType.PHOTO, photo=photo, order=next_block
        )
        placed.append((block.pk, new_photo.after_block_id))
        next_photo += 1
        next_block += 1
    return placed


def report_blocks_renumber(
    *,
    report,
    move: BlockMove | None = None,
    positions: dict[int, int] | None = None,
    placed: Sequence[tuple[int, int | None]] = (),
) -> None:
    """Number the blocks 1…n in their order, after putting them where they were asked to go.

    First the blocks of `positions` ({block id: position}) are put in the order of their
    positions, among the places they hold (the others keep theirs); then each of `placed`
    ((new block id, after block id, `AT_START` or None for the end)) is put after its block,
    following the ones placed there before it (one whose block was just deleted goes at the
    end); then `move` swaps a block with its neighbour.
    """
    ordered = list(report.blocks.order_by("order", "id"))
    new_ids = {block_id for block_id, _after in placed}
    by_id = {block.pk: block for block in ordered}
    ordered = [block for block in ordered if block.pk not in new_ids]
    if positions:
        slots = [i for i, block in enumerate(ordered) if block.pk in positions]
        chosen = sorted((ordered[i] for i in slots), key=lambda b: (positions[b.pk], b.order))
        for slot, block in zip(slots, chosen, strict=True):
            ordered[slot] = block
    last_after = {}  # anchor → the block last placed after it
    for block_id, after in placed:
        anchor = last_after.get(after, after)
        index = next((i for i, b in enumerate(ordered) if b.pk == anchor), None)
        if after == AT_START and anchor == AT_START:
            index = -1
        if index is None:
            ordered.append(by_id[block_id])
        else:
            ordered.insert(index + 1, by_id[block_id])
        last_after[after] = block_id
    if move:
        index = next((i for i, b in enumerate(ordered) if b.pk == move.block_id), None)
        if index is not None:
            other = index - 1 if move.direction == "up" else index + 1
            if 0 <= other < len(ordered):
                ordered[index], ordered[other] = ordered[other], ordered[index]
    for number, block in enumerate(ordered, start=1):
        if block.order != number:
            block.order = number
            block.save(update_fields=["order"])


def report_add_block(*, report, block_type: str) -> ReportBlock | None:
    """A new block of `block_type` at the end (its text is filled in the editor).

    None when a photo block is asked for and the report has no photo yet.
    """
    order = (report.blocks.aggregate(m=Max("order"))["m"] or 0) + 1
    block = ReportBlock(report=report, type=block_type, order=order)
    if block_type == BlockType.PARAGRAPH:
        block.text = _("New paragraph")
    elif block_type == BlockType.HEADING:
        block.text = _("New heading")
    elif block_type == BlockType.LIST:
        block.items = [_("First item")]
    elif block_type == BlockType.TARGETS:
        block.targets_year = meeting_reviewed_year(report.meeting)
    elif block_type == BlockType.PHOTO:
        photo = report.photos.order_by("order", "id").first()
        if photo is None:
            return None
        block.photo = photo
    block.save()
    report.refresh_search_document()
    if report.is_public:
        _mark_revised(report)
    return block


def report_publish(*, report, when=None, version=None, user=None) -> Report:
    """Publish now, or at `when` (a future time schedules it).

    Publishing a report that is public already changes nothing: a second click on "Publish now"
    keeps the publication time of the first. So does scheduling it again for the same time.

    `version` is the report's version on the page the publisher read (the preview): if the
    article was edited since, ReportConflict is raised and nothing is published, so that
    nobody publishes what they did not see (a reviewer reads the latest version first). A
    report waiting for review leaves the review step as published by `user`.
    """
    with transaction.atomic():
        current = _locked_at(report, version)
        published = current.status == ReportStatus.PUBLISHED
        if published and (current.published_at == when or (when is None and current.is_public)):
            return current
        reviewed = current.review_state == ReviewState.SUBMITTED
        current.status = ReportStatus.PUBLISHED
        current.published_at = when or timezone.now()
        current.review_state = ReviewState.NONE
        current.save()
        if reviewed:
            _review_step(current, ReviewAction.PUBLISHED, user)
    _copy_state(current, report)
    return report


def _locked_at(report, version) -> Report:
    """The report's row, locked; ReportConflict if its article was edited after `version`."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if version is not None and current.updated_at != version:
        changes = report_changes_since(current, version)
        if changes.edited:
            raise ReportConflict(report_version(current), changes.as_list())
    return current


def _copy_state(source, target) -> None:
    for name in ("status", "published_at", "review_state", "updated_at"):
        setattr(target, name, getattr(source, name))


def _review_step(report, action, user, comment: str = "") -> ReportReview:
    return ReportReview.objects.create(
        report=report, action=action, user=user, comment=comment, version=report.updated_at
    )


def report_submit(*, report, user, version=None) -> Report:
    """A cell secretary submits the report for review (again, after it was returned).

    `version` is the report's version the secretary saw: an article edited since by someone
    else raises ReportConflict. Submitting a report already waiting for review or already
    published changes nothing (a double click).
    """
    with transaction.atomic():
        current = _locked_at(report, version)
        if current.review_state != ReviewState.SUBMITTED and current.status == ReportStatus.DRAFT:
            current.review_state = ReviewState.SUBMITTED
            current.save()
            _review_step(current, ReviewAction.SUBMITTED, user)
    _copy_state(current, report)
    return report


def report_return(*, report, user, comment: str, version=None) -> Report:
    """The reviewer sends the report back to its secretary with `comment` (required).

    Raises ValidationError without a comment; ReportConflict if the article was edited after
    the `version` the reviewer read. A report not waiting for review is left as it is.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what should be changed before returning the report."))
    with transaction.atomic():
        current = _locked_at(report, version)
        if current.review_state == ReviewState.SUBMITTED:
            current.review_state = ReviewState.RETURNED
            current.save()
            _review_step(current, ReviewAction.RETURNED, user, comment)
    _copy_state(current, report)
    return report


def report_unpublish(*, report) -> Report:
    """Take the report off the public site (a draft again); nothing to do for a draft."""
    if report.status != ReportStatus.DRAFT:
        report.status = ReportStatus.DRAFT
        report.save()
    return report


# What readers see of a report itself (the facts section reads the meeting's record live).
READER_FIELDS = (
    "headline",
    "lead",
    "category_id",
    "author_name",
    "author_organisation",
    "source_credit",
    "hidden_facts",
)


def _reader_content(report) -> tuple:
    """What a reader of the public article sees of `report`, as comparable values: its fields,
    its body (blocks in order, with their text, items, photo and targets year) and its photos
    with their captions and credits (two queries)."""
    fields = tuple(getattr(report, name) for name in READER_FIELDS)
    blocks = tuple(
        report.blocks.order_by("order", "id").values_list(
            "type", "text", "items", "photo_id", "targets_year"
        )
    )
    photos = tuple(
        report.photos.order_by("order", "id").values_list("id", "caption", "credit", "image")
    )
    return fields, blocks, photos


def _mark_revised(report) -> None:
    """Record that the public article changed now (shown as “Cập nhật”), without a history
    entry of its own: the save that changed it has one."""
    report.revised_at = timezone.now().replace(microsecond=0)
    Report.objects.filter(pk=report.pk).update(revised_at=report.revised_at)


# The award fields readers see (the awards block of the body, the facts section's list).
AWARD_SEEN = (
    "form",
    "badge_years",
    "posthumous",
    "issuer",
    "recipient_name",
    "recipient_branch",
    "recipient_collective",
    "count",
    "reason",
    "decision_id",
)


def _seen(value):
    """`value` (facts, lists, dicts, awards, text) as plain comparable values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, _seen(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.name != "available"  # the editor's checkboxes, not shown to readers
        )
    if isinstance(value, dict):
        return tuple(sorted((str(key), _seen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple, set)):
        return tuple(_seen(item) for item in value)
    if isinstance(value, Award):
        return tuple(getattr(value, name) for name in AWARD_SEEN)
    if isinstance(value, (str, int, float, bool, type(None), datetime.date)):
        return value
    return str(value)


def _record_seen(report) -> tuple:
    """What the public article shows of its meeting's record: the facts section, the aside
    (organisation's name of the day, date, part of day, kinds) and the meeting's awards."""
    awards_in_body = report.blocks.filter(type=BlockType.AWARDS).exists()
    meeting = report.meeting_id
    return (
        _seen(article_facts(report, awards_in_body=awards_in_body)),
        tuple(
            Meeting.objects.filter(pk=meeting)
            .values_list("organisation_id", "organisation_name", "date", "part_of_day")
            .get()
        ),
        tuple(
            MeetingKindTag.objects.filter(meeting_id=meeting).order_by("kind").values_list("kind")
        ),
        tuple(
            Award.objects.filter(meeting_id=meeting)
            .order_by("order", "id")
            .values_list(*AWARD_SEEN)
        ),
    )


def report_record_seen(*, meeting_id: int | None) -> tuple | None:
    """What readers see of a meeting's record in its public article, before the meeting is
    saved (None: no meeting yet, no report, or a report not public). Give it back to
    `report_record_compare` after the save."""
    if meeting_id is None:
        return None
    report = Report.objects.filter(meeting_id=meeting_id).first()
    if report is None or not report.is_public:
        return None
    return report.pk, _record_seen(report)


def report_record_compare(*, seen: tuple | None) -> None:
    """After a meeting's save: if its public article now shows other facts of the record than
    `seen` (from `report_record_seen`), the article changed after publication (“Cập nhật”)."""
    if seen is None:
        return
    report_id, before = seen
    report = Report.objects.filter(pk=report_id).first()
    if report is not None and report.is_public and _record_seen(report) != before:
        _mark_revised(report)
