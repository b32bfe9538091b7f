"""Writing a validated interchange file: organisations and members found by name, each meeting
through the meeting writer (`services.meetings.meeting_save`), then its report, photos, targets,
ratings, awards, member events and elections."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from imagekit.models.fields.utils import ImageSpecFileDescriptor

from .. import models as m
from ..services.meetings import MeetingData, MinutesLocked, RollRow, meeting_save
from .format import ATTENDANCE_COUNTS, TALLY_COUNTS, ImageSource, ImportResult, InterchangeError
from .locked import addenda_to_append, locked_meeting_errors
from .validation import join

# The meeting's own fields, as the format names them (the periods come in pairs).
MEETING_FIELDS = (
    "theme",
    "term",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "part_of_day",
    "mode",
    "place",
    "conclusion",
    "meeting_rating",
)

# The photo's web renditions (imagekit spec fields), generated as soon as a photo is saved.
RENDITIONS = [
    name for name, value in vars(m.Photo).items() if isinstance(value, ImageSpecFileDescriptor)
]


def delete_photo_files(photo: m.Photo):
    if not photo.image.name:
        return
    for spec in RENDITIONS:
        rendition = getattr(photo, spec)
        try:
            rendition.storage.delete(rendition.name)
        except Exception:  # noqa: BLE001 - a missing rendition is not an error
            pass
    photo.image.storage.delete(photo.image.name)


class WriteError(Exception):
    def __init__(self, path, message):
        super().__init__(message)
        self.path = path
        self.message = str(message)


class Writer:
    """Writes validated content; every lookup by name goes through a cache."""

    def __init__(self, images: ImageSource):
        self.images = images
        self.result = ImportResult()
        self.organisations: dict[str, m.Organisation] = {}
        self.members: dict[tuple[int, str], m.Member] = {}
        self.categories: dict[str, m.Category] = {}
        self.new_photos: list[m.Photo] = []
        self.path = ""
        # Errors found while writing that do not stop it at once (every locked meeting the
        # file would change is named); any of them undoes the whole import.
        self.errors: list[tuple[str, str]] = []
        self.shared_names: set[str] = set()

    def discard_new_files(self):
        """Remove the images (and their web renditions) saved by an import that failed."""
        for photo in self.new_photos:
            delete_photo_files(photo)
        self.new_photos.clear()

    def write(self, clean):
        self.write_organisations(clean["organisations"])
        for meeting in clean["meetings"]:
            self.path = meeting["path"]
            try:
                with transaction.atomic():
                    self.write_meeting(meeting)
            except (DatabaseError, ValidationError) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                raise WriteError(
                    self.path, _("could not be saved: %(error)s") % {"error": "; ".join(messages)}
                ) from exc
        if self.errors:
            raise InterchangeError(self.errors)

    # -- organisations, members, categories ---------------------------------------------------

    def organisation(self, name: str, parent_name: str | None = None) -> m.Organisation:
        """The organisation a file names: one of its own organisations (by code, or by a name
        no other of them has), else the database's with that code, then with that name; else
        a new top-level committee of that name."""
        if name in self.organisations:
            return self.organisations[name]
        by_code = m.Organisation.objects.filter(code=name).first() if name else None
        if by_code is not None:
            self.organisations[name] = by_code
            return by_code
        candidates = list(
            m.Organisation.objects.filter(name=name).select_related("parent").order_by("id")
        )
        found = candidates[0] if candidates else None
        if parent_name and len(candidates) > 1:
            found = next(
                (c for c in candidates if c.parent and c.parent.name == parent_name), found
            )
        if found is None:
            found = m.Organisation.objects.create(name=name, kind=m.OrganisationKind.COMMITTEE)
            self.result.organisations_created += 1
        self.organisations[name] = found
        return found

    def write_organisations(self, items):
        names = Counter(item["name"] for item in items)
        self.shared_names = {name for name, count in names.items() if count > 1}
        by_ref = {item["name"]: item for item in items if names[item["name"]] == 1}
        by_ref.update({item["code"]: item for item in items if item.get("code")})
        done = set()

        def place(item):
            if id(item) in done:
                return
            done.add(id(item))
            parent_name = item.get("parent")
            if parent_name and parent_name in by_ref:
                place(by_ref[parent_name])
            self.path = item["path"]
            if item.get("code"):
                org = self.coded_organisation(item, parent_name)
            else:
                org = self.organisation(item["name"], parent_name)
            if "parent" in item:
                parent = self.organisation(parent_name) if parent_name else None
                if parent is not None and parent.path.startswith(org.path):
                    raise WriteError(
                        join(item["path"], "parent"),
                        _("an organisation cannot be placed under itself or its own cells"),
                    )
                org.parent = parent
            for key in ("short_name", "kind", "valid_from", "valid_to", "code"):
                if key in item:
                    setattr(org, key, item[key])
            org.save()

        for item in items:
            place(item)

    def coded_organisation(self, item, parent_name) -> m.Organisation:
        """An organisation the file gives a code: the one with that code (renamed as the file
        says), else one of that name without a code (which takes it), else a new one."""
        code, name = item["code"], item["name"]
        found = m.Organisation.objects.filter(code=code).first()
        if found is None:
            candidates = list(
                m.Organisation.objects.filter(name=name, code="")
                .select_related("parent")
                .order_by("id")
            )
            found = next(
                (
                    c
                    for c in candidates
                    if parent_name and c.parent and parent_name in (c.parent.name, c.parent.code)
                ),
                candidates[0] if candidates else None,
            )
        if found is None:
            found = m.Organisation(name=name, kind=m.OrganisationKind.COMMITTEE)
            self.result.organisations_created += 1
        found.name = name
        found.code = code
        found.save()
        self.organisations[code] = found
        if name not in self.shared_names:
            self.organisations[name] = found
        return found

    def member(self, name: str, organisation: m.Organisation) -> m.Member:
        key = (organisation.pk, name)
        if key not in self.members:
            found = (
                m.Member.objects.filter(
                    full_name=name, organisation__path__startswith=organisation.path
                )
                .order_by("id")
                .first()
            )
            if found is None:
                found = m.Member.objects.create(full_name=name, organisation=organisation)
                self.result.members_created += 1
            self.members[key] = found
        return self.members[key]

    def category(self, name: str) -> m.Category | None:
        if not name:
            return None
        if name not in self.categories:
            self.categories[name] = m.Category.objects.get_or_create(name=name)[0]
        return self.categories[name]

    # -- one meeting ---------------------------------------------------------------------

    def write_meeting(self, data):
        org = self.organisation(data["organisation"])
        meeting = (
            m.Meeting.objects.filter(organisation=org, date=data["date"])
            .filter(Q(title=data["title"]) | Q(report__headline=data["title"]))
            .order_by("id")
            .first()
        )
        locked = meeting is not None and meeting.minutes_locked
        if locked:
            # Approved minutes are never rewritten: the file must give them as they are.
            errors = locked_meeting_errors(meeting, data)
            if errors:
                self.errors.extend(errors)
                return
        if meeting is None:
            meeting = m.Meeting(organisation=org, title=data["title"])
            self.result.created += 1
        else:
            self.clear_children(meeting, keep_minutes=locked)
            self.result.updated += 1
        try:
            meeting_save(
                meeting=meeting,
                data=self.report_data(data) if locked else self.meeting_data(data, org),
                also_write=lambda saved: self.write_records(saved, data, locked=locked),
            )
        except MinutesLocked:
            raise WriteError(
                data["path"],
                _(
                    "the minutes of this meeting are approved and locked; the file would change them"
                ),
            ) from None

    def report_data(self, data) -> MeetingData:
        """What may still change of a meeting whose minutes are approved: not its minutes."""
        fields = self.meeting_data(data, None, minutes=False).fields
        # The approval stands as recorded in the database, whatever the file says of it.
        kept = {*m.MINUTES_FIELDS, "minutes_approved_at"}
        return MeetingData(
            fields={key: value for key, value in fields.items() if key not in kept},
            # The year's figures the meeting announced are not minutes: they may still change.
            tallies=self.tallies(data["rating_results"]),
            figures=self.figures(data["statistics"]),
        )

    def meeting_data(self, data, org, *, minutes=True) -> MeetingData:
        """The meeting and the parts of its minutes, for the meeting writer."""
        fields = {key: data[key] for key in MEETING_FIELDS}
        fields["review_from"], fields["review_to"] = data["review_period"]
        fields["plan_from"], fields["plan_to"] = data["plan_period"]
        if data["minutes_approved_at"] is not None:
            fields["minutes_approved_at"] = data["minutes_approved_at"]
        if not minutes:
            return MeetingData(fields=fields)
        attendance = data["attendance"] or {"counts": {}, "rows": []}
        return MeetingData(
            fields=fields,
            # A report names only some members on its roll: its figures are kept as written.
            counts={key: attendance["counts"].get(key) for key in ATTENDANCE_COUNTS},
            kinds=data["kinds"],
            people=self.people(data, org),
            roll=[
                RollRow(
                    self.member(row["name"], org), row["category"], row["status"], row["reason"]
                )
                for row in attendance["rows"]
            ],
            documents=[
                {**document, "order": order} for order, document in enumerate(data["documents"])
            ],
            agenda=self.agenda(data["agenda"], org),
            tallies=self.tallies(data["rating_results"]),
            figures=self.figures(data["statistics"]),
        )

    def tallies(self, results) -> list[dict]:
        """The rating tallies announced, for the meeting writer (organisation: the meeting's
        own when the file names none)."""
        return [
            {
                "organisation": self.organisation(data["organisation"])
                if data["organisation"]
                else None,
                "order": order,
                **{key: data[key] for key in ("year", "scope", *TALLY_COUNTS)},
            }
            for order, data in enumerate(results)
            if data["kind"] == "tally"
        ]

    def figures(self, statistics) -> list[dict]:
        return [
            {
                "organisation": self.organisation(data["organisation"])
                if data["organisation"]
                else None,
                "order": order,
                "year": data["year"],
                **{key: data[key] for key in m.OrganisationFigures.COUNTS},
            }
            for order, data in enumerate(statistics)
        ]

    def write_records(self, meeting, data, *, locked=False):
        """What the meeting writer leaves to the import: the report and the results announced
        (and, unless the minutes are locked, the congress's results), then new addenda."""
        meeting.other_organisations.set(
            [self.organisation(name) for name in data["other_organisations"]]
        )
        self.write_report(meeting, data)
        self.write_targets(meeting, data["targets"])
        self.write_ratings(meeting, data["rating_results"])
        self.write_awards(meeting, data["awards"])
        self.write_member_events(meeting, data["member_events"])
        if not locked:
            self.write_elections(meeting, data["elections"])
        self.write_addenda(meeting, data)

    def write_addenda(self, meeting, data):
        """Corrections the file gives that the meeting does not have yet, in the file's order."""
        if data["addenda"] and meeting.minutes_approved_at is None:
            raise WriteError(
                join(data["path"], "addenda"),
                _(
                    "corrections are recorded only for approved minutes: give "
                    "minutes_approved_at, or leave the addenda out"
                ),
            )
        for addendum in addenda_to_append(meeting, data["addenda"]):
            m.MinutesAddendum.objects.create(
                meeting=meeting,
                text=addendum["text"],
                created_at=addendum["created_at"],
                author_name=addendum["author"],
            )
            self.result.addenda += 1

    def clear_children(self, meeting, *, keep_minutes=False):
        """Remove what hangs on a meeting being re-imported; the file's rows replace them.

        The minutes of a meeting approved in the database stay (`keep_minutes`), with its
        addenda: the file gives the same minutes, and only new addenda are added.
        """
        if not keep_minutes:
            meeting.kinds.all().delete()
            meeting.people.all().delete()
            meeting.attendance.all().delete()
            meeting.documents.all().delete()
            meeting.agenda.all().delete()
            m.Election.objects.filter(meeting=meeting).delete()
        m.MemberRating.objects.filter(meeting=meeting).delete()
        m.OrganisationRating.objects.filter(meeting=meeting).delete()
        decisions = set()
        for award in meeting.awards.all():
            decisions.add(award.decision_id)
            award.delete()
        for event in meeting.member_events.select_related("member"):
            decisions.add(event.decision_id)
            event.delete()
        m.Document.objects.filter(pk__in=decisions - {None}, meeting__isnull=True).delete()
        # A target adopted at one meeting and reviewed at another stays for the other one.
        for target in m.Target.objects.filter(Q(adopted_at=meeting) | Q(reviewed_at=meeting)):
            if target.adopted_at_id == meeting.pk:
                target.adopted_at = None
            if target.reviewed_at_id == meeting.pk:
                target.reviewed_at = None
            if target.adopted_at_id is None and target.reviewed_at_id is None:
                target.delete()
            else:
                target.save(update_fields=["adopted_at", "reviewed_at"])
        report = m.Report.objects.filter(meeting=meeting).first()
        if report is not None:
            report.blocks.all().delete()
            for photo in report.photos.all():
                photo.delete()
                transaction.on_commit(lambda photo=photo: delete_photo_files(photo))

    def person_fields(self, person, organisation):
        named_member = person["member"] and person["name"]
        member = self.member(person["name"], organisation) if named_member else None
        return {"name": person["name"], "position": person["position"], "member": member}

    def people(self, data, org) -> list[dict]:
        people = [(m.ParticipantRole.CHAIR, person) for person in data["chairs"]]
        if data["minute_taker"]:
            people.append((m.ParticipantRole.MINUTE_TAKER, data["minute_taker"]))
        people += [(m.ParticipantRole.GUEST, person) for person in data["guests"]]
        return [{"role": role, **self.person_fields(person, org)} for role, person in people]

    def agenda(self, agenda, org) -> list[dict]:
        rows = []
        for order, item in enumerate(agenda):
            presenter = self.person_fields(item["presenter"], org) if item["presenter"] else None
            opinions = [
                {
                    "order": index,
                    "summary": opinion["summary"],
                    **self.person_fields(opinion["speaker"], org),
                }
                for index, opinion in enumerate(item["opinions"])
            ]
            rows.append(
                {
                    "order": order,
                    "title": item["title"],
                    "presenter_name": presenter["name"] if presenter else "",
                    "presenter_position": presenter["position"] if presenter else "",
                    "presenter_member": presenter["member"] if presenter else None,
                    "opinion_count": item["opinion_count"],
                    "conclusion": item["conclusion"],
                    "opinions": opinions,
                }
            )
        return rows

    # -- the public report -----------------------------------------------------------------

    def write_report(self, meeting, data):
        report = m.Report.objects.filter(meeting=meeting).first() or m.Report(meeting=meeting)
        report.headline = data["title"]
        report.lead = data["lead"]
        report.author_name = data["author_name"]
        report.author_organisation = data["author_organisation"]
        report.source_credit = data["source_credit"]
        report.category = self.category(data["category"])
        report.status = data["status"]
        report.published_at = data["published_at"]
        report.save()
        photo_order = 0
        for order, block in enumerate(data["body"]):
            self.path = join(join(data["path"], "body"), order)
            row = m.ReportBlock(report=report, order=order, type=block["type"])
            if block["type"] in (m.BlockType.PARAGRAPH, m.BlockType.HEADING):
                row.text = block["text"]
            elif block["type"] == m.BlockType.LIST:
                row.items = block["items"]
            elif block["type"] == m.BlockType.PHOTO:
                row.photo = self.save_photo(report, block, photo_order)
                photo_order += 1
            elif block["type"] == m.BlockType.TARGETS:
                row.targets_year = block["year"]
                row.targets_organisation = (
                    self.organisation(block["organisation"]) if block["organisation"] else None
                )
            row.save()
        for index, photo in enumerate(data["extra_photos"]):
            self.path = join(join(data["path"], "extra_photos"), index)
            self.save_photo(report, photo, photo_order)
            photo_order += 1
        self.path = data["path"]
        report.refresh_search_document()

    def save_photo(self, report, data, order) -> m.Photo:
        try:
            name, content = self.images.read(data["image"])
        except ValueError as exc:
            raise WriteError(join(self.path, "image"), str(exc)) from None
        photo = m.Photo(report=report, caption=data["caption"], credit=data["credit"], order=order)
        photo.image.save(name, ContentFile(content), save=False)
        self.new_photos.append(photo)
        photo.save()
        self.result.photos += 1
        return photo

    # -- results announced at the meeting ------------------------------------------------------

    def write_targets(self, meeting, targets):
        for data in targets:
            org = (
                self.organisation(data["organisation"])
                if data["organisation"]
                else meeting.organisation
            )
            year, term = data["year"], data["term"]
            target = (
                m.Target.objects.filter(organisation=org, year=year, term=term, title=data["title"])
                .order_by("id")
                .first()
            ) or m.Target(organisation=org, year=year, term=term, title=data["title"])
            for key in (
                "order",
                "group",
                "planned_text",
                "actual_text",
                "value_kind",
                "comparison",
                "planned_min",
                "planned_max",
                "actual_value",
                "note",
            ):
                setattr(target, key, data[key])
            target.assessment_manual = data["assessment"] is not None
            if target.assessment_manual:
                target.assessment = data["assessment"]
            if data["adopted"]:
                target.adopted_at = meeting
            else:
                target.reviewed_at = meeting
            target.save()

    def write_ratings(self, meeting, results):
        org = meeting.organisation
        for data in results:
            if data["kind"] == "member":
                member = self.member(data["name"], org)
                m.MemberRating.objects.update_or_create(
                    member=member,
                    year=data["year"],
                    defaults={
                        "level": data["level"],
                        "organisation": member.organisation,
                        "meeting": meeting,
                    },
                )
            elif data["kind"] == "organisation_rated":
                m.OrganisationRating.objects.update_or_create(
                    organisation=self.organisation(data["name"]),
                    year=data["year"],
                    defaults={"level": data["level"], "meeting": meeting},
                )
            # Tallies go through the meeting writer (`MeetingData.tallies`).

    def decision(self, data):
        return m.Document.objects.create(meeting=None, **data) if data else None

    def write_awards(self, meeting, awards):
        org = meeting.organisation
        for order, data in enumerate(awards):
            m.Award.objects.create(
                organisation=org,
                meeting=meeting,
                order=order,
                form=data["form"],
                badge_years=data["badge_years"],
                batch=data["batch"],
                posthumous=data["posthumous"],
                issuer=data["issuer"],
                decision=self.decision(data["decision"]),
                recipient_member=self.member(data["member"], org) if data["member"] else None,
                recipient_name=data["member"],
                recipient_birth_year=data["birth_year"],
                recipient_branch=data["branch"],
                recipient_collective=data["collective"],
                count=data["count"],
                reason=data["reason"],
                year=data["year"],
            )

    def write_member_events(self, meeting, events):
        org = meeting.organisation
        for order, data in enumerate(events):
            m.MemberEvent.objects.create(
                organisation=org,
                meeting=meeting,
                order=order,
                type=data["type"],
                member=self.member(data["member"], org) if data["member"] else None,
                count=data["count"],
                date=data["date"],
                prior_status=data["prior_status"],
                decision=self.decision(data["decision"]),
                mentor=data["mentor"],
                note=data["note"],
            )

    def write_elections(self, meeting, data):
        if not data:
            return
        election = m.Election.objects.create(meeting=meeting, committee_size=data["committee_size"])
        for order, person in enumerate(data["elected"]):
            m.ElectedPerson.objects.create(
                election=election, kind=m.ElectedPerson.Kind.ELECTED, order=order, **person
            )
        for order, person in enumerate(data["delegates"]):
            m.ElectedPerson.objects.create(
                election=election, kind=m.ElectedPerson.Kind.DELEGATE, order=order, **person
            )
