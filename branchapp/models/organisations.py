import datetime

from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..text import normalise, unique_slug
from .common import range_check


class OrganisationKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee (đảng bộ)")
    BRANCH = "branch", _("Party cell (chi bộ)")
    GROUP = "group", _("Party group (tổ đảng)")


class ReportPublishing(models.TextChoices):
    """Who publishes the reports of an organisation's meetings (the review step)."""

    INHERIT = "", _("as the organisation above")
    DIRECT = "direct", _("its secretaries publish directly")
    REVIEW = "review", _("the committee's office reviews and publishes")


class OrganisationQuerySet(models.QuerySet):
    def subtree(self, organisation):
        """The organisation and everything below it."""
        return self.filter(path__startswith=organisation.path)

    def active_on(self, day: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Organisation(models.Model):
    """A Party organisation: a committee, a cell or a group, placed in a tree."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    code = models.CharField(
        _("code"),
        max_length=60,
        blank=True,
        help_text=_(
            "A stable identifier, e.g. the organisation's code in the member database; "
            "imports match it before the name, so two organisations with the same name stay apart."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind, default=OrganisationKind.COMMITTEE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path of ids ("12/40/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The organisation that took over after a merger, dissolution or renaming."),
    )
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Province or town written in the date line of documents, e.g. “Đồng Tháp”."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    report_publishing = models.CharField(
        _("publication of reports"),
        max_length=10,
        choices=ReportPublishing,
        default=ReportPublishing.INHERIT,
        blank=True,
        help_text=_(
            "With a review, a cell secretary submits the report and the committee's office "
            "(Văn phòng) publishes it or sends it back with a comment. Applies to the "
            "organisation and its cells, unless a cell has its own setting."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            range_check("organisation_valid_range", "valid_from", "valid_to"),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="organisation_not_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("id")), name="organisation_not_own_successor"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="organisation_code_unique",
                violation_error_message=_("Another organisation already has this code."),
            ),
        ]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        self.name = normalise(self.name)
        self.code = normalise(self.code)
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, instance_pk=self.pk)
        old_path = self.path
        renamed = (
            self.pk is not None
            and Organisation.objects.filter(pk=self.pk)
            .exclude(name=self.name, short_name=self.short_name)
            .exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            # Its names are part of the search text of its meetings' reports.
            report_model = apps.get_model("branchapp", "Report")
            report_model.refresh_search_documents(
                report_model.objects.filter(meeting__organisation=self)
            )
        parent_path = self.parent.path if self.parent_id else ""
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            depth = new_path.count("/") - 1
            Organisation.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            self.path, self.depth = new_path, depth
            if old_path:
                for child in Organisation.objects.filter(path__startswith=old_path).exclude(
                    pk=self.pk
                ):
                    child_path = new_path + child.path[len(old_path) :]
                    Organisation.objects.filter(pk=child.pk).update(
                        path=child_path, depth=child_path.count("/") - 1
                    )

    def get_absolute_url(self):
        return reverse("news:organisation", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError(
                {"parent": _("An organisation cannot be placed under itself or its own cells.")}
            )

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split("/") if part][:-1]

    def name_on(self, day: datetime.date | None) -> str:
        """The name the organisation had on `day` (from its recorded former names)."""
        if day is None:
            return self.name
        for former in self.former_names.all():
            if (former.valid_from is None or former.valid_from <= day) and (
                former.valid_to is None or day <= former.valid_to
            ):
                return former.name
        return self.name


class OrganisationName(models.Model):
    """A name an organisation carried for a period, before it was renamed."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="former_names",
    )
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["organisation", "valid_from"]
        constraints = [
            range_check("organisation_name_valid_range", "valid_from", "valid_to"),
        ]

    def __str__(self):
        return self.name
