import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import SORT_KEY_LENGTH, name_sort_key, normalise
from .common import announced_at, range_check
from .files import PhotoField, member_photo_name


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("probationary member")
    FULL = "full", _("full member")
    TEMPORARY = "temporary", _("temporarily attached")
    EXEMPT = "exempt", _("exempt from meetings")
    TRANSFERRED_OUT = "transferred_out", _("transferred out")
    STRUCK_OFF = "struck_off", _("struck off")
    EXPELLED = "expelled", _("expelled")
    DECEASED = "deceased", _("deceased")
    UNKNOWN = "unknown", _("unknown")


class MemberCategory(models.TextChoices):
    """A member's category on a meeting day, as counted in the minutes."""

    FULL = "full", _("full member")
    PROBATIONARY = "probationary", _("probationary member")
    TEMPORARY = "temporary", _("temporarily attached")
    EXEMPT = "exempt", _("exempt from meetings")


ACTIVE_STATUSES = (
    MemberStatus.PROBATIONARY,
    MemberStatus.FULL,
    MemberStatus.TEMPORARY,
    MemberStatus.EXEMPT,
    MemberStatus.UNKNOWN,
)


class MemberEventType(models.TextChoices):
    ADMISSION = "admission", _("admission")
    CONFIRMATION = "confirmation", _("confirmation as full member")
    TRANSFER_IN = "transfer_in", _("transfer in")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    TEMPORARY_IN = "temporary_in", _("temporary attachment in")
    TEMPORARY_OUT = "temporary_out", _("temporary attachment elsewhere")
    EXEMPTION = "exemption", _("exemption from meetings")
    STRUCK_OFF = "struck_off", _("struck off the list")
    EXPELLED = "expelled", _("expelled")
    DECEASED = "deceased", _("deceased")


def probation_end(admitted: datetime.date | None) -> datetime.date | None:
    """12 months after the admission day (Điều lệ Điều 5): confirmation is considered from then."""
    if not admitted:
        return None
    try:
        return admitted.replace(year=admitted.year + 1)
    except ValueError:  # 29 February
        return admitted.replace(year=admitted.year + 1, day=28)


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_subtree(self, organisation):
        return self.filter(organisation__path__startswith=organisation.path)


class Member(models.Model):
    """A Party member (or a candidate) with their private personal record."""

    full_name = models.CharField(_("full name"), max_length=150)
    sort_name = models.CharField(
        max_length=SORT_KEY_LENGTH, editable=False, db_index=True, default=""
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    card_number = models.CharField(
        _("Party card number"), max_length=30, null=True, blank=True, unique=True
    )
    admission_date = models.DateField(_("date of admission"), null=True, blank=True)
    confirmation_date = models.DateField(_("date confirmed as full member"), null=True, blank=True)
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("current cell"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    photo = PhotoField(_("photo"), upload_to=member_photo_name, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MemberStatus,
        default=MemberStatus.UNKNOWN,
        editable=False,
        help_text=_("Derived from the member's events."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["sort_name", "id"]
        constraints = [
            range_check(
                "member_confirmed_after_admission",
                "admission_date",
                "confirmation_date",
                _("A member cannot be confirmed before being admitted."),
            ),
            models.CheckConstraint(
                condition=~Q(card_number=""), name="member_card_number_not_empty"
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalise(self.full_name)
        self.sort_name = name_sort_key(self.full_name)
        self.card_number = normalise(self.card_number) or None
        if self.pk is None or self.status == MemberStatus.UNKNOWN:
            self.status = self.status_on(datetime.date.max, events=[] if self.pk is None else None)
        super().save(*args, **kwargs)

    @property
    def given_name(self) -> str:
        words = self.full_name.split()
        return words[-1] if words else ""

    def status_on(self, day: datetime.date, events=None) -> str:
        """The member's status on `day`, replaying their dated events in order."""
        if events is None:
            events = list(self.events.all())
        standing = None
        exempt = False
        ended = (
            MemberStatus.TRANSFERRED_OUT,
            MemberStatus.STRUCK_OFF,
            MemberStatus.EXPELLED,
            MemberStatus.DECEASED,
        )
        for event in sorted(events, key=lambda e: (e.date or datetime.date.min, e.pk or 0)):
            if event.date and event.date > day:
                break
            match event.type:
                case MemberEventType.ADMISSION:
                    standing = MemberStatus.PROBATIONARY
                case MemberEventType.CONFIRMATION:
                    standing = MemberStatus.FULL
                case MemberEventType.TRANSFER_IN:
                    standing = self._standing_on(event.date or day)
                case MemberEventType.TEMPORARY_IN:
                    standing = MemberStatus.TEMPORARY
                case MemberEventType.EXEMPTION:
                    exempt = event.end_date is None or event.end_date >= day
                case MemberEventType.TRANSFER_OUT:
                    standing = MemberStatus.TRANSFERRED_OUT
                case MemberEventType.STRUCK_OFF:
                    standing = MemberStatus.STRUCK_OFF
                case MemberEventType.EXPELLED:
                    standing = MemberStatus.EXPELLED
                case MemberEventType.DECEASED:
                    standing = MemberStatus.DECEASED
        if standing in ended:
            return standing
        if exempt:
            return MemberStatus.EXEMPT
        return standing or self._standing_on(day)

    def _standing_on(self, day: datetime.date) -> str:
        if self.confirmation_date and self.confirmation_date <= day:
            return MemberStatus.FULL
        if self.admission_date and self.admission_date <= day:
            return MemberStatus.PROBATIONARY
        return MemberStatus.UNKNOWN

    def away_on(self, day: datetime.date, events=None) -> bool:
        """Whether the member attends another organisation's meetings for a while on `day`
        (a temporary attachment elsewhere covering that day): then they are off the roll."""
        if events is None:
            events = list(self.events.all())
        away = False
        for event in sorted(events, key=lambda e: (e.date or datetime.date.min, e.pk or 0)):
            if event.date and event.date > day:
                break
            if event.type == MemberEventType.TEMPORARY_OUT:
                away = event.end_date is None or event.end_date >= day
            elif event.type in (MemberEventType.TRANSFER_IN, MemberEventType.TRANSFER_OUT):
                away = False
        return away

    def category_on(self, day: datetime.date, events=None) -> str | None:
        """The category counted in a meeting's minutes on `day`, or None if not a member."""
        status = self.status_on(day, events=events)
        if status in MemberCategory.values:
            return status
        if status == MemberStatus.UNKNOWN:
            return MemberCategory.FULL
        return None

    def refresh_status(self, removed=None):
        """Refresh the cached status, and the admission and confirmation dates from the events
        (an admission recorded at a meeting or imported dates the member's probation).

        `removed`: an event just deleted, whose date is forgotten if no other event gives one.
        """
        events = list(MemberEvent.objects.filter(member=self))  # not a prefetched, older list
        self.status = self.status_on(datetime.date.today(), events=events)
        updates = {"status": self.status}
        for kind, name in (
            (MemberEventType.ADMISSION, "admission_date"),
            (MemberEventType.CONFIRMATION, "confirmation_date"),
        ):
            dates = [e.date for e in events if e.type == kind and e.date]
            if dates:
                updates[name] = max(dates)
            elif (
                removed is not None and removed.type == kind and removed.date == getattr(self, name)
            ):
                updates[name] = None
        admitted = updates.get("admission_date", self.admission_date)
        confirmed = updates.get("confirmation_date", self.confirmation_date)
        if admitted and confirmed and confirmed < admitted:
            # A new admission after an earlier confirmation (readmitted): on probation again.
            updates["confirmation_date"] = None
        for name, value in updates.items():
            setattr(self, name, value)
        Member.objects.filter(pk=self.pk).update(**updates)

    def title_on(self, day: datetime.date, positions=None) -> str:
        """The title to print beside the member's name on `day`: positions, then job title."""
        if positions is None:
            positions = self.positions.all()
        labels = [p.label for p in positions if p.is_active_on(day)]
        if self.job_title:
            labels.append(self.job_title)
        return ", ".join(labels)

    @property
    def probation_ends(self) -> datetime.date | None:
        """The day the 12 months of probation are complete: the earliest confirmation date."""
        return probation_end(self.admission_date)


class MemberEvent(models.Model):
    """A dated change in a member's standing: admission, confirmation, transfer, exemption…"""

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Leave empty when the report gives only a number."),
    )
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="member_events",
    )
    type = models.CharField(_("event"), max_length=20, choices=MemberEventType)
    count = models.PositiveIntegerField(_("number of members"), default=1)
    date = models.DateField(_("date"), null=True, blank=True)
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For exemptions and temporary attachments.")
    )
    prior_status = models.CharField(_("prior status"), max_length=200, blank=True)
    decision = models.ForeignKey(
        "branchapp.Document",
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentor = models.CharField(_("mentor"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    meeting = announced_at("member_events", _("meeting"))
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        ordering = ["date", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="member_event_count_positive"),
            models.CheckConstraint(
                condition=Q(member__isnull=True) | Q(count=1),
                name="member_event_named_counts_one",
                violation_error_message=_("An event about a named member counts exactly one."),
            ),
            range_check("member_event_valid_range", "date", "end_date"),
        ]

    def __str__(self):
        who = self.member.full_name if self.member_id else f"{self.count}"
        return f"{self.get_type_display()}: {who}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.member_id:
            self.member.refresh_status()

    def delete(self, *args, **kwargs):
        member = self.member
        result = super().delete(*args, **kwargs)
        if member is not None:
            member.refresh_status(removed=self)
        return result


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary (Bí thư)")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary (Phó Bí thư)")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member (Đảng ủy viên)")
    CELL_COMMITTEE_MEMBER = "cell_committee_member", _("Cell committee member (Chi ủy viên)")
    INSPECTION_CHAIR = "inspection_chair", _("Inspection committee chair")
    INSPECTION_MEMBER = "inspection_member", _("Inspection committee member")
    GROUP_LEADER = "group_leader", _("Group leader (Tổ trưởng)")
    GROUP_DEPUTY = "group_deputy", _("Group deputy (Tổ phó)")
    OTHER = "other", _("other")


class Position(models.Model):
    """A post a member held in an organisation for a period (Bí thư, Chi ủy viên…)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="positions"
    )
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("position"), max_length=30, choices=PositionTitle)
    title_text = models.CharField(
        _("title as written"),
        max_length=200,
        blank=True,
        help_text=_("How the title is written, e.g. “Bí thư Đảng ủy”."),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    term = models.CharField(_("term"), max_length=30, blank=True, help_text=_("e.g. 2020-2025"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start_date", "id"]
        constraints = [
            range_check("position_valid_range", "start_date", "end_date"),
        ]

    def __str__(self):
        return f"{self.member} – {self.label}"

    @property
    def label(self) -> str:
        return self.title_text or str(self.get_title_display())

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )
