"""The public report of a meeting: pre-filled from the record, edited as blocks, published."""

import functools
import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import staging
from ..models import BlockType, ParticipantRole, Photo, Report, ReportBlock, ReportStatus

logger = logging.getLogger(__name__)



def _join_names(people) -> str:
    return ", ".join(f"{p.name} – {p.position}" if p.position else p.name for p in people)


def draft_paragraphs(meeting) -> list[str]:
    """Opening paragraphs written from the record, with only what may be published.

    Names of chairs and guests and the attendance figures are public; absences, reasons and
    opinions stay in the minutes.
    """
    people = list(meeting.people.all())
    chairs = [p for p in people if p.role == ParticipantRole.CHAIR]
    guests = [p for p in people if p.role == ParticipantRole.GUEST]
    when = date_format(meeting.date, "SHORT_DATE_FORMAT")
    first = _("On %(date)s, %(organisation)s held %(title)s") % {
        "date": when,
        "organisation": meeting.organisation_name or meeting.organisation.name,
        "title": meeting.title[:1].lower() + meeting.title[1:],
    }
    if meeting.place:
        first += _(" at %(place)s") % {"place": meeting.place}
    first += "."
    if chairs:
        first += " " + _("The meeting was chaired by %(names)s.") % {"names": _join_names(chairs)}
    paragraphs = [first]
    if guests:
        paragraphs.append(_("Attending as guests: %(names)s.") % {"names": _join_names(guests)})
    if meeting.present is not None and meeting.convened:
        paragraphs.append(
            _("%(present)s of %(convened)s members attended.")
            % {"present": meeting.present, "convened": meeting.convened}
        )
    return paragraphs


def report_create_from_meeting(*, meeting, user) -> Report:
    """A draft report: the meeting title as headline, the first paragraph as lead, then blocks."""
    with transaction.atomic():
        paragraphs = draft_paragraphs(meeting)
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
        years = sorted(
            {t.year for t in meeting.targets_reviewed.all() if t.year}
            | {t.year for t in meeting.targets_adopted.all() if t.year}
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


def report_save(*, report, form, blocks, photo_edits, new_photos, bulk, user, move=None) -> Report:
    """Save the report, its blocks and photos in one transaction.

    New photos get a photo block at the end. If anything fails, the files written by this
    save are removed again, so a failed save leaves nothing behind.
    """
    written = []
    try:
        with transaction.atomic():
            form.save()
            photo_edits.save()
            blocks.instance = report
            block_objects = blocks.save(commit=False)
            for obj in blocks.deleted_objects:
                obj.delete()
            for obj in block_objects:
                obj.report = report
                obj.save()
            uploads = [
                (f.cleaned_data["image"], f.cleaned_data.get("caption", ""), f.cleaned_data.get("credit", ""))
                for f in new_photos.forms
                if getattr(f, "cleaned_data", None) and f.cleaned_data.get("image")
            ]
            uploads += [
                (upload, bulk.cleaned_data.get("caption", ""), bulk.cleaned_data.get("credit", ""))
                for upload in bulk.cleaned_data.get("photos") or []
            ]
            next_photo = (report.photos.aggregate(m=Max("order"))["m"] or 0) + 1
            next_block = (report.blocks.aggregate(m=Max("order"))["m"] or 0) + 1
            for upload, caption, credit in uploads:
                photo = Photo(report=report, caption=caption, credit=credit, order=next_photo, uploaded_by=user)
                photo.image.save(upload.name, upload, save=False)
                written.append(photo)
                photo.save()
                ReportBlock.objects.create(report=report, type=BlockType.PHOTO, photo=photo, order=next_block)
                next_photo += 1
                next_block += 1
            renumber_blocks(report, move=move)
            report.refresh_search_document()
            # Photos kept from an earlier, refused try are saved now: drop the kept copies.
            tokens = [
                f.cleaned_data.get("staged")
                for f in new_photos.forms
                if getattr(f, "cleaned_data", None)
            ]
            tokens += (bulk.cleaned_data.get("staged") or "").split()
            for token in filter(None, tokens):
                transaction.on_commit(functools.partial(staging.discard, token))
    except Exception:
        _delete_files(written)
        raise
    return report


def keep_chosen_photos(*, new_photos, bulk) -> int:
    """After a refused save, keep the chosen photos that passed their checks for the next try.

    A browser cannot put a chosen file back into the form; the kept photos' tokens go into
    the forms shown again instead (see branchapp/staging.py). Returns how many were kept.
    """
    staging.sweep()  # drop what earlier refused tries left behind
    kept = 0
    for form in new_photos.forms:
        upload = form.files.get(form.add_prefix("image"))
        if upload and "image" not in form.errors:
            _put(form, "staged", staging.stage(upload))
            kept += 1
    uploads = bulk.files.getlist(bulk.add_prefix("photos")) if bulk.files else []
    tokens = staging.stage_valid(uploads)
    if tokens:
        earlier = bulk.data.get(bulk.add_prefix("staged"), "")
        _put(bulk, "staged", " ".join(filter(None, [earlier, *tokens])))
    return kept + len(tokens)


def _put(form, field: str, value: str) -> None:
    """Set a bound form's submitted value (what it renders when shown again)."""
    data = form.data.copy()
    data[form.add_prefix(field)] = value
    form.data = data


def renumber_blocks(report, move=None):
    """Number the blocks 1…n in their order, applying a move ("up"/"down", block id) first."""
    ordered = list(report.blocks.order_by("order", "id"))
    if move:
        direction, block_id = move
        index = next((i for i, b in enumerate(ordered) if b.pk == block_id), None)
        if index is not None:
            other = index - 1 if direction == "up" else index + 1
            if 0 <= other < len(ordered):
                ordered[index], ordered[other] = ordered[other], ordered[index]
    for number, block in enumerate(ordered, start=1):
        if block.order != number:
            block.order = number
            block.save(update_fields=["order"])


def report_add_block(*, report, block_type: str) -> ReportBlock:
    """An empty block of `block_type` at the end (text blocks are filled in the editor)."""
    order = (report.blocks.aggregate(m=Max("order"))["m"] or 0) + 1
    block = ReportBlock(report=report, type=block_type, order=order)
    if block_type == BlockType.PARAGRAPH:
        block.text = _("New paragraph")
    elif block_type == BlockType.HEADING:
        block.text = _("New heading")
    elif block_type == BlockType.LIST:
        block.items = [_("First item")]
    elif block_type == BlockType.TARGETS:
        block.targets_year = report.meeting.date.year
    elif block_type == BlockType.PHOTO:
        photo = report.photos.order_by("order", "id").first()
        if photo is None:
            return None
        block.photo = photo
    block.save()
    return block


def report_publish(*, report, when=None) -> Report:
    """Publish now, or at `when` (a future time schedules it)."""
    report.status = ReportStatus.PUBLISHED
    report.published_at = when or timezone.now()
    report.save()
    return report


def report_unpublish(*, report) -> Report:
    report.status = ReportStatus.DRAFT
    report.save()
    return report
