import re

from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit, Transpose
from PIL import ExifTags, Image
from simple_history.models import HistoricalRecords

from ..text import article_slug_base, first_free_slug, fold, normalise, unique_slug
from .files import PhotoField, report_photo_name

# What search calls a word of a folded text (services.search splits queries with it too).
SEARCH_WORD = re.compile(r"[^\W_]+")
MAX_SEARCH_WORD = 60
# Widths of the web renditions served in srcset.
RENDITION_WIDTHS = (480, 960, 1600)


class Category(models.Model):
    """A section of the news site, e.g. “Tin tức - Sự kiện”."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise(self.name)
        if not self.slug:
            self.slug = unique_slug(Category, self.name, instance_pk=self.pk)
        renamed = (
            self.pk is not None
            and Category.objects.filter(pk=self.pk).exclude(name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            # The section's name is part of its reports' search text.
            Report.refresh_search_documents(self.reports.all())

    def get_absolute_url(self):
        return f"{reverse('news:list')}?chuyen_muc={self.slug}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class FactPart(models.TextChoices):
    """The parts of the article's facts section (“Thông tin hội nghị”), each of which the
    secretary may switch off for one report (`Report.hidden_facts`)."""

    WHEN = "when", _("Date and time")
    PLACE = "place", _("Place and mode")
    THEME = "theme", _("Theme")
    TERM = "term", _("Term")
    PERIODS = "periods", _("Reviewed and planned periods")
    CHAIRS = "chairs", _("Chairs")
    GUESTS = "guests", _("Guests")
    ATTENDANCE = "attendance", _("Attendance figures")
    DOCUMENTS = "documents", _("Documents studied")
    ELECTION = "election", _("Election results")
    ADMISSIONS = "admissions", _("Admissions and confirmations")
    AWARDS = "awards", _("Awards")
    FIGURES = "figures", _("The year's rating figures")


class ReviewState(models.TextChoices):
    """Where a report stands in the review step (branchapp/services/reports.py)."""

    NONE = "", _("not submitted")
    SUBMITTED = "submitted", _("waiting for review")
    RETURNED = "returned", _("returned for changes")


class ReportQuerySet(models.QuerySet):
    def published(self):
        """What the public may read: published, and not scheduled for later."""
        return self.filter(status=ReportStatus.PUBLISHED, published_at__lte=timezone.now())


class Report(models.Model):
    """The public news article of a meeting, kept apart from its internal minutes."""

    meeting = models.OneToOneField(
        "branchapp.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("The opening paragraph (sapo)."))
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    author_organisation = models.CharField(_("author's organisation"), max_length=255, blank=True)
    author_user = models.ForeignKey(
        "branchapp.User",
        verbose_name=_("author's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    source_credit = models.CharField(
        _("reprint credit"), max_length=255, blank=True, help_text=_("e.g. “Theo Báo Đồng Tháp”")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the publication."),
    )
    # Keys of FactPart the secretary switched off for this article (default: every part shown).
    hidden_facts = models.JSONField(_("facts not shown"), default=list, blank=True)

    review_state = models.CharField(
        _("review"), max_length=10, choices=ReviewState, default=ReviewState.NONE, blank=True
    )
    # Accent-folded text of headline, lead, body and captions, for search.
    search_document = models.TextField(editable=False, blank=True, default="")
    # The body as the public article shows it, per language, with the fingerprint of what
    # rendered it: derived data, refreshed when its rows change (branchapp/article_html.py).
    body_html = models.JSONField(editable=False, blank=True, default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When readers last saw the article change after its publication: its text, section,
    # byline, photos and captions, the order of its body or the facts it shows were saved
    # different while it was public (services/reports.py: report_save). Not moved by saves
    # that change nothing readers see (the review step, a save with the same content).
    revised_at = models.DateTimeField(_("updated after publication"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_document", "body_html"])

    class Meta:
        verbose_name = _("news report")
        verbose_name_plural = _("news reports")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_report", _("Can publish, schedule and unpublish reports"))]
        indexes = [models.Index(fields=["status", "-published_at"], name="report_pub")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="report_published_has_time",
                violation_error_message=_("A published report needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.headline = normalise(self.headline)
        if not self.slug:
            self.slug = self.new_slug()
        if self.status == ReportStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        stored = getattr(self, "_stored_slug", None)
        super().save(*args, **kwargs)
        if stored and stored != self.slug:
            ReportAddress.objects.filter(slug=self.slug).delete()
            ReportAddress.objects.get_or_create(slug=stored, defaults={"report": self})
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The address it was read with: a changed slug keeps the old one as a redirect.
        instance._stored_slug = instance.__dict__.get("slug")
        return instance

    def new_slug(self) -> str:
        """An address from the headline and, when the headline does not name it, the
        organisation that held the meeting (its name of that day), used by no other report
        now or before (an old address keeps leading to its own article)."""
        meeting = self.meeting if self.meeting_id else None
        organisation = meeting.organisation if meeting and meeting.organisation_id else None
        name = (meeting.organisation_name if meeting else "") or getattr(organisation, "name", "")
        base = article_slug_base(self.headline, name, getattr(organisation, "short_name", ""))
        others = Report.objects.exclude(pk=self.pk) if self.pk else Report.objects.all()
        return first_free_slug(
            base,
            lambda candidate: (
                others.filter(slug=candidate).exists()
                or ReportAddress.objects.filter(slug=candidate).exclude(report_id=self.pk).exists()
            ),
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == ReportStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def build_search_document(self) -> str:
        """The folded text search reads: headline first (search cuts the folded headline out
        of its start), then lead, body, captions, and at the end the labels a reader may look
        for without their being in the text (see `search_labels`)."""
        parts = [self.headline, self.lead]
        for block in self.blocks.all():
            parts.append(block.text)
            parts.extend(block.items or [])
        for photo in self.photos.all():
            parts.append(photo.caption)
        parts.extend(self.search_labels())
        return fold(" ".join(p for p in parts if p))

    def search_labels(self) -> list[str]:
        """The meeting's kinds as the site names them in Vietnamese (“hội nghị sơ kết, tổng
        kết”), the section, and the organisation's names (of the meeting day, current, short).

        Derived data: refreshed when a report is saved, when the meeting is saved
        (`meeting_save`), and when a section or an organisation is renamed (their `save`).
        """
        from .meetings import MeetingKind

        labels = []
        meeting = self.meeting
        with translation.override("vi"):
            for tag in meeting.kinds.all():
                labels.append(str(MeetingKind(tag.kind).label))
        if self.category_id:
            labels.append(self.category.name)
        organisation = meeting.organisation
        names = [meeting.organisation_name, organisation.name, organisation.short_name]
        labels.extend(dict.fromkeys(name for name in names if name))
        return labels

    def refresh_search_document(self):
        self.search_document = self.build_search_document()
        Report.objects.filter(pk=self.pk).update(search_document=self.search_document)
        SearchWord.record(self.search_document)

    @classmethod
    def refresh_search_documents(cls, reports, batch_size: int = 500) -> int:
        """Rebuild the search text of `reports` (a queryset), a batch at a time; how many.

        For the reports of a renamed section or organisation: a few queries per batch, not
        per report.
        """
        ids = list(reports.order_by().values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            batch = list(
                cls.objects.filter(pk__in=ids[start : start + batch_size])
                .select_related("category", "meeting__organisation")
                .prefetch_related("blocks", "photos", "meeting__kinds")
            )
            for report in batch:
                report.search_document = report.build_search_document()
            cls.objects.bulk_update(batch, ["search_document"])
            SearchWord.record(" ".join(report.search_document for report in batch))
        return len(ids)


class SearchWord(models.Model):
    """A word (accent-folded, letters only) of some report's search text: what a mistyped word
    of a search is corrected to (see `selectors.search.corrected_words`). Numbers are left out:
    a number nobody wrote is not a typo of another number.

    Words are added when a report's search text is refreshed and never removed: a word no
    report holds any more only leads to a search that finds nothing, as the typo did.
    """

    word = models.CharField(_("word"), max_length=MAX_SEARCH_WORD, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word

    @classmethod
    def record(cls, document: str) -> None:
        """Add the words of a folded search document that are not known yet."""
        words = {
            w for w in SEARCH_WORD.findall(document) if w.isalpha() and len(w) <= MAX_SEARCH_WORD
        }
        cls.objects.bulk_create(
            [cls(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=500
        )


class Photo(models.Model):
    """A photo of a report, with its caption and credit, served in web sizes."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos"
    )
    # Stored cleaned under a random private name; only the renditions below are public.
    image = PhotoField(_("image"), upload_to=report_photo_name)
    # Displayed size, after the EXIF orientation is applied (as the renditions are).
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(
        "branchapp.User",
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The renditions' file names ({"webp": {"480": name, ...}, "jpeg": {...}}), worked out
    # once when the photo is saved, so that pages do not hash imagekit specs per request.
    renditions = models.JSONField(editable=False, default=dict, blank=True)

    # Web renditions: EXIF orientation applied, metadata (GPS included) not copied.
    webp_480 = ImageSpecField(
        source="image",
        processors=[Transpose(), ResizeToFit(480, upscale=False)],
        format="WEBP",
        options={"quality": 80},
    )
    webp_960 = ImageSpecField(
        source="image",
        processors=[Transpose(), ResizeToFit(960, upscale=False)],
        format="WEBP",
        options={"quality": 80},
    )
    webp_1600 = ImageSpecField(
        source="image",
        processors=[Transpose(), ResizeToFit(1600, upscale=False)],
        format="WEBP",
        options={"quality": 80},
    )
    jpeg_480 = ImageSpecField(
        source="image",
        processors=[Transpose(), ResizeToFit(480, upscale=False)],
        format="JPEG",
        options={"quality": 82, "progressive": True},
    )
    jpeg_960 = ImageSpecField(
        source="image",
        processors=[Transpose(), ResizeToFit(960, upscale=False)],
        format="JPEG",
        options={"quality": 82, "progressive": True},
    )
    jpeg_1600 = ImageSpecField(
        source="image",
        processors=[Transpose(), ResizeToFit(1600, upscale=False)],
        format="JPEG",
        options={"quality": 82, "progressive": True},
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "id"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        self.__dict__.pop("_rendition_urls", None)
        if self.image and (self.width is None or not getattr(self.image, "_committed", True)):
            self.width, self.height = upright_size(self.image)
        if self.image and not self.image._committed:
            # Store the upload now (as the field would while saving): the renditions' names
            # derive from the stored file's name.
            self.image.save(self.image.name, self.image.file, save=False)
        self.renditions = rendition_names(self.image) if self.image else {}
        super().save(*args, **kwargs)

    def rendition_urls(self) -> dict:
        """{"webp": {480: url, 960: url, 1600: url}, "jpeg": {...}}, without asking imagekit.

        From the names stored when the photo was saved; a row saved before they were stored
        (or written in bulk without them) falls back to imagekit's names.
        """
        urls = self.__dict__.get("_rendition_urls")
        if urls is None:
            names = self.renditions
            if names:
                url = default_storage.url
                urls = {
                    fmt: {int(width): url(name) for width, name in names[fmt].items()}
                    for fmt in RENDITION_FORMATS
                }
            else:
                urls = {
                    fmt: {width: getattr(self, f"{fmt}_{width}").url for width in RENDITION_WIDTHS}
                    for fmt in RENDITION_FORMATS
                }
            self.__dict__["_rendition_urls"] = urls
        return urls


RENDITION_FORMATS = ("webp", "jpeg")


def rendition_names(image_file) -> dict:
    """The cache-file names imagekit gives the renditions of `image_file` (not generated here).

    Works on the field file of a live or a historical Photo (migrations use it).
    """
    return {
        fmt: {
            str(width): getattr(Photo, f"{fmt}_{width}").get_spec(source=image_file).cachefile_name
            for width in RENDITION_WIDTHS
        }
        for fmt in RENDITION_FORMATS
    }


def upright_size(image_file) -> tuple[int, int]:
    """Width and height of an image as displayed, i.e. after its EXIF orientation."""
    image_file.open()
    image_file.seek(0)
    with Image.open(image_file) as image:
        width, height = image.size
        # Orientations 5 to 8 turn the picture a quarter, swapping its sides.
        if image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
            width, height = height, width
    image_file.seek(0)
    return width, height


class BlockType(models.TextChoices):
    PARAGRAPH = "paragraph", _("paragraph")
    HEADING = "heading", _("heading")
    LIST = "list", _("list")
    PHOTO = "photo", _("photo")
    TARGETS = "targets", _("targets table")
    AWARDS = "awards", _("awards list")


class ReportBlock(models.Model):
    """One block of a report's body, in reading order."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="blocks"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    type = models.CharField(_("type"), max_length=10, choices=BlockType)
    text = models.TextField(_("text"), blank=True)
    items = models.JSONField(_("list items"), default=list, blank=True)
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("photo"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blocks",
    )
    targets_year = models.PositiveIntegerField(_("targets of year"), null=True, blank=True)
    targets_organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("targets of organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the meeting's organisation."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report block")
        verbose_name_plural = _("report blocks")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(type__in=["paragraph", "heading"]) | ~Q(text=""),
                name="block_text_required",
                violation_error_message=_("A paragraph or heading needs its text."),
            ),
            models.CheckConstraint(
                condition=~Q(type="photo") | Q(photo__isnull=False),
                name="block_photo_required",
                violation_error_message=_("A photo block needs its photo."),
            ),
            models.CheckConstraint(
                condition=~Q(type="targets") | Q(targets_year__isnull=False),
                name="block_targets_year_required",
                violation_error_message=_("A targets table needs its year."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.get_type_display()}"


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("submitted for review")
    RETURNED = "returned", _("returned with a comment")
    PUBLISHED = "published", _("published after review")


class ReportReview(models.Model):
    """One step of a report's review: who submitted, returned or published it, when, and why."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="reviews"
    )
    action = models.CharField(_("action"), max_length=10, choices=ReviewAction)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        "branchapp.User",
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_reviews",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    # The report's version (its updated_at) the step was taken on.
    version = models.DateTimeField(_("report version"), null=True, blank=True)

    class Meta:
        verbose_name = _("report review step")
        verbose_name_plural = _("report review steps")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class ReportAddress(models.Model):
    """An address a report had before (its old slug): it redirects to the current one."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="old_addresses"
    )
    slug = models.SlugField(_("old address"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address of a report")
        verbose_name_plural = _("old addresses of reports")

    def __str__(self):
        return self.slug
