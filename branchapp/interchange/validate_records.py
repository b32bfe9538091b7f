"""Validation of the records a meeting carries: people, attendance, documents, the agenda,
the report's body and photos, targets, rating results, awards, member events and elections.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .. import models as m
from ..models.awards import BADGE_FORM
from ..validators import validate_photo
from .format import ATTENDANCE_COUNTS, TALLY_COUNTS, ImageSource
from .validate_values import ValueValidator, join, max_length

MEMBER_EVENT_TYPES = m.MemberEventType.values
BLOCK_TYPES = m.BlockType.values


class RecordValidator(ValueValidator):
    """Checks the records of a meeting; photos are read from `images` and checked too."""

    def __init__(self, images: ImageSource):
        super().__init__()
        self.images = images

    def person(self, path, item, *, default_member: bool, unnamed: bool = False) -> dict:
        """A PERSON; with `unnamed`, its name may be null when its position is given (a
        presenter named only by position, an addition to version 1)."""
        limit = max_length(m.MeetingPerson, "name")
        if unnamed and item.get("name") is None:
            if "name" not in item:
                self.error(join(path, "name"), _("required key is missing"))
            name = ""
        else:
            name = self.text(item, "name", path, required=True, limit=limit)
        position = self.text(item, "position", path, limit=max_length(m.MeetingPerson, "position"))
        member = self.boolean(item, "member", path, default=default_member)
        if unnamed and not name and "name" in item:
            if not position:
                self.error(join(path, "position"), _("give the name or the position"))
            if member:
                self.error(join(path, "member"), _("a member is named by their name"))
        return {"name": name, "position": position, "member": member}

    def attendance(self, path, item) -> dict:
        counts = {key: self.integer(item, key, path) for key in ATTENDANCE_COUNTS}
        if (
            counts["present"] is not None
            and counts["convened"] is not None
            and (counts["present"] > counts["convened"])
        ):
            self.error(join(path, "present"), _("more members present than convened"))
        name_limit = max_length(m.Attendance, "name")
        rows: dict[str, dict] = {}
        for rpath, record in self.objects(item, "records", path):
            name = self.text(record, "name", rpath, required=True, limit=name_limit)
            row = {
                "name": name,
                "status": self.choice(
                    record, "status", rpath, m.AttendanceStatus.values, required=True
                ),
                "category": self.choice(
                    record,
                    "category",
                    rpath,
                    m.MemberCategory.values,
                    default=m.MemberCategory.FULL,
                ),
                "reason": "",
            }
            if name in rows:
                self.error(join(rpath, "name"), _("“%(value)s” is given twice") % {"value": name})
            elif name:
                rows[name] = row
        seen_absent = set()
        for apath, absent in self.objects(item, "absent", path):
            name = self.text(absent, "name", apath, required=True, limit=name_limit)
            excused = self.boolean(absent, "excused", apath, default=False)
            reason = self.text(absent, "reason", apath, limit=max_length(m.Attendance, "reason"))
            status = m.AttendanceStatus.EXCUSED if excused else m.AttendanceStatus.UNEXCUSED
            if reason and not excused:
                self.error(join(apath, "reason"), _("a reason is kept only for an excused absence"))
            if not name:
                continue
            if name in seen_absent:
                self.error(join(apath, "name"), _("“%(value)s” is given twice") % {"value": name})
                continue
            seen_absent.add(name)
            if name in rows:
                if rows[name]["status"] and rows[name]["status"] != status:
                    self.error(
                        join(apath, "excused"),
                        _("contradicts the status “%(status)s” in records")
                        % {"status": rows[name]["status"]},
                    )
                rows[name]["reason"] = reason
            else:
                rows[name] = {
                    "name": name,
                    "status": status,
                    "category": m.MemberCategory.FULL,
                    "reason": reason,
                }
        return {"counts": counts, "rows": list(rows.values())}

    def document(self, path, item) -> dict:
        return {
            "number": self.text(item, "number", path, limit=max_length(m.Document, "number")),
            "kind": self.text(item, "kind", path, limit=max_length(m.Document, "kind")),
            "date": self.date(item, "date", path),
            "issuer": self.text(item, "issuer", path, limit=max_length(m.Document, "issuer")),
            "title": self.text(item, "title", path, limit=max_length(m.Document, "title")),
        }

    def agenda_item(self, path, item) -> dict:
        presenter = self.nested(item, "presenter", path)
        opinions = []
        for opath, opinion in self.objects(item, "opinions", path):
            speaker = self.nested(opinion, "speaker", opath, required=True)
            opinions.append(
                {
                    "speaker": self.person(*speaker, default_member=False) if speaker else None,
                    "summary": self.text(opinion, "summary", opath, required=True),
                }
            )
        return {
            "title": self.text(
                item, "title", path, required=True, limit=max_length(m.AgendaItem, "title")
            ),
            "presenter": (
                self.person(*presenter, default_member=False, unnamed=True) if presenter else None
            ),
            "opinions": opinions,
            "opinion_count": self.integer(item, "opinion_count", path),
            "conclusion": self.text(item, "conclusion", path),
        }

    def block(self, path, item) -> dict:
        kind = self.choice(item, "type", path, BLOCK_TYPES, required=True)
        block = {"type": kind}
        if kind in (m.BlockType.PARAGRAPH, m.BlockType.HEADING):
            block["text"] = self.text(item, "text", path, required=True)
        elif kind == m.BlockType.LIST:
            if "items" not in item:
                self.error(join(path, "items"), _("required key is missing"))
            block["items"] = self.texts(item, "items", path)
        elif kind == m.BlockType.PHOTO:
            block.update(self.photo(path, item))
        elif kind == m.BlockType.TARGETS:
            block["year"] = self.year(item, "year", path, required=True)
            block["organisation"] = self.text(
                item, "organisation", path, limit=max_length(m.Organisation, "name")
            )
        return block

    def photo(self, path, item) -> dict:
        ref = self.text(item, "image", path, required=True)
        if ref:
            try:
                name, content = self.images.read(ref)
                validate_photo(ContentFile(content, name=name))
            except ValueError as exc:
                self.error(join(path, "image"), str(exc))
            except ValidationError as exc:
                for message in exc.messages:
                    self.error(join(path, "image"), message)
        return {
            "image": ref,
            "caption": self.text(item, "caption", path, limit=max_length(m.Photo, "caption")),
            "credit": self.text(item, "credit", path, limit=max_length(m.Photo, "credit")),
        }

    def target(self, path, item) -> dict:
        target = {
            "organisation": self.text(
                item, "organisation", path, limit=max_length(m.Organisation, "name")
            ),
            "year": self.year(item, "year", path),
            "term": self.text(item, "term", path, limit=max_length(m.Target, "term")),
            "order": self.integer(item, "order", path, default=0),
            "group": self.text(item, "group", path, limit=max_length(m.Target, "group")),
            "title": self.text(item, "title", path, required=True),
            "planned_text": self.text(
                item, "planned_text", path, limit=max_length(m.Target, "planned_text")
            ),
            "actual_text": self.text(item, "actual_text", path),
            "value_kind": self.choice(
                item, "value_kind", path, m.ValueKind.values, default=m.ValueKind.QUALITATIVE
            ),
            "comparison": self.choice(
                item, "comparison", path, m.Comparison.values, default=m.Comparison.AT_LEAST
            ),
            "planned_min": self.number(item, "planned_min", path),
            "planned_max": self.number(item, "planned_max", path),
            "actual_value": self.number(item, "actual_value", path),
            "assessment": self.choice(item, "assessment", path, m.Assessment.values, default=None),
            "note": self.text(item, "note", path),
            "adopted": self.boolean(item, "adopted", path, default=False),
        }
        if target["year"] is None and not target["term"] and item.get("year") is None:
            self.error(join(path, "year"), _("a target needs a year or a term"))
        low, high = target["planned_min"], target["planned_max"]
        if low is not None and high is not None and high < low:
            self.error(join(path, "planned_max"), _("is below planned_min"))
        if target["comparison"] == m.Comparison.BETWEEN and (low is None or high is None):
            self.error(
                join(path, "comparison"), _("“between” needs both planned_min and planned_max")
            )
        return target

    def rating_result(self, path, item) -> dict | None:
        year = self.year(item, "year", path, required=True)
        if "member" in item or "organisation_rated" in item:
            key = "member" if "member" in item else "organisation_rated"
            limit = (
                max_length(m.Member, "full_name")
                if key == "member"
                else max_length(m.Organisation, "name")
            )
            return {
                "kind": key,
                "year": year,
                "name": self.text(item, key, path, required=True, limit=limit),
                "level": self.choice(item, "level", path, m.RatingLevel.values, required=True),
            }
        if "scope" in item:
            tally = {
                "kind": "tally",
                "year": year,
                "scope": self.choice(
                    item, "scope", path, m.RatingTally.Scope.values, required=True
                ),
                "organisation": self.text(
                    item, "organisation", path, limit=max_length(m.Organisation, "name")
                ),
            }
            for key in TALLY_COUNTS:
                tally[key] = self.integer(item, key, path)
            for message in m.tally_errors(tally):
                self.error(path, str(message))
            tally["path"] = path
            return tally
        self.error(path, _("give “member”, “organisation_rated” or “scope”"))
        return None

    def statistics(self, path, item) -> dict:
        """STATISTICS: figures a meeting announced about an organisation for a year."""
        figures = {
            "year": self.year(item, "year", path, required=True),
            "organisation": self.text(
                item, "organisation", path, limit=max_length(m.Organisation, "name")
            ),
            "path": path,
        }
        for key in m.OrganisationFigures.COUNTS:
            figures[key] = self.integer(item, key, path)
        members, probationary = figures["members"], figures["probationary"]
        if members is not None and probationary is not None and probationary > members:
            self.error(join(path, "probationary"), _("is more than members"))
        return figures

    def year_end(self, meeting: dict):
        """Across a meeting's tallies and statistics: none given twice for the same organisation
        and year (and scope), and each tally's rated + exempt + not rated equal to the total of
        the statistics of the same organisation and year."""
        own = meeting["organisation"]
        figures = {}
        for row in meeting["statistics"]:
            key = (row["organisation"] or own, row["year"])
            if key in figures:
                self.error(
                    row["path"], _("the statistics of this organisation and year are given twice")
                )
            figures[key] = row
        seen = set()
        for row in meeting["rating_results"]:
            if row["kind"] != "tally":
                continue
            key = (row["organisation"] or own, row["year"], row["scope"])
            if key in seen:
                self.error(
                    row["path"],
                    _("a tally of this scope, organisation and year is given twice"),
                )
                continue
            seen.add(key)
            figure = figures.get(key[:2])
            if figure is not None and row["scope"]:
                total = figure.get(m.TALLY_SCOPE_FIGURE[row["scope"]])
                message = m.tally_total_error(row, total, row["scope"])
                if message:
                    self.error(row["path"], str(message))

    def decision(self, item, path):
        nested = self.nested(item, "decision", path)
        return self.document(*nested) if nested else None

    def award(self, path, item) -> dict:
        award = {
            "form": self.text(item, "form", path, required=True, limit=max_length(m.Award, "form")),
            "badge_years": self.integer(item, "badge_years", path, minimum=1),
            "batch": self.text(item, "batch", path, limit=max_length(m.Award, "batch")),
            "posthumous": self.boolean(item, "posthumous", path, default=False),
            "issuer": self.text(item, "issuer", path, limit=max_length(m.Award, "issuer")),
            "decision": self.decision(item, path),
            "count": self.integer(item, "count", path, minimum=1, default=1),
            "reason": self.text(item, "reason", path),
            "year": self.year(item, "year", path),
            "member": "",
            "birth_year": None,
            "branch": "",
            "collective": "",
        }
        if award["badge_years"] is not None and award["form"] and award["form"] != BADGE_FORM:
            self.error(
                join(path, "badge_years"),
                _("badge years are only for the form “%(form)s”") % {"form": BADGE_FORM},
            )
        if "recipient" not in item:
            self.error(join(path, "recipient"), _("required key is missing"))
        recipient = self.nested(item, "recipient", path)
        if recipient:
            rpath, value = recipient
            if "member" in value:
                award["member"] = self.text(
                    value,
                    "member",
                    rpath,
                    required=True,
                    limit=max_length(m.Award, "recipient_name"),
                )
                award["birth_year"] = self.year(value, "birth_year", rpath)
                award["branch"] = self.text(
                    value, "branch", rpath, limit=max_length(m.Award, "recipient_branch")
                )
            elif "collective" in value:
                award["collective"] = self.text(
                    value,
                    "collective",
                    rpath,
                    required=True,
                    limit=max_length(m.Award, "recipient_collective"),
                )
            else:
                self.error(rpath, _("give “member” or “collective”"))
        return award

    def member_event(self, path, item) -> dict:
        event = {
            "type": self.choice(item, "type", path, MEMBER_EVENT_TYPES, required=True),
            "member": self.text(item, "member", path, limit=max_length(m.Member, "full_name")),
            "count": self.integer(item, "count", path, minimum=1, default=1),
            "date": self.date(item, "date", path),
            "prior_status": self.text(
                item, "prior_status", path, limit=max_length(m.MemberEvent, "prior_status")
            ),
            "decision": self.decision(item, path),
            "mentor": self.text(item, "mentor", path, limit=max_length(m.MemberEvent, "mentor")),
            "note": self.text(item, "note", path),
        }
        if event["member"] and event["count"] != 1:
            self.error(join(path, "count"), _("an event about a named member counts exactly one"))
        return event

    def elections(self, path, item) -> dict:
        limit = max_length(m.ElectedPerson, "name")
        return {
            "committee_size": self.integer(item, "committee_size", path),
            "elected": [
                self.elected(ppath, p, limit) for ppath, p in self.objects(item, "elected", path)
            ],
            "delegates": [
                {
                    "name": self.text(p, "name", ppath, required=True, limit=limit),
                    "alternate": self.boolean(p, "alternate", ppath, default=False),
                }
                for ppath, p in self.objects(item, "delegates", path)
            ],
        }

    def elected(self, path, item, limit) -> dict:
        """Someone elected: the name may be null when the report gives only the position (an
        addition to version 1), but not both."""
        if "name" not in item:
            self.error(join(path, "name"), _("required key is missing"))
        person = {
            "name": self.text(item, "name", path, limit=limit),
            "position": self.text(
                item, "position", path, limit=max_length(m.ElectedPerson, "position")
            ),
            "re_elected": self.boolean(item, "re_elected", path, default=False),
        }
        if "name" in item and not person["name"] and not person["position"]:
            self.error(join(path, "position"), _("give the name or the position"))
        return person
