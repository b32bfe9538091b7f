"""Validation of an interchange file: one pass that collects every error with its JSON path.

`Validator.run(data)` returns the file's content as clean Python values (trimmed NFC text,
dates, decimals) ready to be written, or raises InterchangeError listing all problems.
The readers of single values are in validate_values.py, the checks of what a meeting carries
(people, attendance, agenda, report body, targets, ratings, awards...) in validate_records.py;
this module checks the file itself, its organisations and each meeting's own keys.
"""

from django.utils.translation import gettext as _

from .. import models as m
from .format import FORMAT, VERSION, InterchangeError
from .validate_records import RecordValidator
from .validate_values import MISSING, join, max_length, type_name

__all__ = ["Validator", "join"]


class Validator(RecordValidator):
    """Checks a decoded interchange file and turns it into clean values."""

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
        self.unambiguous_references(organisations, meetings)
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
        result, seen, codes, shared = [], {}, {}, set()
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
            if "code" in item:
                org["code"] = self.text(
                    item, "code", path, limit=max_length(m.Organisation, "code")
                )
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
            code = org.get("code")
            if code:
                if code in codes:
                    self.error(
                        join(path, "code"),
                        _("the code “%(code)s” is given to two organisations") % {"code": code},
                    )
                codes.setdefault(code, org)
            if org["name"]:
                # Two organisations may share a name when each has a code that keeps them apart.
                if org["name"] in seen and not (code and seen[org["name"]].get("code")):
                    self.error(
                        join(path, "name"),
                        _("organisation “%(name)s” is listed twice") % {"name": org["name"]},
                    )
                elif org["name"] in seen:
                    shared.add(org["name"])
                seen.setdefault(org["name"], org)
            if org.get("parent") and org.get("parent") in (org["name"], code):
                self.error(join(path, "parent"), _("an organisation cannot be its own parent"))
            result.append(org)
        self.file_organisations = {
            **{name: org for name, org in seen.items() if name not in shared},
            **codes,
        }
        self.shared_names = shared
        # A parent chain inside the file must not loop.
        for org in result:
            chain, current = {id(org)}, self.file_organisations.get(org.get("parent"))
            while current is not None:
                if id(current) in chain:
                    if current is org:
                        self.error(
                            join(org["path"], "parent"),
                            _("the parent chain loops back to this organisation"),
                        )
                    break
                chain.add(id(current))
                current = self.file_organisations.get(current.get("parent"))
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
        meeting["statistics"] = [
            self.statistics(p, i) for p, i in self.objects(item, "statistics", path)
        ]
        self.year_end(meeting)
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
        self.minutes_approval(meeting, item, path)
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

    # -- additions to version 1: organisation codes, minutes approval and addenda -----------------

    def unambiguous_references(self, organisations, meetings):
        """A name two organisations of the file share cannot say which one: use its code."""
        shared = getattr(self, "shared_names", set())
        codes = {org["code"] for org in organisations if org.get("code")}
        references = [(join(org["path"], "parent"), org.get("parent")) for org in organisations]
        references += [
            (join(meeting["path"], "organisation"), meeting["organisation"]) for meeting in meetings
        ]
        for where, name in references:
            if name and name in shared and name not in codes:
                self.error(
                    where,
                    _(
                        "two organisations of the file are named “%(name)s”: "
                        "name this one by its code"
                    )
                    % {"name": name},
                )

    def minutes_approval(self, meeting, item, path):
        """When the minutes were approved, and the corrections recorded after."""
        meeting["minutes_approved_at"] = self.moment(item, "minutes_approved_at", path)
        addenda, seen = [], {}
        limit = max_length(m.MinutesAddendum, "author_name")
        for apath, addendum in self.objects(item, "addenda", path):
            text = self.text(addendum, "text", apath, required=True)
            if "created_at" not in addendum:
                self.error(join(apath, "created_at"), _("required key is missing"))
            elif addendum["created_at"] is None:
                self.error(join(apath, "created_at"), _("must not be empty"))
            created_at = self.moment(addendum, "created_at", apath)
            author = self.text(addendum, "author", apath, limit=limit)
            if created_at is not None and text:
                key = (text, created_at.replace(microsecond=0))
                if key in seen:
                    self.error(
                        apath,
                        _("the same correction (text and time) is already in %(path)s")
                        % {"path": seen[key]},
                    )
                    continue
                seen[key] = apath
            addenda.append(
                {"path": apath, "text": text, "created_at": created_at, "author": author}
            )
        meeting["addenda"] = addenda
