from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import normalise
from .common import range_check
from .files import DocumentFileField, document_file_name
from .members import MemberCategory


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", _("monthly cell meeting")
    THEMATIC = "thematic", _("thematic meeting")
    PERIODIC = "periodic", _("periodic committee plenary")
    REVIEW_CONFERENCE = "review_conference", _("review conference")
    RATING = "rating", _("quality rating meeting")
    CONGRESS = "congress", _("congress")
    ADMISSION = "admission", _("admission meeting")
    CONFIRMATION = "confirmation", _("confirmation meeting")
    BADGE_CEREMONY = "badge_ceremony", _("Party badge ceremony")
    COMMITTEE_MEETING = "committee_meeting", _("committee meeting")
    EXTRAORDINARY = "extraordinary", _("extraordinary meeting")
    OTHER = "other", _("other")


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class MeetingRating(models.TextChoices):
    GOOD = "good", _("good (Tốt)")
    FAIR = "fair", _("fair (Khá)")
    AVERAGE = "average", _("average (Trung bình)")
    POOR = "poor", _("poor (Kém)")


# The attendance figures written in the minutes, in the order they are printed (Meeting fields).
ATTENDANCE_COUNTS = (
    "convened",
    "present",
    "present_full",
    "present_probationary",
    "present_temporary",
    "exempt",
    "away_elsewhere",
    "excused",
    "unexcused",
)


class AttendanceMode(models.TextChoices):
    """How a meeting's attendance is recorded: each member on the roll, or the numbers only."""

    ROLL = "roll", _("the roll, member by member")
    COUNTS = "counts", _("the numbers only")


# Fields of the minutes that approval locks (with the kinds, people, roll, documents, agenda).
MINUTES_FIELDS = (
    "organisation",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "part_of_day",
    "mode",
    "place",
    "conclusion",
    *ATTENDANCE_COUNTS,
    "attendance_mode",
)


class MeetingQuerySet(models.QuerySet):
    def for_organisations(self, organisations):
        """Meetings of the given organisations and of everything below them."""
        q = Q(pk__in=[])
        for organisation in organisations:
            q |= Q(organisation__path__startswith=organisation.path)
        return self.filter(q)


class Meeting(models.Model):
    """A meeting held by a Party organisation: its internal record (the minutes)."""

    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    organisation_name = models.CharField(
        _("organisation name on the day"),
        max_length=255,
        blank=True,
        help_text=_("Kept as the organisation was named on the meeting date."),
    )
    other_organisations = models.ManyToManyField(
        "branchapp.Organisation",
        verbose_name=_("other organisations"),
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    term = models.CharField(_("term"), max_length=30, blank=True, help_text=_("e.g. 2020-2025"))
    review_from = models.DateField(_("reviewed period from"), null=True, blank=True)
    review_to = models.DateField(_("reviewed period to"), null=True, blank=True)
    plan_from = models.DateField(_("planned period from"), null=True, blank=True)
    plan_to = models.DateField(_("planned period to"), null=True, blank=True)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    part_of_day = models.CharField(_("part of day"), max_length=10, choices=PartOfDay, blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=MeetingMode, default=MeetingMode.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    conclusion = models.TextField(_("conclusion / resolution"), blank=True)
    meeting_rating = models.CharField(
        _("meeting quality"), max_length=10, choices=MeetingRating, blank=True
    )
    # Counts for reports that give only numbers (the roll, when kept, is in Attendance).
    convened = models.PositiveIntegerField(_("members convened"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    present_full = models.PositiveIntegerField(_("present: full members"), null=True, blank=True)
    present_probationary = models.PositiveIntegerField(
        _("present: probationary members"), null=True, blank=True
    )
    present_temporary = models.PositiveIntegerField(
        _("present: temporarily attached"), null=True, blank=True
    )
    exempt = models.PositiveIntegerField(_("exempt from meetings"), null=True, blank=True)
    away_elsewhere = models.PositiveIntegerField(
        _("attending elsewhere temporarily"), null=True, blank=True
    )
    excused = models.PositiveIntegerField(_("absent with reason"), null=True, blank=True)
    unexcused = models.PositiveIntegerField(_("absent without reason"), null=True, blank=True)
    attendance_mode = models.CharField(
        _("attendance recorded as"),
        max_length=10,
        choices=AttendanceMode,
        default=AttendanceMode.ROLL,
    )
    minutes_approved_at = models.DateTimeField(
        _("minutes approved"),
        null=True,
        blank=True,
        help_text=_("Once approved, the minutes are locked; corrections become addenda."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        "branchapp.User",
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organisation", "-date"], name="meeting_org_date")]
        constraints = [
            range_check(
                "meeting_end_after_start",
                "date",
                "end_date",
                _("The end date cannot be before the meeting date."),
                low_may_be_empty=False,
            ),
            range_check(
                "meeting_review_period_range",
                "review_from",
                "review_to",
                _("The reviewed period ends before it starts."),
            ),
            range_check(
                "meeting_plan_period_range",
                "plan_from",
                "plan_to",
                _("The planned period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(present__isnull=True)
                | Q(convened__isnull=True)
                | Q(present__lte=F("convened")),
                name="meeting_present_not_above_convened",
                violation_error_message=_("More members present than convened."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.title = normalise(self.title)
        if not self.organisation_name and self.organisation_id:
            self.organisation_name = self.organisation.name_on(self.date)
        super().save(*args, **kwargs)

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at is not None

    @property
    def kind_values(self) -> list[str]:
        return [k.kind for k in self.kinds.all()]


class MeetingKindTag(models.Model):
    """One of the kinds a meeting is (a year-end plenary may also be a rating meeting)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="kinds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind)

    # Kept so a deleted meeting can be restored whole (admin restore).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="meeting_kind_unique"),
        ]

    def __str__(self):
        return str(self.get_kind_display())


class PersonRef(models.Model):
    """A person as written for one occasion: a name, the title used that day, maybe a member."""

    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("title that day"), max_length=255, blank=True)
    member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name}, {self.position}" if self.position else self.name

    def save(self, *args, **kwargs):
        if self.member_id and not self.name:
            self.name = self.member.full_name
        self.name = normalise(self.name)
        super().save(*args, **kwargs)


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MINUTE_TAKER = "minute_taker", _("minute-taker")
    GUEST = "guest", _("guest")


class MeetingPerson(PersonRef):
    """A chair, the minute-taker or a guest of a meeting, in order."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="people"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chair, minute-taker or guest")
        verbose_name_plural = _("chairs, minute-taker and guests")
        ordering = ["role", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(role="minute_taker"),
                name="meeting_one_minute_taker",
                violation_error_message=_("A meeting has one minute-taker."),
            ),
        ]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("absent with reason")
    UNEXCUSED = "unexcused", _("absent without reason")
    EXEMPT = "exempt", _("exempt")


class Attendance(models.Model):
    """One member on a meeting's roll: their category that day and whether they came."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(
        _("category that day"),
        max_length=20,
        choices=MemberCategory,
        default=MemberCategory.FULL,
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus,
        default=AttendanceStatus.PRESENT,
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="attendance_member_once",
                violation_error_message=_("This member is already on the meeting's roll."),
            ),
            models.CheckConstraint(
                condition=Q(status="excused") | Q(reason=""),
                name="attendance_reason_only_when_excused",
                violation_error_message=_("A reason is recorded only for an excused absence."),
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.member_id and not self.name:
            self.name = self.member.full_name
        self.name = normalise(self.name)
        super().save(*args, **kwargs)


class Document(models.Model):
    """A Party document: one a meeting studied, or the decision behind an award or event."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Set when the meeting studied or applied this document."),
    )
    number = models.CharField(_("number"), max_length=60, blank=True, help_text="42-HD/BTCTW")
    kind = models.CharField(_("kind"), max_length=60, blank=True, help_text=_("e.g. Hướng dẫn"))
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    file = DocumentFileField(
        _("file"),
        upload_to=document_file_name,
        blank=True,
        help_text=_("PDF, Word (DOCX), Excel (XLSX) or image. Private unless published."),
    )
    published = models.BooleanField(
        _("publish with the report"),
        default=False,
        help_text=_("The file can be downloaded from the published report."),
    )

    # Kept so a deleted meeting can be restored whole (admin restore).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "id"]

    def __str__(self):
        parts = [p for p in (self.kind, self.number) if p]
        if self.date:
            parts.append(f"{self.date:%d/%m/%Y}")
        return " ".join(parts) or self.title or str(_("document"))


class AgendaItem(models.Model):
    """An item of a meeting's agenda, with who presented it and what was concluded."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=500)
    presenter_name = models.CharField(_("presenter"), max_length=150, blank=True)
    presenter_position = models.CharField(_("presenter's title"), max_length=255, blank=True)
    presenter_member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("presenter (member)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opinion_count = models.PositiveIntegerField(_("number of opinions"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Opinion(PersonRef):
    """A named opinion given on an agenda item (internal: never published)."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="opinions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    summary = models.TextField(_("summary"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["order", "id"]


class MinutesAddendum(models.Model):
    """A correction to approved minutes, recorded beside them instead of editing them."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="addenda"
    )
    text = models.TextField(_("correction"))
    created_by = models.ForeignKey(
        "branchapp.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who recorded it, as written that day (kept when the account goes; given by an import).
    author_name = models.CharField(_("recorded by (name)"), max_length=150, blank=True)
    # Now when recorded here; an import keeps the time its file gives.
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    # Kept so a deleted meeting can be restored whole (admin restore).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes addendum")
        verbose_name_plural = _("minutes addenda")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        if not self.author_name and self.created_by_id:
            self.author_name = user_display_name(self.created_by)
        super().save(*args, **kwargs)


def user_display_name(user) -> str:
    """How an account signs what it records: its full name, else its user name."""
    return (user.get_full_name() or user.get_username()).strip()


class VoteSubject(models.TextChoices):
    """What a vote at a meeting decided; each has its majority in the dated rules."""

    RESOLUTION = "resolution", _("resolution")
    ADMISSION = "admission", _("admission of a member")
    CONFIRMATION = "confirmation", _("confirmation as full member")
    STRIKE_OFF = "strike_off", _("striking a probationary member off")
    ELECTION = "election", _("election")


class Vote(models.Model):
    """The result of one vote at a meeting (part of the minutes): how many for, against,
    abstaining, out of how many."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    subject = models.CharField(_("vote on"), max_length=20, choices=VoteSubject)
    about = models.CharField(
        _("what about"), max_length=300, help_text=_("e.g. the name of the person admitted")
    )
    in_favour = models.PositiveIntegerField(_("for"))
    against = models.PositiveIntegerField(_("against"), default=0)
    abstaining = models.PositiveIntegerField(_("abstaining"), default=0)
    out_of = models.PositiveIntegerField(
        _("out of"),
        null=True,
        blank=True,
        help_text=_("Empty: the number the rule counts from, computed from the attendance."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.get_subject_display()}: {self.about}"
