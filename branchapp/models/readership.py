"""How much the public reads each article, and the portal's home-page setting.

Views are counted in the view counter (`branchapp/viewcounter.py`, Redis in production) and
written here in batches by `services.readership.report_views_flush`. None of these models is
public content for the page cache (no rule in `page_invalidation.py`): writing counts never
empties the page cache. `PortalSettings` is, since it picks the home page's featured article.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportViews(models.Model):
    """An article's views in all, as of the last batch written."""

    report = models.OneToOneField(
        "branchapp.Report",
        verbose_name=_("news report"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="view_total",
    )
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views of an article")
        verbose_name_plural = _("views of articles")

    def __str__(self):
        return f"{self.report_id}: {self.views}"


class ReportViewDay(models.Model):
    """An article's views written on one day (the most-read list adds up the last 30 days)."""

    report = models.ForeignKey(
        "branchapp.Report",
        verbose_name=_("news report"),
        on_delete=models.CASCADE,
        related_name="view_days",
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views of an article on a day")
        verbose_name_plural = _("views of articles by day")
        constraints = [
            models.UniqueConstraint(fields=["report", "day"], name="report_view_day_unique"),
        ]
        indexes = [models.Index(fields=["day"], name="report_view_day")]

    def __str__(self):
        return f"{self.report_id} {self.day}: {self.views}"


class MostReadReport(models.Model):
    """The most-read ranking, recomputed at each batch of views written."""

    position = models.PositiveSmallIntegerField(_("position"), primary_key=True)
    report = models.ForeignKey(
        "branchapp.Report",
        verbose_name=_("news report"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    views = models.PositiveBigIntegerField(_("views in the last 30 days"), default=0)

    class Meta:
        verbose_name = _("most-read article")
        verbose_name_plural = _("most-read articles")
        ordering = ["position"]

    def __str__(self):
        return f"{self.position}. {self.report_id}"


class PortalSettings(models.Model):
    """The settings of the public portal that an administrator chooses (one row)."""

    featured_report = models.ForeignKey(
        "branchapp.Report",
        verbose_name=_("featured article on the home page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"status": "published"},
        help_text=_(
            "Shown first and largest on the home page while it is published. Left empty, the "
            "newest article with a photo is shown."
        ),
    )

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self):
        return str(_("Portal settings"))

    def save(self, *args, **kwargs):
        self.pk = 1  # one row
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "PortalSettings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
