"""Export of meetings to the interchange format, in a stable order so exports compare equal.

This module chooses the meetings and organisations and writes the .json or .zip file; each
meeting and the records it carries are turned into JSON objects in export_records.py.
"""

import json
import os
import zipfile
from collections import Counter
from pathlib import Path

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .. import models as m
from .export_records import export_meeting, export_organisation, report_of, title_of
from .format import (
    FORMAT,
    VERSION,
    ZIP_JSON_NAME,
    ExportResult,
    ImageSink,
    InterchangeError,
    read_photo,
)

# Fixed timestamp for zip entries, so that two exports of the same data are byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def meetings_queryset(*, organisation=None, year=None):
    qs = m.Meeting.objects.select_related("organisation", "report__category", "election")
    if organisation is not None:
        qs = qs.for_organisations([organisation])
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs.prefetch_related(
        "other_organisations",
        "kinds",
        "people",
        "attendance",
        "documents",
        Prefetch("agenda", queryset=m.AgendaItem.objects.prefetch_related("opinions")),
        Prefetch(
            "report__blocks",
            queryset=m.ReportBlock.objects.select_related("photo", "targets_organisation"),
        ),
        "report__photos",
        Prefetch("targets_adopted", queryset=m.Target.objects.select_related("organisation")),
        Prefetch("targets_reviewed", queryset=m.Target.objects.select_related("organisation")),
        Prefetch("member_ratings", queryset=m.MemberRating.objects.select_related("member")),
        Prefetch(
            "organisation_ratings",
            queryset=m.OrganisationRating.objects.select_related("organisation"),
        ),
        Prefetch("rating_tallies", queryset=m.RatingTally.objects.select_related("organisation")),
        Prefetch(
            "organisation_figures",
            queryset=m.OrganisationFigures.objects.select_related("organisation"),
        ),
        Prefetch("awards", queryset=m.Award.objects.select_related("decision", "recipient_member")),
        Prefetch(
            "member_events", queryset=m.MemberEvent.objects.select_related("decision", "member")
        ),
        "election__people",
        "addenda__created_by",
    )


def build_document(meetings, images: ImageSink, *, organisation=None, everything=False) -> dict:
    meetings = sorted(meetings, key=lambda x: (x.date, x.organisation.name, title_of(x), x.pk))
    organisations = organisations_for(meetings, organisation=organisation, everything=everything)
    ref = organisation_ref(organisations)
    return {
        "format": FORMAT,
        "version": VERSION,
        "organisations": [export_organisation(org, ref) for org in organisations],
        "meetings": [
            export_meeting(meeting, number, images, ref)
            for number, meeting in enumerate(meetings, 1)
        ],
    }


def organisation_ref(organisations):
    """How the file names an organisation: by its name, or by its code when another
    organisation of the file has the same name (the code is matched first on import)."""
    names = Counter(org.name for org in organisations)

    def ref(org) -> str:
        return org.code if org.code and names[org.name] > 1 else org.name

    return ref


def organisations_for(meetings, *, organisation=None, everything=False) -> list:
    """Every organisation when exporting everything; otherwise those the meetings name, with
    their ancestors (and the chosen organisation's subtree), parents before children."""
    if everything:
        chosen = list(m.Organisation.objects.select_related("parent"))
    else:
        ids = set()
        if organisation is not None:
            ids.update(m.Organisation.objects.subtree(organisation).values_list("pk", flat=True))
        for meeting in meetings:
            ids.add(meeting.organisation_id)
            ids.update(o.pk for o in meeting.other_organisations.all())
            report = report_of(meeting)
            if report:
                ids.update(
                    b.targets_organisation_id
                    for b in report.blocks.all()
                    if b.targets_organisation_id
                )
            ids.update(
                t.organisation_id
                for t in [*meeting.targets_adopted.all(), *meeting.targets_reviewed.all()]
            )
            ids.update(r.organisation_id for r in meeting.organisation_ratings.all())
            ids.update(t.organisation_id for t in meeting.rating_tallies.all() if t.organisation_id)
            ids.update(f.organisation_id for f in meeting.organisation_figures.all())
        paths = m.Organisation.objects.filter(pk__in=ids).values_list("path", flat=True)
        for path in paths:
            ids.update(int(part) for part in path.split("/") if part)
        chosen = list(m.Organisation.objects.filter(pk__in=ids).select_related("parent"))
    children: dict[int | None, list] = {}
    present = {o.pk for o in chosen}
    for org in chosen:
        parent = org.parent_id if org.parent_id in present else None
        children.setdefault(parent, []).append(org)
    ordered = []

    def walk(parent_id):
        for org in sorted(children.get(parent_id, []), key=lambda o: (o.name, o.pk)):
            ordered.append(org)
            walk(org.pk)

    walk(None)
    return ordered


def dumps(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_file(path: Path, *, organisation=None, year=None, inline_images=False) -> ExportResult:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".zip"):
        raise InterchangeError([("", _("the file name must end in .json or .zip"))])
    if suffix == ".zip":
        images = ImageSink("images/", inline=inline_images)
    else:
        images = ImageSink(f"{path.stem}-images/", inline=inline_images)
    meetings = list(meetings_queryset(organisation=organisation, year=year))
    data = build_document(
        meetings,
        images,
        organisation=organisation,
        everything=organisation is None and year is None,
    )
    result = ExportResult(meetings=len(data["meetings"]), organisations=len(data["organisations"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        if suffix == ".zip":
            with zipfile.ZipFile(partial, "w") as archive:
                archive.writestr(
                    zipfile.ZipInfo(ZIP_JSON_NAME, _ZIP_TIME), dumps(data), zipfile.ZIP_DEFLATED
                )
                for name, photo in images.files:
                    archive.writestr(
                        zipfile.ZipInfo(name, _ZIP_TIME), read_photo(photo), zipfile.ZIP_STORED
                    )
        else:
            for name, photo in images.files:
                target = path.parent / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(read_photo(photo))
                result.files.append(str(target))
            partial.write_bytes(dumps(data))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    result.files.insert(0, str(path))
    result.photos = images.count
    return result
