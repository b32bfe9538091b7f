"""Validation of an interchange file: one pass that collects every error with its JSON path.

`Validator.run(data)` returns the file's content as clean Python values (trimmed NFC text,
dates, decimals) ready to be written, or raises InterchangeError listing all problems.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .. import models as m
from ..models.awards import BADGE_FORM
from ..text import normalise
from ..validators import validate_photo
from .format import FORMAT, TALLY_COUNTS, VERSION, ImageSource, InterchangeError

MISSING = object()
MEMBER_EVENT_TYPES = m.MemberEventType.values
BLOCK_TYPES = m.BlockType.values
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_NUMBER_LIMIT = Decimal(10) ** 10
_FOUR_PLACES = Decimal("0.0001")


def join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def max_length(model, field_name) -> int | None:
    return model._meta.get_field(field_name).max_length


def type_name(value) -> str:
    if value is None:
        return _("null (no value)")
    if isinstance(value, bool):
        return _("true or false value")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("a text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


class Validator:
    """Checks a decoded interchange file and turns it into clean values."""

    def __init__(self, images: ImageSource):
        self.images = images
        self.errors: list[tuple[str, str]] = []

    # -- reporting and primitive readers -------------------------------------------------

    def error(self, path, message):
        self.errors.append((path, str(message)))

    def _get(self, obj, key, path, required):
        if key not in obj:
            if required:
                self.error(join(path, key), _("required key is missing"))
            return MISSING
        return obj[key]

    def text(self, obj, key, path, *, required=False, limit=None) -> str:
        """Trimmed NFC text; null or a missing key give ""."""
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return ""
        if not isinstance(value, str):
            self.error(where, _("expected text, got %(type)s") % {"type": type_name(value)})
            return ""
        value = normalise(value)
        if required and not value:
            self.error(where, _("must not be empty"))
        if limit and len(value) > limit:
            self.error(where, _("is longer than %(max)s characters") % {"max": limit})
        return value

    def integer(self, obj, key, path, *, required=False, minimum=0, maximum=None, default=None):
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return default
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not value.is_integer())
        ):
            self.error(
                where, _("expected a whole number, got %(type)s") % {"type": type_name(value)}
            )
            return default
        value = int(value)
        if minimum is not None and value < minimum:
            self.error(where, _("must be at least %(min)s") % {"min": minimum})
        elif maximum is not None and value > maximum:
            self.error(where, _("must be at most %(max)s") % {"max": maximum})
        return value

    def year(self, obj, key, path, *, required=False):
        return self.integer(obj, key, path, required=required, minimum=1900, maximum=2200)

    def number(self, obj, key, path) -> Decimal | None:
        value = self._get(obj, key, path, False)
        where = join(path, key)
        if value is MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(where, _("expected a number, got %(type)s") % {"type": type_name(value)})
            return None
        try:
            number = Decimal(str(value)).quantize(_FOUR_PLACES)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= _NUMBER_LIMIT:
            self.error(where, _("is too large"))
            return None
        return number

    def boolean(self, obj, key, path, *, default: bool) -> bool:
        value = self._get(obj, key, path, False)
        if value is MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.error(
                join(path, key),
                _("expected true or false, got %(type)s") % {"type": type_name(value)},
            )
            return default
        return value

    def choice(self, obj, key, path, choices, *, required=False, default=""):
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return default
        if not isinstance(value, str) or value not in choices:
            shown = value if isinstance(value, str) else type_name(value)
            self.error(
                where,
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": shown, "choices": ", ".join(choices)},
            )
            return default
        return value

    def date(self, obj, key, path, *, required=False) -> datetime.date | None:
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return None
        if isinstance(value, str) and _DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        shown = value if isinstance(value, str) else type_name(value)
        self.error(where, _("“%(value)s” is not a valid date (YYYY-MM-DD)") % {"value": shown})
        return None

    def time(self, obj, key, path) -> datetime.time | None:
        value = self._get(obj, key, path, False)
        if value is MISSING or value is None:
            return None
        if isinstance(value, str) and _TIME.match(value):
            try:
                return datetime.time.fromisoformat(value)
            except ValueError:
                pass
        shown = value if isinstance(value, str) else type_name(value)
        self.error(join(path, key), _("“%(value)s” is not a valid time (HH:MM)") % {"value": shown})
        return None

    def moment(self, obj, key, path) -> datetime.datetime | None:
        value = self._get(obj, key, path, False)
        if value is MISSING or value is None:
            return None
        if isinstance(value, str) and "T" in value:
            try:
                parsed = datetime.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed
        shown = value if isinstance(value, str) else type_name(value)
        self.error(
            join(path, key),
            _("“%(value)s” is not a date and time with an offset (e.g. 2022-01-04T08:30:00+07:00)")
            % {"value": shown},
        )
        return None

    def objects(self, obj, key, path, *, required=False):
        """(path, item) for each object of a list; null or a missing key give []."""
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return []
        if not isinstance(value, list):
            self.error(where, _("expected a list, got %(type)s") % {"type": type_name(value)})
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                items.append((join(where, index), item))
            else:
                self.error(
                    join(where, index),
                    _("expected an object, got %(type)s") % {"type": type_name(item)},
                )
        return items

    def texts(self, obj, key, path, *, limit=None) -> list[str]:
        value = self._get(obj, key, path, False)
        where = join(path, key)
        if value is MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.error(where, _("expected a list, got %(type)s") % {"type": type_name(value)})
            return []
        holder = dict(enumerate(value))
        return [self.text(holder, i, where, required=True, limit=limit) for i in holder]

    def nested(self, obj, key, path, *, required=False):
        """(path, object) of an object-valued key, or None when null or missing."""
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or value is None:
            if required and value is None:
                self.error(
                    where, _("expected an object, got %(type)s") % {"type": type_name(value)}
                )
            return None
        if not isinstance(value, dict):
            self.error(where, _("expected an object, got %(type)s") % {"type": type_name(value)})
            return None
        return where, value

    def after(self, path, key, start, end, message):
        if start is not None and end is not None and end < start:
            self.error(join(path, key), message)

    # -- the file ------------------------------------------------------------------------

    def run(self, data) -> dict:
        if not isinstance(data, dict):
            self.error(
                "",
                _("expected an object at the top level, got %(type)s") % {"type": type_name(data)},
            )
            raise InterchangeError(self.errors)
        fmt = data.get("format", MISSING)
        if fmt is MISSING:
            self.error("format", _("required key is missing"))
        elif fmt != FORMAT:
            self.error("format", _("expected “%(expected)s”") % {"expected": FORMAT})
        version = data.get("version", MISSING)
        if version is MISSING:
            self.error("version", _("required key is missing"))
        elif version != VERSION or isinstance(version, bool):
            self.error(
                "version",
                _("version %(value)s is not supported; this app reads version %(version)s")
                % {"value": version, "version": VERSION},
            )
        organisations = self.organisations(data)
        meetings = [
            self.meeting(path, item)
            for path, item in self.objects(data, "meetings", "", required=True)
        ]
        identities = {}
        for meeting in meetings:
            identity = (meeting["organisation"], meeting["date"], meeting["title"])
            if identity in identities and all(identity):
                self.error(
                    join(meeting["path"], "title"),
                    _("the same meeting (organisation, date and title) is already in %(path)s")
                    % {"path": identities[identity]},
                )
            identities.setdefault(identity, meeting["path"])
        if self.errors:
            raise InterchangeError(self.errors)
        return {"organisations": organisations, "meetings": meetings}

    def organisations(self, data):
        result, seen = [], {}
        for path, item in self.objects(data, "organisations", ""):
            org = {
                "path": path,
                "name": self.text(
                    item, "name", path, required=True, limit=max_length(m.Organisation, "name")
                ),
            }
            if "short_name" in item:
                org["short_name"] = self.text(
                    item, "short_name", path, limit=max_length(m.Organisation, "short_name")
                )
            if "kind" in item:
                org["kind"] = self.choice(
                    item,
                    "kind",
                    path,
                    m.OrganisationKind.values,
                    default=m.OrganisationKind.COMMITTEE,
                )
            if "parent" in item:
                org["parent"] = self.text(item, "parent", path)
            for key in ("valid_from", "valid_to"):
                if key in item:
                    org[key] = self.date(item, key, path)
            self.after(
                path,
                "valid_to",
                org.get("valid_from"),
                org.get("valid_to"),
                _("is before valid_from"),
            )
            if org["name"]:
                if org["name"] in seen:
                    self.error(
                        join(path, "name"),
                        _("organisation “%(name)s” is listed twice") % {"name": org["name"]},
                    )
                seen[org["name"]] = org
            if org.get("parent") and org.get("parent") == org["name"]:
                self.error(join(path, "parent"), _("an organisation cannot be its own parent"))
            result.append(org)
        # A parent chain inside the file must not loop.
        for org in result:
            chain, current = {org["name"]}, org.get("parent")
            while current and current in seen:
                if current in chain:
                    if current == org["name"]:
                        self.error(
                            join(org["path"], "parent"),
                            _("the parent chain loops back to this organisation"),
                        )
                    break
                chain.add(current)
                current = seen[current].get("parent")
        return result

    # -- meetings ------------------------------------------------------------------------

    def meeting(self, path, item) -> dict:
        meeting = {"path": path}
        meeting["organisation"] = self.text(
            item, "organisation", path, required=True, limit=max_length(m.Organisation, "name")
        )
        meeting["other_organisations"] = self.texts(
            item, "other_organisations", path, limit=max_length(m.Organisation, "name")
        )
        meeting["kinds"] = self.kinds(item, path)
        meeting["title"] = self.text(
            item,
            "title",
            path,
            required=True,
            limit=min(max_length(m.Meeting, "title"), max_length(m.Report, "headline")),
        )
        meeting["theme"] = self.text(item, "theme", path, limit=max_length(m.Meeting, "theme"))
        meeting["term"] = self.text(item, "term", path, limit=max_length(m.Meeting, "term"))
        for key in ("review_period", "plan_period"):
            meeting[key] = self.period(item, key, path)
        meeting["date"] = self.date(item, "date", path, required=True)
        meeting["end_date"] = self.date(item, "end_date", path)
        self.after(
            path, "end_date", meeting["date"], meeting["end_date"], _("is before the meeting date")
        )
        meeting["start_time"] = self.time(item, "start_time", path)
        meeting["end_time"] = self.time(item, "end_time", path)
        meeting["part_of_day"] = self.choice(item, "part_of_day", path, m.PartOfDay.values)
        meeting["mode"] = self.choice(
            item, "mode", path, m.MeetingMode.values, default=m.MeetingMode.IN_PERSON
        )
        meeting["place"] = self.text(item, "place", path, limit=max_length(m.Meeting, "place"))
        meeting["chairs"] = [
            self.person(p, i, default_member=True) for p, i in self.objects(item, "chairs", path)
        ]
        taker = self.nested(item, "minute_taker", path)
        meeting["minute_taker"] = self.person(*taker, default_member=True) if taker else None
        meeting["guests"] = [
            self.person(p, i, default_member=False) for p, i in self.objects(item, "guests", path)
        ]
        attendance = self.nested(item, "attendance", path)
        meeting["attendance"] = self.attendance(*attendance) if attendance else None
        meeting["documents"] = [
            self.document(p, i) for p, i in self.objects(item, "documents", path)
        ]
        meeting["agenda"] = [self.agenda_item(p, i) for p, i in self.objects(item, "agenda", path)]
        meeting["conclusion"] = self.text(item, "conclusion", path)
        meeting["meeting_rating"] = self.choice(
            item, "meeting_rating", path, m.MeetingRating.values
        )
        meeting["lead"] = self.text(item, "lead", path)
        meeting["body"] = [self.block(p, i) for p, i in self.objects(item, "body", path)]
        meeting["extra_photos"] = [
            self.photo(p, i) for p, i in self.objects(item, "extra_photos", path)
        ]
        meeting["targets"] = [self.target(p, i) for p, i in self.objects(item, "targets", path)]
        meeting["rating_results"] = [
            r
            for r in (
                self.rating_result(p, i) for p, i in self.objects(item, "rating_results", path)
            )
            if r
        ]
        meeting["awards"] = [self.award(p, i) for p, i in self.objects(item, "awards", path)]
        meeting["member_events"] = [
            self.member_event(p, i) for p, i in self.objects(item, "member_events", path)
        ]
        elections = self.nested(item, "elections", path)
        meeting["elections"] = self.elections(*elections) if elections else None
        author = self.nested(item, "author", path)
        meeting["author_name"] = meeting["author_organisation"] = ""
        if author:
            meeting["author_name"] = self.text(
                author[1],
                "name",
                author[0],
                required=True,
                limit=max_length(m.Report, "author_name"),
            )
            meeting["author_organisation"] = self.text(
                author[1],
                "organisation",
                author[0],
                limit=max_length(m.Report, "author_organisation"),
            )
        meeting["source_credit"] = self.text(
            item, "source_credit", path, limit=max_length(m.Report, "source_credit")
        )
        meeting["category"] = self.text(
            item, "category", path, limit=max_length(m.Category, "name")
        )
        meeting["status"] = self.choice(
            item, "status", path, m.ReportStatus.values, default=m.ReportStatus.DRAFT
        )
        meeting["published_at"] = self.moment(item, "published_at", path)
        return meeting

    def kinds(self, item, path):
        where = join(path, "kinds")
        value = self._get(item, "kinds", path, True)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.error(where, _("expected a list, got %(type)s") % {"type": type_name(value)})
            return []
        if not value:
            self.error(where, _("at least one kind is required"))
        kinds = []
        holder = dict(enumerate(value))
        for index in holder:
            kind = self.choice(holder, index, where, m.MeetingKind.values, required=True)
            if kind and kind in kinds:
                self.error(join(where, index), _("“%(value)s” is given twice") % {"value": kind})
            elif kind:
                kinds.append(kind)
        return kinds

    def period(self, item, key, path):
        nested = self.nested(item, key, path)
        if not nested:
            return None, None
        where, value = nested
        start = self.date(value, "from", where)
        end = self.date(value, "to", where)
        self.after(where, "to", start, end, _("is before the start of the period"))
        return start, end

    def person(self, path, item, *, default_member: bool) -> dict:
        return {
            "name": self.text(
                item, "name", path, required=True, limit=max_length(m.MeetingPerson, "name")
            ),
            "position": self.text(
                item, "position", path, limit=max_length(m.MeetingPerson, "position")
            ),
            "member": self.boolean(item, "member", path, default=default_member),
        }

    def attendance(self, path, item) -> dict:
        counts = {
            key: self.integer(item, key, path)
            for key in (
                "convened",
                "present",
                "present_full",
                "present_probationary",
                "present_temporary",
                "exempt",
                "away_elsewhere",
            )
        }
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
            "presenter": self.person(*presenter, default_member=False) if presenter else None,
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
            return tally
        self.error(path, _("give “member”, “organisation_rated” or “scope”"))
        return None

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
                {
                    "name": self.text(p, "name", ppath, required=True, limit=limit),
                    "position": self.text(
                        p, "position", ppath, limit=max_length(m.ElectedPerson, "position")
                    ),
                    "re_elected": self.boolean(p, "re_elected", ppath, default=False),
                }
                for ppath, p in self.objects(item, "elected", path)
            ],
            "delegates": [
                {
                    "name": self.text(p, "name", ppath, required=True, limit=limit),
                    "alternate": self.boolean(p, "alternate", ppath, default=False),
                }
                for ppath, p in self.objects(item, "delegates", path)
            ],
        }
